"""The scheduler's stop request: set by SIGTERM/SIGINT, read by long jobs between two units of work.

A service manager kills a process that has not exited after its grace period (Docker 10 s,
systemd TimeoutStopSec), so a job must not finish its whole run after a stop: it finishes
what is in flight, gives back what it claimed and returns.
"""

import threading

_requested = threading.Event()


def request_stop() -> None:
    _requested.set()


def stop_requested() -> bool:
    return _requested.is_set()


def clear() -> None:
    """For tests that request a stop in-process."""
    _requested.clear()
