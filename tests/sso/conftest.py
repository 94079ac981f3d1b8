"""The SSO tests run the backend's app on a real HTTP port (werkzeug in a thread) beside a real
OpenID provider (tests/oidc), both on 127.0.0.1, and sign in with `requests` following the redirects."""

import threading
from types import SimpleNamespace

import pytest
from werkzeug.serving import make_server

from incidents.extensions import db
from incidents.sso.operations import ProviderSettings, save_provider
from tests.oidc.provider import CLIENT_ID, CLIENT_SECRET, free_port, running_provider

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def app_ports():
    """A port per backend, chosen before the provider starts: its client knows both redirect URIs."""
    return {backend: free_port() for backend in BACKENDS}


@pytest.fixture(scope="session")
def oidc_issuer(app_ports):
    with running_provider([f"http://127.0.0.1:{port}/sso/callback" for port in app_ports.values()]) as issuer:
        yield issuer


@pytest.fixture(scope="session")
def live_base(backend_app, app_ports):
    """The backend's app served on its port for the whole session (tests change it only through `app`)."""
    backend = "sqlite" if backend_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite") else "postgresql"
    server = make_server("127.0.0.1", app_ports[backend], backend_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name=f"sso-{backend}", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def sso(app, world, oidc_issuer, live_base):
    """The world's school with SSO through the local provider, for the domain baken.example; Anna
    (coordinator) is the account the provider's "anna" signs in."""
    world.coordinator.email = "anna@baken.example"
    world.director.email = "mfa@baken.example"
    provider = save_provider(
        world.school,
        ProviderSettings(
            label="Het Baken (test)",
            issuer=oidc_issuer,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            allowed_domains=["baken.example"],
            enabled=True,
            local_passwords_off=False,
        ),
        world.admin,
    )
    db.session.commit()
    return SimpleNamespace(world=world, provider=provider, base=live_base, issuer=oidc_issuer)
