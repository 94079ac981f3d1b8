"""Reading a roster export: bytes -> which kind of file, which columns, which rows.

Schools' administration systems (Magister, SomToday, ParnasSys, ...) export CSV with
Dutch headers, `;` or `,` between fields, in UTF-8 (with or without BOM) or Windows-1252.
Headers are matched case-, space- and punctuation-insensitively ("Ouder1 E-mail" and
"ouder 1 e-mailadres" are the same column). See docs/roster.md for the full list.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from incidents.core.reasons import N_

MAX_PARENTS = 4


class RosterFileError(ValueError):
    """The file as a whole cannot be read (no row is to blame)."""

    def __init__(self, message, **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def normalize_header(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-z]", "", text.lower())


# alias -> field; within one field, earlier aliases win when a file has several
# (a "Roepnaam" is the name people use, so it beats "Voornaam"/"Voornamen").
COMMON = {
    "first_name": ["roepnaam", "voornaam", "firstname", "voornamen"],
    "infix": ["tussenvoegsel", "tussenvoegsels", "voorvoegsel", "voorvoegsels", "infix"],
    "last_name": ["achternaam", "geslachtsnaam", "lastname", "surname"],
    "email": ["email", "emailadres", "emailaddress"],
    "phone": ["telefoon", "telefoonnummer", "mobiel", "mobielnummer", "phone", "telephone"],
}
PUPIL = {
    "number": ["leerlingnummer", "leerlingnr", "llnr", "studentnummer", "pupilnumber", "studentnumber"],
    "date_of_birth": ["geboortedatum", "dateofbirth", "birthdate"],
    "group": ["klas", "groep", "stamgroep", "basisgroep", "stamklas", "group", "class"],
    "left_on": ["uitschrijfdatum", "datumuitschrijving", "einddatum", "lefton", "leftdate"],
}
STAFF = {
    "number": [
        "personeelsnummer",
        "personeelsnr",
        "medewerkernummer",
        "werknemernummer",
        "staffnumber",
        "employeenumber",
    ],
    "job_title": ["functie", "jobtitle", "function"],
    "left_on": ["uitdienstdatum", "datumuitdienst", "einddatumdienstverband", "einddatum", "lefton", "leftdate"],
}
PARENT = {
    "name": ["naam", "volledigenaam", "name", "fullname"],
    "first_name": ["roepnaam", "voornaam", "firstname"],
    "infix": ["tussenvoegsel", "tussenvoegsels", "voorvoegsel"],
    "last_name": ["achternaam", "lastname"],
    "email": ["email", "emailadres", "emailaddress"],
    "phone": ["telefoon", "telefoonnummer", "mobiel", "mobielnummer", "phone"],
    "authority": ["gezag", "ouderlijkgezag", "gezaghebbend", "authority", "parentalauthority"],
}
_PARENT_HEADER = re.compile(r"^(?:ouder|verzorger|parent|guardian)([1-9])(.+)$")


def _alias_table(*tables):
    out = {}
    for table in tables:
        for name, aliases in table.items():
            for rank, alias in enumerate(aliases):
                out.setdefault(alias, (name, rank))
    return out


ALIASES = {"pupil": _alias_table(COMMON, PUPIL), "staff": _alias_table(COMMON, STAFF)}
PARENT_ALIASES = _alias_table(PARENT)


@dataclass
class ParsedRoster:
    kind: str  # "pupil" or "staff"
    encoding: str
    delimiter: str
    fields: set  # canonical field names present, e.g. "group", "parent1.email"
    parent_slots: list  # parent numbers present, e.g. [1, 2]
    ignored: list  # headers we did not recognise
    rows: list = field(default_factory=list)  # (spreadsheet row number, {field: text})


def decode(raw):
    """Text and encoding name: UTF-8 (BOM or not), else Windows-1252."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RosterFileError(N_("The file is UTF-16; export it as CSV in UTF-8 or Windows-1252."))
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        raise RosterFileError(N_("The file's characters could not be read; save it as CSV in UTF-8.")) from None


def sniff_delimiter(header_line):
    """`;` or `,`: whichever splits the header line into more columns (quotes respected)."""
    counts = {d: len(next(csv.reader([header_line], delimiter=d), [])) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] > 1 else ";"


def _file_kind(normalized):
    """The file kind, pupil or staff, from the number column among the normalized headers."""
    if any(n in PUPIL["number"] for n in normalized):
        return "pupil"
    if any(n in STAFF["number"] for n in normalized):
        return "staff"
    raise RosterFileError(
        N_("The file has no Leerlingnummer (pupils) or Personeelsnummer (staff) column, so its type is unknown.")
    )


def _header_field(norm, kind):
    """(field, rank) a normalized header stands for in a file of `kind`, or None when unknown."""
    hit = ALIASES[kind].get(norm)
    if hit is None and kind == "pupil":
        match = _PARENT_HEADER.match(norm)
        if match and int(match.group(1)) <= MAX_PARENTS and match.group(2) in PARENT_ALIASES:
            name, rank = PARENT_ALIASES[match.group(2)]
            hit = (f"parent{match.group(1)}.{name}", rank)
    return hit


def _map_headers(headers):
    """Which file kind, and the column index of each field."""
    normalized = [normalize_header(h) for h in headers]
    kind = _file_kind(normalized)
    chosen = {}  # field -> (rank, index)
    ignored = []
    for index, (header, norm) in enumerate(zip(headers, normalized, strict=True)):
        hit = _header_field(norm, kind)
        if hit is None:
            if header.strip():
                ignored.append(header.strip())
            continue
        name, rank = hit
        if name not in chosen or rank < chosen[name][0]:
            if name in chosen:
                ignored.append(headers[chosen[name][1]].strip())
            chosen[name] = (rank, index)
        else:
            ignored.append(header.strip())
    columns = {name: index for name, (_rank, index) in chosen.items()}
    missing = [h for f, h in (("first_name", "Roepnaam"), ("last_name", "Achternaam")) if f not in columns]
    if missing:
        raise RosterFileError(N_("The file has no column %(columns)s."), columns=", ".join(missing))
    return kind, columns, ignored


def parse_roster(raw):
    """Parse an export; raises RosterFileError when the file as a whole is unusable."""
    text, encoding = decode(raw)
    if not text.strip():
        raise RosterFileError(N_("The file is empty."))
    first_line = text.splitlines()[0]
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error:
        raise RosterFileError(N_("The file is not valid CSV (check the quotes).")) from None
    headers = records[0]
    kind, columns, ignored = _map_headers(headers)
    parsed = ParsedRoster(
        kind=kind,
        encoding=encoding,
        delimiter=delimiter,
        fields=set(columns),
        ignored=ignored,
        parent_slots=sorted({int(f[6]) for f in columns if f.startswith("parent")}),
    )
    for number, record in enumerate(records[1:], start=2):  # header is spreadsheet row 1
        if not any(cell.strip() for cell in record):
            continue
        parsed.rows.append((number, {f: (record[i].strip() if i < len(record) else "") for f, i in columns.items()}))
    if not parsed.rows:
        raise RosterFileError(N_("The file has a header row but no data rows."))
    return parsed
