"""A real SMTP server (aiosmtpd on 127.0.0.1, a free port) whose behaviour a test can switch:
accept, answer 451 or 550 to the data, or drop the connection after receiving the data; it can
also hold its answer to a RSET, so that a test can kill a client between two messages."""

import asyncio
import email
import socket
import threading
import uuid
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import insert

from incidents.core import clock
from incidents.extensions import db
from incidents.outbox.models import OutboxMessage


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Handler:
    def __init__(self):
        self.reset()

    def reset(self):
        self.mode = "accept"  # accept | 451 | 550 | drop
        self.delay = 0.0  # seconds to wait after receiving the data, before answering
        self.received = []  # raw message bytes, in arrival order
        self.rset_delay = 0.0  # seconds to wait before answering a RSET
        self.rsets = 0  # RSET commands received
        self.lock = threading.Lock()

    async def handle_RSET(self, server, session, envelope):
        self.rsets += 1
        if self.rset_delay:
            await asyncio.sleep(self.rset_delay)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "451":
            return "451 4.3.0 Try again later"
        if self.mode == "550":
            return "550 5.7.1 Delivery not authorised"
        with self.lock:
            self.received.append(envelope.original_content or envelope.content)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.mode == "drop":
            # The server has the message but the client never hears so: the unknown outcome.
            server.transport.close()
        return "250 2.0.0 Queued"

    def parsed(self):
        with self.lock:
            return [email.message_from_bytes(raw, policy=policy.default) for raw in self.received]

    def message_ids(self):
        with self.lock:
            raws = list(self.received)
        return [email.message_from_bytes(raw, policy=policy.default)["Message-ID"] for raw in raws]


@pytest.fixture(scope="session")
def smtp_server():
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def smtp(smtp_server):
    smtp_server.handler.reset()
    return smtp_server.handler


@pytest.fixture
def mail_app(app, smtp_server, smtp, tmp_path, configure):
    """The app sending to the test SMTP server, with short timeouts."""
    configure(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_server.port,
        MAIL_TIMEOUT=5,
        MAIL_USE_TLS=False,
        MAIL_USE_SSL=False,
        MAIL_USERNAME=None,
        OUTBOX_DIR=str(tmp_path / "outbox"),
        MAIL_DEFAULT_SENDER="Meldpunt <meldpunt@example.org>",
    )
    return app


@pytest.fixture
def school(make_school):
    return make_school()


@pytest.fixture
def add_messages(app):
    """Insert n due messages directly (Core insert: fast for a thousand)."""

    def add(school, n, due=None, **values):
        due = due or clock.utc_now()
        rows = [
            dict(
                school_id=school.id,
                idempotency_key=f"test:{uuid.uuid4().hex}",
                kind="test",
                to_address=f"ouder{i}@example.org",
                to_name=f"Ouder {i}",
                subject=f"Bericht {i}",
                body_text=f"Beste ouder {i},\n\nTekst.",
                message_id=f"<{uuid.uuid4().hex}@meldpunt.local>",
                status="pending",
                attempts=0,
                next_attempt_at=due,
                created_at=due,
            )
            | values
            for i in range(n)
        ]
        db.session.execute(insert(OutboxMessage), rows)
        db.session.commit()
        return rows

    return add
