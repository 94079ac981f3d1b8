"""Compiled translations for every way the app starts, not only `make run`.

Flask-Babel reads `.mo` files, which are build products (not in git). `make` compiles them; an
app started otherwise (`flask run`, gunicorn, a service unit) compiles a catalogue that is
missing or older than its `.po` here, at start-up, so the interface is Dutch either way. A
read-only installation that cannot write them is logged, and the app runs untranslated.
"""

import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)


def stale_catalogues(directory: Path) -> list[Path]:
    """The `.po` files under `directory` whose `.mo` is missing or older."""
    stale = []
    for po in sorted(directory.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            stale.append(po)
    return stale


def compile_catalogues(directories: str) -> list[Path]:
    """Compile the stale catalogues of each `;`-separated directory; returns the `.mo` written."""
    written = []
    for name in directories.split(";"):
        for po in stale_catalogues(Path(name)):
            mo = po.with_suffix(".mo")
            try:
                with po.open("rb") as source:
                    catalog = read_po(source, locale=po.parent.parent.name)
                temporary = mo.with_suffix(".mo.tmp")
                with temporary.open("wb") as target:
                    write_mo(target, catalog)
                temporary.replace(mo)  # atomic: a second worker starting at once reads a whole file
                written.append(mo)
            except OSError as error:
                log.warning("translations: cannot compile %s (%s); the interface stays untranslated", po, error)
    return written
