"""Which new passwords are refused (OWASP ASVS 6.2): shorter than 12 characters, one of the
20,000 most common passwords, or containing the holder's name or e-mail address. No
composition rules (no "one digit, one capital"), as ASVS and NIST SP 800-63B advise.

`common-passwords.txt` is the list Django ships (django/contrib/auth/common-passwords.txt.gz,
BSD licence): 20,000 passwords, lowercased, compiled by Royce Williams from breach corpora
(https://gist.github.com/roycewilliams/226886fd01572964e1431ac8afc999ce).
"""

import re
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

MIN_LENGTH = 12
MAX_LENGTH = 200
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt")
# Name parts shorter than this ("de", "Jo"), and the Dutch name prefixes (tussenvoegsels),
# are ordinary words: refusing every password that holds them would refuse good passphrases.
_MIN_PART = 3
_NAME_PREFIXES = frozenset({"van", "den", "der", "het", "ten", "ter", "des", "von", "del", "uit"})


@cache
def common_passwords() -> frozenset[str]:
    return frozenset(line.strip() for line in COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines() if line)


def _personal_parts(name: str, email: str) -> set[str]:
    local = email.strip().lower().partition("@")[0]
    parts = {local, *re.split(r"[\W_]+", local), *re.split(r"[\W_]+", name.lower())}
    if name.strip():
        parts.add(re.sub(r"\s+", "", name.lower()))
    return {part for part in parts if len(part) >= _MIN_PART and part not in _NAME_PREFIXES}


def password_problem(password: str, name: str, email: str) -> str | LazyString | None:
    """The reason `password` may not be used by the holder of `name` and `email`, or None."""
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(min)d characters.", min=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _l("Use at most %(max)d characters.", max=MAX_LENGTH)
    lowered = password.lower()
    if lowered in common_passwords() or lowered.strip() in common_passwords():
        return _l("This password is one of the most common passwords; choose another.")
    if any(part in lowered for part in _personal_parts(name, email)):
        return _l("Do not use your name or e-mail address in your password.")
    return None
