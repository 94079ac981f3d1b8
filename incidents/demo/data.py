"""A demo foundation: two schools, groups, pupils with parents, staff and accounts."""

import random
from datetime import date, timedelta

from incidents.auth.demo_accounts import DEMO_PASSWORD
from incidents.auth.models import Membership, User
from incidents.auth.passwords import hash_password
from incidents.calendar.operations import fill_from_region
from incidents.calendar.regional_defaults import REGIONAL_HOLIDAYS
from incidents.demo.cases import build_demo_cases, build_primary_cases
from incidents.extensions import db
from incidents.people.models import Guardianship, Person
from incidents.schools.models import Foundation, Group, Location, School

FIRST = [
    "Sanne",
    "Daan",
    "Emma",
    "Luuk",
    "Julia",
    "Sem",
    "Tess",
    "Milan",
    "Noor",
    "Finn",
    "Lotte",
    "Jesse",
    "Fenna",
    "Thijs",
    "Anna",
    "Bram",
    "Eva",
    "Ruben",
    "Sara",
    "Lars",
    "Mila",
    "Stijn",
]
LAST = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
]
ADULT_FIRST = ["Marieke", "Peter", "Linda", "Jeroen", "Sandra", "Mark", "Ingrid", "Erik", "Monique", "Rob"]

ACCOUNTS = [
    # (email, name, role, school index)
    ("mentor@demo.meldpunt.nl", "Mirjam Mentor", "mentor", 0),
    ("coordinator@demo.meldpunt.nl", "Karin Coördinator", "coordinator", 0),
    ("director@demo.meldpunt.nl", "Dirk Directeur", "director", 0),
    ("admin@demo.meldpunt.nl", "Anton Beheer", "admin", 0),
    ("mentor2@demo.meldpunt.nl", "Maarten Mentor", "mentor", 1),
    ("director2@demo.meldpunt.nl", "Dana Directeur", "director", 1),
]


def _fill_holidays(*schools):
    """Region midden, with every school year of regional dates Meldpunt ships."""
    for school in schools:
        school.holiday_region = "midden"
        for school_year in REGIONAL_HOLIDAYS:
            fill_from_region(school, school_year)


def load_demo_data(today=None):
    today = today or date.today()
    rng = random.Random(2026)
    foundation = Foundation(name="Stichting Demo Onderwijs")
    # One special and one public school, so both objection routes show; each names its
    # anti-bullying coordinator (made-up contact details).
    secondary = School(
        foundation=foundation,
        code="DEMO-VO",
        name="Demo College",
        kind="secondary",
        legal_status="special",
        coordinator_name="Mevrouw L. de Boer",
        coordinator_email="antipesten@democollege.example",
        coordinator_phone="010 000 00 00",
    )
    primary = School(
        foundation=foundation,
        code="DEMO-PO",
        name="Basisschool De Demo",
        kind="primary",
        legal_status="public",
        coordinator_name="Meester K. Smit",
        coordinator_email="antipesten@dedemo.example",
    )
    # No second factor at the demo schools, so `make run` users are not stopped at enrolment.
    for school in (secondary, primary):
        school.second_factor_roles = []
    db.session.add_all([foundation, secondary, primary])
    north = Location(school=secondary, name="Locatie Noord")
    south = Location(school=secondary, name="Locatie Zuid")
    db.session.add_all([north, south])
    db.session.flush()
    groups = {
        secondary.id: [
            Group(school_id=secondary.id, name=n, location_id=loc.id)
            for n, loc in (("1A", north), ("2B", north), ("3C", south), ("4D", south))
        ],
        primary.id: [Group(school_id=primary.id, name=n) for n in ("Groep 6", "Groep 7", "Groep 8")],
    }
    for rows in groups.values():
        db.session.add_all(rows)
    db.session.flush()
    _fill_holidays(secondary, primary)

    number = 1000
    for school, per_group, base_age in ((secondary, 7, 12), (primary, 4, 9)):
        for index, group in enumerate(groups[school.id]):
            for _ in range(per_group):
                number += 1
                last = rng.choice(LAST)
                pupil = Person(
                    school_id=school.id,
                    kind="pupil",
                    external_number=str(number),
                    first_name=rng.choice(FIRST),
                    last_name=last,
                    group_id=group.id,
                    date_of_birth=today - timedelta(days=365 * (base_age + index) + rng.randint(0, 364)),
                )
                db.session.add(pupil)
                for p in range(rng.choice((1, 2))):
                    parent = Person(
                        school_id=school.id,
                        kind="parent",
                        first_name=rng.choice(ADULT_FIRST),
                        last_name=last,
                        email=f"ouder{number}{p}@example.org",
                        phone=f"06-{rng.randint(10000000, 99999999)}",
                    )
                    db.session.add(parent)
                    db.session.add(Guardianship(pupil=pupil, parent=parent, parental_authority=True))
    for school, titles in (
        (secondary, ("docent", "docent", "mentor", "zorgcoördinator", "teamleider", "directeur")),
        (primary, ("leerkracht", "leerkracht", "intern begeleider", "directeur")),
    ):
        for i, title in enumerate(titles):
            db.session.add(
                Person(
                    school_id=school.id,
                    kind="staff",
                    external_number=f"P{school.id}{i:03d}",
                    first_name=rng.choice(ADULT_FIRST),
                    last_name=rng.choice(LAST),
                    job_title=title,
                    email=f"medewerker{school.id}{i}@demo.meldpunt.nl",
                )
            )

    schools = [secondary, primary]
    password_hash = hash_password(DEMO_PASSWORD)
    users = {}
    for email, name, role, school_index in ACCOUNTS:
        user = User(email=email, name=name, password_hash=password_hash)
        db.session.add(user)
        db.session.flush()
        db.session.add(Membership(user_id=user.id, school_id=schools[school_index].id, role=role))
        users[email] = user
    groups[secondary.id][0].mentors.append(users["mentor@demo.meldpunt.nl"])
    groups[secondary.id][1].mentors.append(users["mentor@demo.meldpunt.nl"])
    groups[primary.id][2].mentors.append(users["mentor2@demo.meldpunt.nl"])
    db.session.flush()
    first_school = {role: users[email] for email, _name, role, index in ACCOUNTS if index == 0}
    build_demo_cases(secondary, first_school)
    second_school = {role: users[email] for email, _name, role, index in ACCOUNTS if index == 1}
    build_primary_cases(primary, second_school)
    db.session.flush()
    return schools
