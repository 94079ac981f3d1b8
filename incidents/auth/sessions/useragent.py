"""A User-Agent header reduced to browser family and operating system ("Firefox", "Windows").

Only the summary is stored: enough for a user to recognise their devices on the sessions page,
too little to fingerprint them. Order matters: Edge and Opera also say "Chrome", Chrome also
says "Safari", and Android also says "Linux".
"""

import re
from typing import NamedTuple

UNKNOWN = "?"

_BROWSERS = (
    ("Edge", re.compile(r"\bEdg(e|A|iOS)?/")),
    ("Opera", re.compile(r"\b(OPR|Opera)/")),
    ("Samsung Internet", re.compile(r"\bSamsungBrowser/")),
    ("Firefox", re.compile(r"\b(Firefox|FxiOS)/")),
    ("Chrome", re.compile(r"\b(HeadlessChrome|Chrome|Chromium|CriOS)/")),
    ("Safari", re.compile(r"\bVersion/[\d.]+.*\bSafari/")),
)

_SYSTEMS = (
    ("iOS", re.compile(r"\b(iPhone|iPad|iPod)\b")),
    ("Android", re.compile(r"\bAndroid\b")),
    ("ChromeOS", re.compile(r"\bCrOS\b")),
    ("Windows", re.compile(r"\bWindows\b")),
    ("macOS", re.compile(r"\bMac OS X\b|\bMacintosh\b")),
    ("Linux", re.compile(r"\bLinux\b")),
)


class Client(NamedTuple):
    browser: str
    os: str


def _first(patterns: tuple[tuple[str, re.Pattern[str]], ...], header: str) -> str:
    return next((name for name, pattern in patterns if pattern.search(header)), UNKNOWN)


def summarize(header: str | None) -> Client:
    """Browser family and operating system of a User-Agent header; UNKNOWN for what is not recognised."""
    header = (header or "")[:1000]  # a long header costs no more than a normal one
    return Client(browser=_first(_BROWSERS, header), os=_first(_SYSTEMS, header))
