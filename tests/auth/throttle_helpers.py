"""Sign-in attempts from a given client address, for the throttling tests."""

from datetime import timedelta

from tests.helpers import EN

IP_A, IP_B = "198.51.100.7", "203.0.113.9"
GENERIC = "Unknown e-mail address or wrong password."


def attempt(client, email, password, ip=IP_A, headers=EN):
    return client.post(
        "/login", data={"email": email, "password": password}, headers=headers, environ_base={"REMOTE_ADDR": ip}
    )


def wait_message(seconds):
    return f"Too many attempts. Try again in {seconds} second{'' if seconds == 1 else 's'}."


def fail_until_delayed(client, frozen_clock, email, failures):
    """`failures` wrong passwords for `email`, each after the previous one's delay has passed and
    from another address (as a botnet would; one address meets its own limit first)."""
    statuses = []
    for n in range(failures):
        response = attempt(client, email, "helemaal verkeerd wachtwoord", f"192.0.2.{n + 1}")
        statuses.append(response.status_code)
        frozen_clock(frozen_clock.now() + timedelta(seconds=300))  # the longest delay, within a burst
    return statuses
