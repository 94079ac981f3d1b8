"""The pure pseudonymisation used by the access-request export."""

from incidents.correspondence.pseudonyms import Named, Pseudonymiser, letters

SUBJECT = Named(1, "Femke", "de Vries")
SEM = Named(2, "Sem", "Bakker")
LOTTE = Named(3, "Lotte", "de Vries")  # shares the subject's surname
NOAH = Named(4, "Noah", "Jansen")  # on the roster, not in the subject's cases
MOEDER = Named(10, "Anja", "Bakker")
OWN_MOTHER = Named(11, "Petra", "de Vries")


def make(**kw):
    defaults = dict(pupils=[SEM, LOTTE, NOAH], connected=[2, 3], parents=[(MOEDER, 2)], keep=[OWN_MOTHER])
    defaults.update(kw)
    return Pseudonymiser(SUBJECT, **defaults)


def test_letters_run_past_z():
    assert [letters(i) for i in (0, 1, 25, 26, 27, 51, 52)] == ["A", "B", "Z", "AA", "AB", "AZ", "BA"]


def test_full_first_and_last_names_become_one_consistent_label():
    p = make()
    text = p.text("Sem Bakker stuurde het bericht. Later gaf SEM toe dat bakker het had bedacht.")
    assert text == "leerling A stuurde het bericht. Later gaf leerling A toe dat leerling A het had bedacht."
    assert p.pupil(2) == "leerling A"
    assert p.text("Lotte") == "leerling B" and p.pupil(3) == "leerling B"


def test_letters_follow_first_appearance():
    p = make()
    assert p.text("Lotte en Sem") == "leerling A en leerling B"
    assert p.assigned == {3: "A", 2: "B"}


def test_only_whole_words_are_replaced():
    p = make()
    assert p.text("Semester, Bakkerij, Lottery") == "Semester, Bakkerij, Lottery"


def test_subject_and_own_parent_stay_but_shared_surname_alone_is_kept():
    p = make()
    assert p.text("Femke de Vries en haar moeder Petra de Vries") == "Femke de Vries en haar moeder Petra de Vries"
    # Lotte's full name is replaced; "de Vries" alone is the subject's own surname and stays.
    assert p.text("Lotte de Vries, familie de Vries") == "leerling A, familie de Vries"


def test_parents_of_other_pupils():
    p = make()
    assert p.text("Gesprek met Anja Bakker over Sem.") == "Gesprek met ouder van leerling A over leerling A."


def test_roster_pupils_only_by_full_name():
    p = make()
    assert p.text("Noah Jansen keek mee; Noah niet.") == "leerling A keek mee; Noah niet."


def test_names_joined_by_comma_are_two_names_not_one():
    p = Pseudonymiser(SUBJECT, pupils=[Named(5, "Jan", "Willem"), Named(6, "Jan", "Piet")], connected=[5, 6])
    assert p.text("Jan-Willem") == "leerling A"
    # "Jan" alone is ambiguous: both letters are named, neither is picked.
    assert p.text("Jan, Piet") == "leerling A/B, leerling B"


def test_labels_come_from_the_caller():
    p = make(pupil_label=lambda letter: f"pupil {letter}", parent_label=lambda label: f"parent of {label}")
    assert p.text("Anja Bakker") == "parent of pupil A"


def test_empty_and_no_names():
    assert Pseudonymiser(SUBJECT).text("Sem") == "Sem"
    assert make().text("") == "" and make().text(None) is None


def test_a_pupil_with_the_subjects_exact_name_cannot_unmask_the_subject():
    twin = Named(7, "Femke", "de Vries")
    p = Pseudonymiser(SUBJECT, pupils=[twin], connected=[7])
    assert p.text("Femke de Vries") == "Femke de Vries"
