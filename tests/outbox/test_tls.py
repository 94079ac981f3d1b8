"""SMTP over STARTTLS and implicit TLS, certificate verification and login, against real
aiosmtpd servers on 127.0.0.1 with a throwaway self-signed certificate.

A set-up the server refuses (no TLS where it is required, an untrusted certificate, a wrong
password) is a configuration error: the messages are dead at once, never sent, never retried.
"""

import logging
import smtplib
import ssl
from datetime import timedelta

import pytest
from sqlalchemy import select

from incidents.extensions import db
from incidents.outbox import delivery
from incidents.outbox.delivery import deliver_due
from incidents.outbox.mailer import PERMANENT, TEMPORARY, connect_failure_kind
from incidents.outbox.models import OutboxMessage
from tests.outbox.tls_servers import (
    PASSWORD,
    USERNAME,
    authenticator,
    make_certificate,
    server_context,
    start_server,
)


def rows():
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return make_certificate(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def starttls_server(certificate):
    controller = start_server(
        tls_context=server_context(*certificate),
        require_starttls=True,
        authenticator=authenticator,
        auth_require_tls=True,
    )
    yield controller
    controller.stop()


@pytest.fixture(scope="module")
def smtps_server(certificate):
    # aiosmtpd cannot see the implicit TLS around it, so AUTH must not ask for STARTTLS there
    # (aio-libs/aiosmtpd#281).
    controller = start_server(
        ssl_context=server_context(*certificate), authenticator=authenticator, auth_require_tls=False
    )
    yield controller
    controller.stop()


@pytest.fixture(scope="module")
def other_name_server(tmp_path_factory):
    """Presents a certificate for mail.example.org: trusted CA, wrong host for 127.0.0.1."""
    cert, key = make_certificate(tmp_path_factory.mktemp("tls-other"), names=("mail.example.org",))
    controller = start_server(tls_context=server_context(cert, key), require_starttls=True)
    controller.ca_file = str(cert)
    yield controller
    controller.stop()


@pytest.fixture
def logs(caplog, monkeypatch):
    """caplog, with the loggers alembic's fileConfig disabled (see test_scheduler.py) enabled:
    ours, and aiosmtpd's (which sees the AUTH exchange)."""
    for logger in (delivery.log, logging.getLogger("mail.log")):
        monkeypatch.setattr(logger, "disabled", False)
    return caplog


def _use(configure, controller, ca_file, **config):
    controller.handler.reset()
    configure(MAIL_PORT=controller.port, MAIL_CA_FILE=ca_file, **config)
    return controller.handler


@pytest.fixture
def starttls(mail_app, starttls_server, certificate, configure):
    return _use(configure, starttls_server, str(certificate[0]), MAIL_USE_TLS=True)


@pytest.fixture
def smtps(mail_app, smtps_server, certificate, configure):
    return _use(configure, smtps_server, str(certificate[0]), MAIL_USE_SSL=True)


def assert_dead_not_sent(handler, *fragments, count=1):
    assert [(r.status, r.attempts, r.sent_at) for r in rows()] == [("dead", 1, None)] * count
    for fragment in fragments:
        assert fragment in rows()[0].last_error
    assert handler.received == []


def assert_not_retried(frozen_clock):
    frozen_clock(frozen_clock.now() + timedelta(days=1))
    assert deliver_due().claimed == 0


# --- STARTTLS -------------------------------------------------------------------------------


def test_starttls_delivers_over_tls(mail_app, starttls, school, add_messages):
    added = add_messages(school, 2)
    assert deliver_due().outcomes["sent"] == 2
    assert [r.status for r in rows()] == ["sent", "sent"]
    assert sorted(starttls.message_ids()) == sorted(r["message_id"] for r in added)
    assert starttls.sessions == [(True, None), (True, None)]


def test_server_requiring_starttls_without_mail_use_tls_is_dead(
    mail_app, starttls, school, add_messages, frozen_clock, configure
):
    configure(MAIL_USE_TLS=False)
    add_messages(school, 2)
    deliver_due()
    # 530 to MAIL FROM: permanent, so no retries that would fail the same way for hours.
    assert_dead_not_sent(starttls, "530", "STARTTLS", count=2)
    assert_not_retried(frozen_clock)


def test_login_without_tls_to_server_requiring_it_is_dead(
    mail_app, starttls, school, add_messages, frozen_clock, configure
):
    # The server offers AUTH only after STARTTLS, so the password is never sent in the clear.
    configure(MAIL_USE_TLS=False, MAIL_USERNAME=USERNAME, MAIL_PASSWORD=PASSWORD)
    add_messages(school, 1)
    deliver_due()
    assert_dead_not_sent(starttls, "connect: SMTPNotSupportedError", "AUTH")
    assert starttls.logins == 0
    assert_not_retried(frozen_clock)


def test_mail_use_tls_against_server_without_starttls_never_falls_back_to_plain(
    mail_app, smtp, school, add_messages, configure
):
    configure(MAIL_USE_TLS=True)  # the plain test server offers no STARTTLS
    add_messages(school, 1)
    deliver_due()
    assert_dead_not_sent(smtp, "STARTTLS")


# --- implicit TLS ---------------------------------------------------------------------------


def test_implicit_tls_delivers(mail_app, smtps, school, add_messages):
    add_messages(school, 1)
    assert deliver_due().outcomes["sent"] == 1
    assert rows()[0].status == "sent"
    assert smtps.sessions == [(True, None)]


def test_implicit_tls_against_plain_port_is_dead(mail_app, smtp, school, add_messages, configure):
    configure(MAIL_USE_SSL=True)  # the plain test server: a port-587-for-465 mix-up
    add_messages(school, 1)
    deliver_due()
    assert_dead_not_sent(smtp, "WRONG_VERSION_NUMBER")


# --- certificate verification ---------------------------------------------------------------


@pytest.mark.parametrize("mode", ["starttls", "smtps"])
def test_self_signed_server_is_refused_without_ca_file(
    mode, request, mail_app, school, add_messages, frozen_clock, logs, configure
):
    handler = request.getfixturevalue(mode)
    configure(MAIL_CA_FILE=None)  # the system CAs do not know the throwaway certificate
    add_messages(school, 2)
    with logs.at_level(logging.WARNING, logger="incidents.outbox.delivery"):
        report = deliver_due()
    assert report.outcomes == {"dead": 2}
    assert_dead_not_sent(handler, "certificate not trusted", "self-signed", "MAIL_CA_FILE", count=2)
    assert "set-up refused, 2 message(s) dead" in logs.text
    assert_not_retried(frozen_clock)


def test_certificate_for_another_host_is_refused(mail_app, other_name_server, school, add_messages, configure):
    handler = _use(configure, other_name_server, other_name_server.ca_file, MAIL_USE_TLS=True)
    add_messages(school, 1)
    deliver_due()
    assert_dead_not_sent(handler, "certificate not trusted", "mismatch")


def test_unreadable_ca_file_is_a_configuration_error(mail_app, starttls, school, add_messages, tmp_path, configure):
    configure(MAIL_CA_FILE=str(tmp_path / "missing-ca.pem"))
    add_messages(school, 1)
    deliver_due()
    assert_dead_not_sent(starttls, "configuration: MAIL_CA_FILE")


# --- login ----------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["starttls", "smtps"])
def test_login_with_right_password_delivers(mode, request, mail_app, school, add_messages, configure):
    handler = request.getfixturevalue(mode)
    configure(MAIL_USERNAME=USERNAME, MAIL_PASSWORD=PASSWORD)
    add_messages(school, 2)
    assert deliver_due().outcomes["sent"] == 2
    assert handler.sessions == [(True, USERNAME), (True, USERNAME)]


@pytest.mark.parametrize("echo", [False, True], ids=["plain-535", "server-echoes-password"])
def test_wrong_password_is_dead_at_once_and_never_shown(
    echo, mail_app, starttls, school, add_messages, frozen_clock, logs, configure
):
    starttls.echo_password = echo
    wrong = "Wrong-" + PASSWORD
    configure(MAIL_USERNAME=USERNAME, MAIL_PASSWORD=wrong)
    add_messages(school, 3)
    with logs.at_level(logging.DEBUG):
        deliver_due()
    assert_dead_not_sent(starttls, "connect: SMTPAuthenticationError 535", count=3)
    # One connection for the batch: a bad password is not tried once per message (lockouts).
    assert 1 <= starttls.logins <= 2  # smtplib may try PLAIN, then LOGIN
    errors = " ".join(r.last_error for r in rows())
    assert wrong not in errors
    assert ("***" in errors) is echo
    ours = "\n".join(r.getMessage() for r in logs.records if r.name.startswith("incidents"))
    assert "set-up refused, 3 message(s) dead" in ours and wrong not in ours
    if not echo:  # the careless server logs its own reply; an ordinary one masks the AUTH lines
        assert wrong not in logs.text and "mail.log" in logs.text
    assert_not_retried(frozen_clock)


def test_failures_that_heal_by_themselves_stay_temporary():
    expired = ssl.SSLCertVerificationError("certificate has expired")
    expired.verify_code = 10
    untrusted = ssl.SSLCertVerificationError("self-signed certificate")
    untrusted.verify_code = 18
    assert connect_failure_kind(expired) == TEMPORARY
    assert connect_failure_kind(untrusted) == PERMANENT
    assert connect_failure_kind(smtplib.SMTPAuthenticationError(454, b"4.7.0 Try again later")) == TEMPORARY
    assert connect_failure_kind(smtplib.SMTPAuthenticationError(535, b"5.7.8 Invalid")) == PERMANENT
    assert connect_failure_kind(smtplib.SMTPServerDisconnected("closed")) == TEMPORARY
    assert connect_failure_kind(ConnectionRefusedError()) == TEMPORARY
