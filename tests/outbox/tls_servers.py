"""A throwaway certificate and aiosmtpd servers speaking STARTTLS, implicit TLS and AUTH."""

import os
import shutil
import ssl
import subprocess

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.outbox.conftest import Handler, free_port

OPENSSL = "/usr/bin/openssl"
USERNAME, PASSWORD = "meldpunt", "Pw-7f3c9e-geheim"

# Self-signed, so it is its own CA: trusting this file (MAIL_CA_FILE) trusts the server.
# The extensions are what a strict verifier (Python 3.13's VERIFY_X509_STRICT) wants.
_CONFIG = """\
[req]
distinguished_name = dn
x509_extensions = ext
prompt = no
[dn]
CN = {name}
[ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,digitalSignature,keyCertSign
extendedKeyUsage = serverAuth
subjectAltName = {names}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
"""


def make_certificate(directory, names=("localhost", "127.0.0.1")):
    """(cert.pem, key.pem) for the given host names / IP addresses, valid for two days."""
    openssl = OPENSSL if os.path.exists(OPENSSL) else shutil.which("openssl")
    if not openssl:
        if os.environ.get("CI"):
            pytest.fail("openssl is needed for the TLS tests and missing in CI")
        pytest.skip("openssl is not installed: cannot make a test certificate")
    config, cert, key = directory / "openssl.cnf", directory / "cert.pem", directory / "key.pem"
    alt = ",".join(f"IP:{n}" if n.replace(".", "").isdigit() else f"DNS:{n}" for n in names)
    config.write_text(_CONFIG.format(name=names[0], names=alt))
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-config",
            str(config),
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


def server_context(cert, key):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


class TlsHandler(Handler):
    """Also records, per received message, whether it came over TLS and who logged in."""

    def reset(self):
        super().reset()
        self.sessions = []  # (tls, login) per accepted message
        self.logins = 0  # AUTH attempts that reached the authenticator
        self.echo_password = False  # a careless server that quotes the password in its 535

    async def handle_DATA(self, server, session, envelope):
        tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        with self.lock:
            self.sessions.append((tls, login))
        return await super().handle_DATA(server, session, envelope)


def authenticator(server, session, envelope, mechanism, auth_data):
    handler = server.event_handler
    handler.logins += 1
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login == USERNAME.encode()
        and auth_data.password == PASSWORD.encode()
    )
    if not ok and handler.echo_password:
        return AuthResult(success=False, handled=False, message=f"535 5.7.8 {auth_data.password.decode()} is wrong")
    # handled=False: aiosmtpd answers "535 5.7.8 Authentication credentials invalid".
    return AuthResult(success=ok, handled=False, auth_data=auth_data)


def start_server(**kwargs):
    controller = Controller(TlsHandler(), hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    return controller
