"""Replacing other pupils' names by "pupil A", "pupil B" ... in an access-request export.

Pure Python (no Flask, no database): the caller hands in names and label functions.
Letters are handed out in the order the pupils first appear in the export, so the same
pupil keeps the same letter everywhere in one document.

Matching works on word tokens, not on a regex alternation of names, so a school's full
roster can be passed without the cost growing with every name per character of text.
"""

import re
from dataclasses import dataclass

_WORD = re.compile(r"\w+")
# Between the words of one name only spaces, hyphens and apostrophes ("Jan-Willem", "van 't Hof").
_JOINER = re.compile(r"[\s\-'’]+")
MIN_PART = 2  # a one-letter initial would replace every "a" and "I"


@dataclass(frozen=True)
class Named:
    key: int
    first_name: str
    last_name: str

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"


def _tokens(name):
    return tuple(t.casefold() for t in _WORD.findall(name or ""))


def letters(index):
    """0 -> A, 25 -> Z, 26 -> AA, 27 -> AB ..."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def dutch_pupil(letter):
    return f"leerling {letter}"


def dutch_parent(pupil_label):
    return f"ouder van {pupil_label}"


class Pseudonymiser:
    """Replaces names of pupils other than `subject`, and of their parents.

    - `pupils`: other pupils whose full name is replaced wherever it appears;
    - `connected`: keys of the pupils whose first and last names are replaced on their own too
      (those in the subject's cases; a whole roster's first names would hit ordinary words);
    - `parents`: (parent, pupil key) pairs; the parent's full name becomes "parent of pupil X";
    - `keep`: the subject and their own parents: a word of their names is never replaced alone.
    """

    def __init__(
        self, subject, pupils=(), connected=(), parents=(), keep=(), pupil_label=dutch_pupil, parent_label=dutch_parent
    ):
        self._pupil_label = pupil_label
        self._parent_label = parent_label
        self._letters = {}
        self._subject_key = subject.key
        protected_full = {_tokens(p.full_name) for p in (subject, *keep)} - {()}
        protected_parts = {
            full[i:j] for full in protected_full for i in range(len(full)) for j in range(i + 1, len(full) + 1)
        }
        # token tuple -> ("pupil", keys) | ("parent", pupil key) | ("keep", None)
        self._names = dict.fromkeys(protected_full, ("keep", None))
        pupils = [p for p in pupils if p.key != subject.key]
        connected = set(connected)
        for parent, pupil_key in parents:
            full = _tokens(parent.full_name)
            if full and full not in protected_full:
                self._names.setdefault(full, ("parent", pupil_key))
        for pupil in pupils:
            full = _tokens(pupil.full_name)
            if full and full not in protected_full:
                self._add(full, pupil.key, overrides_parent=True)
        for pupil in pupils:
            if pupil.key not in connected:
                continue
            for part in (pupil.first_name, pupil.last_name):
                tokens = _tokens(part)
                if not tokens or len("".join(tokens)) < MIN_PART or tokens in protected_parts:
                    continue  # e.g. the subject's own surname must stay readable
                self._add(tokens, pupil.key)
        self._longest = max((len(k) for k in self._names), default=0)

    def _add(self, tokens, pupil_key, overrides_parent=False):
        kind, value = self._names.get(tokens, (None, None))
        if kind == "keep":
            return
        if kind == "pupil":
            if pupil_key not in value:
                self._names[tokens] = ("pupil", (*value, pupil_key))
        elif kind is None or overrides_parent:
            self._names[tokens] = ("pupil", (pupil_key,))

    def _letter(self, pupil_key):
        if pupil_key not in self._letters:
            self._letters[pupil_key] = letters(len(self._letters))
        return self._letters[pupil_key]

    def pupil(self, pupil_key):
        """The label of another pupil, e.g. "leerling A"."""
        return self._pupil_label(self._letter(pupil_key))

    def parent(self, pupil_key):
        """The label of a parent of another pupil, e.g. "ouder van leerling A"."""
        return self._parent_label(self.pupil(pupil_key))

    @property
    def assigned(self):
        """Pupil key -> letter, in the order handed out."""
        return dict(self._letters)

    def _label(self, entry):
        kind, value = entry
        if kind == "keep":
            return None
        if kind == "parent":
            return self.parent(value)
        if len(value) == 1:
            return self.pupil(value[0])
        # A first name shared by several pupils: say which ones it may be, never pick one.
        return self._pupil_label("/".join(self._letter(k) for k in value))

    def text(self, value):
        """`value` with every known name replaced; whole words only, case-insensitive."""
        if not value or not self._names:
            return value
        words = list(_WORD.finditer(value))
        out, pos, i = [], 0, 0
        while i < len(words):
            match = self._match_at(value, words, i)
            if match is None:
                i += 1
                continue
            n, entry = match
            label = self._label(entry)
            if label is not None:  # a protected name is consumed whole, so no part of it is replaced
                out.append(value[pos : words[i].start()])
                out.append(label)
                pos = words[i + n - 1].end()
            i += n
        out.append(value[pos:])
        return "".join(out)

    def _match_at(self, value, words, i):
        for n in range(min(self._longest, len(words) - i), 0, -1):
            # The words must be joined only by name separators ("Jan, Piet" is two names).
            if any(not _JOINER.fullmatch(value[words[j].end() : words[j + 1].start()]) for j in range(i, i + n - 1)):
                continue
            key = tuple(w.group().casefold() for w in words[i : i + n])
            entry = self._names.get(key)
            if entry is not None:
                return n, entry
        return None
