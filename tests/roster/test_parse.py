"""Reading exports: encodings, separators, headers, dates (no database needed)."""

from datetime import date

import pytest

from incidents.roster.parse import RosterFileError, parse_roster
from incidents.roster.plan import parse_date, split_name
from tests.roster.conftest import PUPILS, STAFF, STAFF_HEADER, csv_bytes


@pytest.mark.parametrize("encoding, name", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("cp1252", "windows-1252")])
@pytest.mark.parametrize("sep", [";", ","])
def test_encodings_and_separators_are_read(encoding, name, sep):
    raw = csv_bytes(PUPILS, encoding=encoding, sep=sep)
    if encoding == "cp1252":
        assert "Zoë".encode() not in raw and b"Zo\xeb" in raw  # really a Windows-1252 file
    if encoding == "utf-8-sig":
        assert raw.startswith(b"\xef\xbb\xbf")
    parsed = parse_roster(raw)
    assert parsed.kind == "pupil"
    assert parsed.encoding == name
    assert parsed.delimiter == sep
    assert [r[1]["first_name"] for r in parsed.rows] == ["Zoë", "Daniël", "Sjoerd-Jan"]
    assert parsed.rows[0][1]["parent1.email"] == "jan.devries@example.org"
    assert parsed.parent_slots == [1, 2]


def test_headers_match_whatever_the_case_spacing_or_punctuation():
    raw = (
        b"LEERLINGNR,voornaam,Roepnaam, achter naam ,geboorte_datum,Groep,ouder 1 e-mailadres,"
        b"Ouder 1 naam,Favoriete kleur\n"
        b"7,Johannes,Hans,Bos,1-2-2013,5,a@example.org,Ans Bos,blauw\n"
    )
    parsed = parse_roster(raw)
    row = parsed.rows[0][1]
    assert row["number"] == "7"
    assert row["first_name"] == "Hans"  # the Roepnaam wins over Voornaam
    assert row["last_name"] == "Bos" and row["group"] == "5"
    assert row["parent1.email"] == "a@example.org" and row["parent1.name"] == "Ans Bos"
    assert set(parsed.ignored) == {"voornaam", "Favoriete kleur"}


def test_quoted_separators_and_row_numbers_as_in_a_spreadsheet():
    raw = b'Leerlingnummer,Roepnaam,Achternaam\n1,"Anna, Maria",Bos\n\n3,Bo,"de\nJong"\n4,Li,Wu\n'
    parsed = parse_roster(raw)
    assert [(n, r["first_name"]) for n, r in parsed.rows] == [(2, "Anna, Maria"), (4, "Bo"), (5, "Li")]


def test_staff_file_is_recognised():
    parsed = parse_roster(csv_bytes(STAFF, header=STAFF_HEADER, encoding="cp1252"))
    assert parsed.kind == "staff"
    assert parsed.rows[1][1]["first_name"] == "Geërt"
    assert parsed.rows[0][1]["job_title"] == "Mentor"


@pytest.mark.parametrize(
    "raw, fragment",
    [
        (b"", "empty"),
        (b"Naam;Klas\nPiet;1A\n", "Leerlingnummer"),
        (b"Leerlingnummer;Klas\n1;1A\n", "Roepnaam, Achternaam"),
        (b"Leerlingnummer;Roepnaam;Achternaam\n", "no data rows"),
        ("Leerlingnummer;Roepnaam".encode("utf-16"), "UTF-16"),
    ],
)
def test_unusable_files_are_refused_as_a_whole(raw, fragment):
    with pytest.raises(RosterFileError) as error:
        parse_roster(raw)
    assert fragment in str(error.value)


def test_dates_in_dutch_and_iso_order():
    assert parse_date("01-05-2012") == date(2012, 5, 1)
    assert parse_date("1/5/2012") == date(2012, 5, 1)
    assert parse_date("2012-05-01") == date(2012, 5, 1)
    assert parse_date("01-05-2012 00:00") == date(2012, 5, 1)
    for bad in ("31-02-2012", "2012/05/01", "1-5-12", "gisteren"):
        with pytest.raises(ValueError):
            parse_date(bad)


def test_parent_names_are_split():
    assert split_name("Jan de Vries") == ("Jan", "de Vries")
    assert split_name("Vries, Jan de") == ("Jan de", "Vries")
    assert split_name("Bakker") == ("", "Bakker")
