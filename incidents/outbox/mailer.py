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

    def open(self):
        """Connect (and TLS, login). Returns None, or an Outcome when the server is unusable."""
        if self.conn is not None:
            return None
        c = self.config
        try:
            if c["MAIL_USE_SSL"]:
                conn = smtplib.SMTP_SSL(c["MAIL_SERVER"], c["MAIL_PORT"], timeout=c["MAIL_TIMEOUT"],
                                        context=ssl.create_default_context())
            else:
                conn = smtplib.SMTP(c["MAIL_SERVER"], c["MAIL_PORT"], timeout=c["MAIL_TIMEOUT"])
            try:
                conn.ehlo()
                if c["MAIL_USE_TLS"] and not c["MAIL_USE_SSL"]:
                    conn.starttls(context=ssl.create_default_context())
                    conn.ehlo()
                if c["MAIL_USERNAME"]:
                    conn.login(c["MAIL_USERNAME"], c["MAIL_PASSWORD"] or "")
            except BaseException:
                _quietly_close(conn)
                raise
        except (smtplib.SMTPException, OSError) as exc:
            # Nothing was handed over: always worth another try (a wrong password included,
            # which an administrator fixes without losing the messages).
            return Outcome(TEMPORARY, _describe(exc, "connect"))
        self.conn = conn
        return None

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
            try:
                self.conn.rset()
            except (smtplib.SMTPException, OSError):
                self._drop()
        return Outcome(PERMANENT if 500 <= code < 600 else TEMPORARY, error)

    def _drop(self):
        if self.conn is not None:
            _quietly_close(self.conn)
        self.conn = None

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


def _describe(exc, step):
    code = getattr(exc, "smtp_code", None)
    detail = f"{code} {_text(exc.smtp_error)}" if code else clean_header(str(exc), 200)
    return f"{step}: {type(exc).__name__} {detail}".strip()
