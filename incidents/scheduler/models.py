"""One row per scheduler name, refreshed by its heartbeat job; /healthz reads it."""

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from incidents.core.types import UTCDateTime, utcnow
from incidents.extensions import Model


class SchedulerHeartbeat(Model):
    __tablename__ = "scheduler_heartbeats"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    beat_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
