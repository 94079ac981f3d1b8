"""Start the local OpenID provider (tests/oidc/provider.mjs, node `oidc-provider`) on 127.0.0.1.

`make setup-dev` runs `npm ci` here (tests/oidc/node_modules); without node or the package the SSO
tests are skipped locally and fail in CI.
"""

import json
import os
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CLIENT_ID = "meldpunt-test"
CLIENT_SECRET = "test-client-secret-0123456789"
PASSWORD = "provider-password"

# Who can sign in at the test provider: login -> ID token claims (and `amr`).
ACCOUNTS = {
    "anna": {"claims": {"email": "anna@baken.example", "email_verified": True, "name": "Anna"}, "amr": ["pwd"]},
    "mfa": {
        "claims": {"email": "mfa@baken.example", "email_verified": True, "name": "Mfa"},
        "amr": ["pwd", "mfa"],
    },
    "unverified": {"claims": {"email": "unverified@baken.example", "email_verified": False}},
    "elsewhere": {"claims": {"email": "anna@elsewhere.example", "email_verified": True}},
    "stranger": {"claims": {"email": "stranger@baken.example", "email_verified": True}},
    # The demo coordinator, for the browser test against the demo data.
    "coordinator": {"claims": {"email": "coordinator@demo.meldpunt.nl", "email_verified": True}},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _require_node() -> str:
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "oidc-provider").is_dir():
        message = "node and tests/oidc/node_modules (npm ci in tests/oidc) are needed for the SSO tests"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return node


@contextmanager
def running_provider(redirect_uris: list[str]) -> Iterator[str]:
    """Run the provider until the block ends; yields its issuer URL."""
    node = _require_node()
    port = free_port()
    env = dict(
        os.environ,
        OIDC_PORT=str(port),
        OIDC_CLIENT=json.dumps(
            {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": redirect_uris}
        ),
        OIDC_ACCOUNTS=json.dumps({login: {"password": PASSWORD, **a} for login, a in ACCOUNTS.items()}),
    )
    process = subprocess.Popen(
        [node, str(HERE / "provider.mjs")],
        cwd=HERE,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:  # its warnings first, then "ready"
            if line.strip() == "ready":
                break
        else:
            raise RuntimeError(f"the test OpenID provider did not start (exit {process.wait()})")
        # Keep reading its output, so a full pipe never blocks the provider.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
