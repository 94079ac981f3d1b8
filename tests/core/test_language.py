"""Issue 11, point 11: every label is a translated literal; a Dutch page holds no English word."""

import ast
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask_babel import force_locale

from incidents import i18n_check
from incidents.core.timeline_notes import timeline_note
from incidents.extensions import db
from incidents.letters.registry import FILE_NAMES, KINDS
from incidents.sanctions.operations import propose_sanction

ROOT = Path(__file__).resolve().parents[2]

# English words of the vocabulary that a Dutch page must never show (codes and untranslated labels).
ENGLISH_WORDS = (
    "parent",
    "parents",
    "pupil",
    "staff",
    "suspension",
    "warning",
    "removal",
    "reprimand",
    "dismissal",
    "objection",
    "hearing",
    "proposed",
    "decided",
    "witness",
    "perpetrator",
    "target",
    "escalated",
    "timeline",
    "due",
)
ENGLISH = re.compile(r"\b(" + "|".join(ENGLISH_WORDS) + r")\b", re.IGNORECASE)
# Attributes people read or hear (screen readers); data-* and URLs are machine text.
READ_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label", "aria-description")

# Sites that translate a message marked elsewhere with N_ (a table of literals): deferred, not run-time.
DEFERRED = {
    ("incidents/core/reasons.py", "message"),
    ("incidents/core/steps.py", "STALE_MESSAGE"),
    ("incidents/calendar/messages.py", "MESSAGES[problem.code]"),
    ("incidents/roster/views.py", "e.message"),
    ("incidents/roster/views.py", "FIELD_LABELS.get(f, f)"),
}
GETTEXT_NAMES = {"_", "gettext", "_l", "lazy_gettext", "ngettext", "lazy_ngettext"}


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_words(html: str) -> set[str]:
    return {m.group(1).lower() for m in ENGLISH.finditer(visible_text(html))}


def test_the_catalogue_translates_every_msgid_without_fuzzy_guesses():
    problems, summary = i18n_check.check()
    assert problems == [], "\n".join(map(str, problems))
    assert summary and "0 problems" in summary[0]


def test_the_check_catches_an_untranslated_and_a_fuzzy_msgid(tmp_path):
    po = tmp_path / "xx" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Sign in"\nmsgstr ""\n\n#, fuzzy\nmsgid "Sign out"\nmsgstr "Uitloggen"\n',
        encoding="utf-8",
    )
    problems, _summary = i18n_check.check(translations=tmp_path)
    found = {(p.what.split(" ")[0], p.msgid) for p in problems}
    assert ("untranslated", "Sign in") in found and ("fuzzy", "Sign out") in found


def _runtime_msgids(path: Path) -> list[str]:
    """Calls of a gettext function whose first argument is not a string literal."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in GETTEXT_NAMES:
            first = node.args[0] if node.args else None
            if first is not None and not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                site = (str(path.relative_to(ROOT)), ast.unparse(first))
                if site not in DEFERRED:
                    found.append(f"{site[0]}:{node.lineno}: {site[1]}")
    return found


def test_no_python_code_asks_for_a_run_time_msgid():
    found = [use for path in sorted((ROOT / "incidents").rglob("*.py")) for use in _runtime_msgids(path)]
    assert found == []


def test_the_scan_finds_a_run_time_msgid(tmp_path, monkeypatch):
    monkeypatch.setattr("tests.core.test_language.ROOT", tmp_path)
    sample = tmp_path / "sample.py"
    sample.write_text('label = _(person.kind)\nother = _("pupil")\n', encoding="utf-8")
    assert _runtime_msgids(sample) == ["sample.py:1: person.kind"]


TEMPLATE_CALL = re.compile(r"(?<![\w.])(?:_|gettext|ngettext)\(\s*(?!['\"])")


def test_no_template_asks_for_a_run_time_msgid():
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if TEMPLATE_CALL.search(line)
    ]
    assert found == []


def test_the_timeline_note_shows_the_measure_label_in_the_reader_language(app):
    with app.test_request_context(), force_locale("nl"):
        assert str(timeline_note("sanction.propose", "Jesse Mulder: suspension")) == "Jesse Mulder: Schorsing"
        assert timeline_note("case.escalate", "Nog niet: suspension") == "Nog niet: suspension"
        assert timeline_note("sanction.propose", None) is None
    with app.test_request_context(), force_locale("en_GB"):
        assert str(timeline_note("sanction.propose", "Jesse Mulder: suspension")) == "Jesse Mulder: Suspension"


@pytest.fixture
def sanctioned_world(make_world, frozen_clock):
    """Femke (target) and Sem (alleged perpetrator, with a parent); a suspension proposed for Sem."""
    frozen_clock(datetime(2026, 11, 16, 9, 0, tzinfo=UTC))  # a Monday
    w = make_world(involved=(("femke", "target"), ("sem", "perpetrator")))
    w.sanction, _ = propose_sanction(
        w.case,
        w.director,
        "director",
        w.sem,
        "suspension",
        justification="Ernstige bedreiging.",
        start_date=date(2026, 11, 17),
        end_date=date(2026, 11, 19),
    )
    db.session.commit()
    return w


def dutch_pages(w):
    return {
        "case": f"/cases/{w.case.id}",
        "sanction": f"/sanctions/{w.sanction.id}",
        "person": f"/people/{w.sem.id}",
        "letter form": f"/cases/{w.case.id}/letters/new",
        "correspondence form": f"/cases/{w.case.id}/correspondence/new",
        "sanction form": f"/cases/{w.case.id}/sanctions/new",
        "tasks": "/tasks",
    }


def test_dutch_pages_show_no_english_vocabulary(client, login, sanctioned_world):
    w = sanctioned_world
    login(w.director)
    found = {}
    for name, url in dutch_pages(w).items():
        response = client.get(url, headers={"Accept-Language": "nl"})
        assert response.status_code == 200, url
        words = english_words(response.get_data(as_text=True))
        if words:
            found[name] = sorted(words)
    assert found == {}
    case_page = visible_text(client.get(f"/cases/{w.case.id}").get_data(as_text=True))
    assert "Sem Bakker: Schorsing" in case_page
    assert "(ouder)" in visible_text(client.get(f"/cases/{w.case.id}/letters/new").get_data(as_text=True))


def test_the_english_word_check_sees_text_and_read_attributes_only():
    html = (
        '<p data-kind="suspension"><a href="/x?kind=parent" title="Ouder">Sem (parent)</a></p>'
        '<input placeholder="warning"><script>var suspension = 1;</script>'
    )
    assert english_words(html) == {"parent", "warning"}


def test_english_dates_are_british(client, login, sanctioned_world):
    login(sanctioned_world.director)
    english = client.get(f"/cases/{sanctioned_world.case.id}?lang=en").get_data(as_text=True)
    assert "16/11/2026, 10:00" in english
    assert "11/16/26" not in english and "AM" not in english
    assert 'lang="en"' in english


def test_every_letter_has_a_dutch_file_name():
    assert set(FILE_NAMES) == set(KINDS)
    assert KINDS["suspension_decision"].file_name("2026-0001") == "brief-2026-0001-schorsingsbesluit.pdf"
    assert all(re.fullmatch(r"[a-z-]+", name) for name in FILE_NAMES.values())
