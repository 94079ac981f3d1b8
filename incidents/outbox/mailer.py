"""Turning an outbox row into an RFC 5322 message and handing it to SMTP or to a file.

Every send ends in one of four outcomes: sent, temporary (retry later), permanent (dead) or
uncertain. Uncertain means the connection was lost after the server got the message data,
so it may have been delivered: only a person may decide to send it again.
"""

import hashlib
import os
import re
import smtplib
import ssl
import tempfile
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, getaddresses
from pathlib import Path

from incidents.core import clock

SENT, TEMPORARY, PERMANENT, UNCERTAIN = "sent", "temporary", "permanent", "uncertain"
# C0/C1 controls, DEL and the Unicode line/paragraph separators: any of them in a header
# could start a new header line (header injection) or confuse a mail client.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$")


@dataclass
class Outcome:
    kind: str
    error: str | None = None


class InvalidMessage(ValueError):
    """The row cannot become a message (bad address): no retry will help."""


def clean_header(value, limit=200):
    """One line of text for a header: control characters become a single space."""
    return _CONTROL.sub(" ", value or "").strip()[:limit]


def clean_address(value):
    address = _CONTROL.sub("", value or "").strip()
    if not _ADDRESS.match(address) or len(address) > 254:
        raise InvalidMessage("invalid recipient address")
    return address


def sender_address(config):
    """(display name, address) from MAIL_DEFAULT_SENDER, 'Name <addr>' or a bare address."""
    name, address = getaddresses([clean_header(config["MAIL_DEFAULT_SENDER"])])[0]
    return clean_header(name), clean_address(address)


def build_message(row, config):
    sender_name, sender = sender_address(config)
    msg = EmailMessage(policy=SMTP_POLICY)
    msg["From"] = Address(display_name=sender_name, addr_spec=sender)
    msg["To"] = Address(display_name=clean_header(row.to_name), addr_spec=clean_address(row.to_address))
    msg["Subject"] = clean_header(row.subject)
    msg["Date"] = format_datetime(clock.utc_now())
    msg["Message-ID"] = clean_header(row.message_id)
    msg["Auto-Submitted"] = "auto-generated"
    _set_body(msg, row.body_text, "plain")
    if row.body_html:
        msg.add_alternative(row.body_html, subtype="html", cte=_cte(row.body_html))
    return msg, sender


def _cte(text):
    # 7-bit safe on the wire: an SMTP server need not accept 8BITMIME.
    return "7bit" if text.isascii() and all(len(line) < 990 for line in text.splitlines()) else "quoted-printable"


def _set_body(msg, text, subtype):
    msg.set_content(text, subtype=subtype, cte=_cte(text))


def message_bytes(msg):
    return msg.as_bytes(policy=SMTP_POLICY)


# --- transports ---------------------------------------------------------------------------


class FileTransport:
    """MAIL_SERVER unset: every message becomes <OUTBOX_DIR>/<id>-<hash>.eml (written atomically)."""

    description = "files"

    def __init__(self, config):
        self.directory = Path(config["OUTBOX_DIR"])

    def open(self):
        self.directory.mkdir(parents=True, exist_ok=True)
        return None

    def send(self, row, data, sender, recipient):
        digest = hashlib.sha256(data).hexdigest()[:16]
        target = self.directory / f"{row.id}-{digest}.eml"
        fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            return Outcome(TEMPORARY, f"file: {type(exc).__name__}")
        return Outcome(SENT)

    def close(self):
        pass


class SmtpTransport:
    """One SMTP connection reused for a batch; reconnects after a failure."""

    description = "smtp"

    def __init__(self, config):
        self.config = config
        self.conn = None
        self._context = None
        # After a refusal the transaction is reset before the next message, not before the
        # refusal is returned: its outcome must be recorded first (a kill may come any time).
        self._needs_reset = False

    def open(self):
        """Connect (and TLS, login). Returns None, or an Outcome when the server is unusable."""
        if self.conn is not None and self._needs_reset:
            self._needs_reset = False
            try:
                self.conn.rset()
            except (smtplib.SMTPException, OSError):
                self._drop()
        if self.conn is not None:
            return None
        c = self.config
        try:
            context = self._tls_context()
        except OSError as exc:  # ssl.SSLError is an OSError too: a missing or unreadable MAIL_CA_FILE
            return Outcome(PERMANENT, f"configuration: MAIL_CA_FILE cannot be used ({type(exc).__name__})")
        try:
            if c["MAIL_USE_SSL"]:
                conn = smtplib.SMTP_SSL(c["MAIL_SERVER"], c["MAIL_PORT"], timeout=c["MAIL_TIMEOUT"], context=context)
            else:
                conn = smtplib.SMTP(c["MAIL_SERVER"], c["MAIL_PORT"], timeout=c["MAIL_TIMEOUT"])
            try:
                conn.ehlo()
                if c["MAIL_USE_TLS"] and not c["MAIL_USE_SSL"]:
                    # Raises when the server offers no STARTTLS: never fall back to plain text.
                    conn.starttls(context=context)
                    conn.ehlo()
                if c["MAIL_USERNAME"]:
                    conn.login(c["MAIL_USERNAME"], c["MAIL_PASSWORD"] or "")
            except BaseException:
                _quietly_close(conn)
                raise
        except (smtplib.SMTPException, OSError) as exc:
            return Outcome(connect_failure_kind(exc), _describe(exc, "connect", secret=c.get("MAIL_PASSWORD")))
        self.conn = conn
        return None

    def _tls_context(self):
        """Verifies the server certificate and host name, always. MAIL_CA_FILE replaces the
        system's CA certificates (a school's own CA); verification is never switched off."""
        if not (self.config["MAIL_USE_SSL"] or self.config["MAIL_USE_TLS"]):
            return None
        if self._context is None:
            self._context = ssl.create_default_context(cafile=self.config.get("MAIL_CA_FILE") or None)
        return self._context

    def send(self, row, data, sender, recipient):
        conn = self.conn
        try:
            code, reply = conn.mail(sender)
            if code != 250:
                return self._refused(code, reply, "MAIL FROM")
            code, reply = conn.rcpt(recipient)
            if code not in (250, 251):
                return self._refused(code, reply, "RCPT TO")
            conn.putcmd("data")
            code, reply = conn.getreply()
            if code != 354:
                return self._refused(code, reply, "DATA")
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            return Outcome(TEMPORARY, _describe(exc, "before data"))
        # From here on the server may have the message: a lost connection is not a failure
        # we may retry, because the message could already be on its way.
        try:
            payload = re.sub(rb"(?m)^\.", b"..", data)
            if not payload.endswith(b"\r\n"):
                payload += b"\r\n"
            conn.send(payload + b".\r\n")
            code, reply = conn.getreply()
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            return Outcome(UNCERTAIN, _describe(exc, "after data"))
        if code == 250:
            return Outcome(SENT)
        return self._refused(code, reply, "end of data")

    def _refused(self, code, reply, step):
        error = f"{step}: {code} {_text(reply)}"
        if code == 421 or code < 400:  # 421: the server closes the connection
            self._drop()
        else:
            self._needs_reset = True
        return Outcome(PERMANENT if 500 <= code < 600 else TEMPORARY, error)

    def _drop(self):
        if self.conn is not None:
            _quietly_close(self.conn)
        self.conn = None
        self._needs_reset = False

    def close(self):
        if self.conn is not None:
            try:
                self.conn.quit()
            except (smtplib.SMTPException, OSError):
                pass
        self._drop()


def transport_for(config):
    return SmtpTransport(config) if config.get("MAIL_SERVER") else FileTransport(config)


def _quietly_close(conn):
    try:
        conn.close()
    except OSError:
        pass


def _text(reply):
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    return clean_header(str(reply), 300)


# OpenSSL's "certificate has expired" and "not yet valid": the mail server's administrator
# renews it, so those are worth retrying; an unknown CA or a wrong host name is not.
_CERT_TIME_ERRORS = {9, 10}


def connect_failure_kind(exc):
    """Whether a failure to connect, secure or log in may heal by itself.

    A server that refuses our set-up with a 5xx (535 wrong password, 530 STARTTLS required,
    554 at the greeting), that lacks STARTTLS or AUTH although we are configured to use them,
    that does not speak TLS on a MAIL_USE_SSL port, or whose certificate we do not trust,
    will refuse every retry the same way until someone changes the configuration. Retrying
    with backoff would only hide the problem for hours (and repeated bad logins can lock the
    mail account), so these are permanent: the messages become "dead" at once with the reason
    in last_error, and are resent by hand from the outbox page once the setting is fixed.
    Network trouble, timeouts and 4xx replies stay temporary.
    """
    if isinstance(exc, ssl.SSLCertVerificationError):
        return TEMPORARY if exc.verify_code in _CERT_TIME_ERRORS else PERMANENT
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return PERMANENT
    if isinstance(exc, ssl.SSLError) and exc.reason == "WRONG_VERSION_NUMBER":
        return PERMANENT  # MAIL_USE_SSL against a plain-text port (587 or 25 instead of 465)
    code = getattr(exc, "smtp_code", None)
    return PERMANENT if isinstance(code, int) and 500 <= code < 600 else TEMPORARY


def _describe(exc, step, secret=None):
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, ssl.SSLCertVerificationError):
        detail = f"server certificate not trusted: {clean_header(exc.verify_message, 100)} (see MAIL_CA_FILE)"
    elif code:
        detail = f"{code} {_text(exc.smtp_error)}"
    else:
        detail = clean_header(str(exc), 200)
    text = f"{step}: {type(exc).__name__} {detail}".strip()
    # A server may echo what it was sent; the password must not reach the database or logs.
    return text.replace(secret, "***") if secret else text
