"""Translation gate: every message the code uses is in each catalogue, translated and not fuzzy.

Run from the project root as ``python -m incidents.i18n_check`` (``make i18n-check``). The msgids are
English, so English needs no catalogue; each ``translations/<locale>/LC_MESSAGES/messages.po`` (today
only Dutch, the default language) must hold every msgid that ``pybabel extract`` finds with
``translations/babel.cfg`` and the keywords of translations/README.md. Exit status 1 lists each problem
as ``file:line: what: "msgid"``, so editors can jump to it.
"""

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
BABEL_CFG = TRANSLATIONS / "babel.cfg"
# The -k options of the extract command in translations/README.md, beside babel's defaults (_, gettext, ...).
EXTRA_KEYWORDS = ("_l", "lazy_gettext", "N_")

MsgKey = tuple[str, str | None]  # (msgid, msgctxt)


@dataclass(frozen=True)
class Use:
    """Where the code asks for a message."""

    msgid: str
    context: str | None
    filename: str
    lineno: int


@dataclass(frozen=True)
class Problem:
    filename: str
    lineno: int | None
    what: str
    msgid: str

    def __str__(self) -> str:
        where = f"{self.filename}:{self.lineno}" if self.lineno else self.filename
        return f"{where}: {self.what}: {_short(self.msgid)}"


def _short(msgid: str, limit: int = 100) -> str:
    text = msgid.replace("\n", "\\n")
    return '"' + (text if len(text) <= limit else text[: limit - 3] + "...") + '"'


def _singular(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def extracted_uses(root: Path = ROOT) -> list[Use]:
    """The messages `pybabel extract -F translations/babel.cfg -k _l -k lazy_gettext -k N_ .` finds."""
    with BABEL_CFG.open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg, str(BABEL_CFG))
    keywords = {**DEFAULT_KEYWORDS, **parse_keywords(list(EXTRA_KEYWORDS))}
    uses = []
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(root), method_map, options_map, keywords=keywords
    ):
        msgid = _singular(message)
        if msgid:  # babel skips empty msgids when it writes the template, so do we
            uses.append(Use(msgid, context, filename, lineno))
    return uses


def _untranslated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    return not all(strings)


def catalogue_problems(po_path: Path, catalog: Catalog) -> Iterator[Problem]:
    rel = str(po_path.relative_to(ROOT)) if po_path.is_relative_to(ROOT) else str(po_path)
    if catalog.fuzzy:
        yield Problem(rel, 1, "header marked fuzzy (pybabel compile would skip the whole file)", "")
    for message in catalog:
        if not message.id:
            continue  # the header
        msgid = _singular(message.id)
        used_at = ", ".join(f"{f}:{n}" for f, n in message.locations[:3])
        suffix = f" (used at {used_at})" if used_at else ""
        if message.fuzzy:
            yield Problem(rel, message.lineno, "fuzzy" + suffix, msgid)
        elif _untranslated(message):
            yield Problem(rel, message.lineno, "untranslated" + suffix, msgid)
    # Babel's own checks, as `pybabel compile` runs them (placeholders, plural forms).
    for message, errors in catalog.check():
        for error in errors:
            yield Problem(rel, message.lineno, f"invalid translation ({error})", _singular(message.id))


def missing_problems(po_path: Path, catalog: Catalog, uses: list[Use]) -> Iterator[Problem]:
    rel = str(po_path.relative_to(ROOT)) if po_path.is_relative_to(ROOT) else str(po_path)
    known: set[MsgKey] = {(_singular(m.id), m.context) for m in catalog if m.id}
    for use in uses:
        if (use.msgid, use.context) not in known:
            yield Problem(use.filename, use.lineno, f"not in {rel}", use.msgid)


def catalogues(translations: Path = TRANSLATIONS) -> list[Path]:
    return sorted(translations.glob("*/LC_MESSAGES/messages.po"))


def check(translations: Path = TRANSLATIONS, root: Path = ROOT) -> tuple[list[Problem], list[str]]:
    """All problems, and one summary line per catalogue."""
    uses = extracted_uses(root)
    problems: list[Problem] = []
    summary: list[str] = []
    paths = catalogues(translations)
    if not uses:  # a broken babel.cfg must not make the gate pass on nothing
        problems.append(Problem(str(BABEL_CFG.relative_to(ROOT)), None, "extraction found no messages", ""))
    if not paths:
        problems.append(Problem(str(translations), None, "no catalogue found", "*/LC_MESSAGES/messages.po"))
    for po_path in paths:
        with po_path.open("rb") as po:
            catalog = read_po(po)
        found = list(catalogue_problems(po_path, catalog)) + list(missing_problems(po_path, catalog, uses))
        problems += found
        used = {(u.msgid, u.context) for u in uses}
        unused = sum(1 for m in catalog if m.id and (_singular(m.id), m.context) not in used)
        summary.append(
            f"{po_path.parent.parent.name}: {sum(1 for m in catalog if m.id)} msgids, {len(found)} problems"
            + (f", {unused} no longer used (pybabel update marks them obsolete)" if unused else "")
        )
    return problems, summary


def main() -> int:
    problems, summary = check()
    for problem in problems:
        print(problem)
    for line in summary:
        print(f"i18n-check: {line}")
    if problems:
        print(f"i18n-check: {len(problems)} problems; see translations/README.md")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
