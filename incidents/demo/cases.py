"""Demo cases in every state, built through the operations so they obey the workflow rules.

Dates are relative to today: each case is reported some days ago (the clock is moved back
for that step and restored afterwards), so the lists, deadlines and tasks look current.
"""

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta

from PIL import Image
from sqlalchemy import select

from incidents.access_requests.operations import register_request
from incidents.auth.models import User
from incidents.calendar.queries import holiday_dates
from incidents.cases.models import Case
from incidents.casework.operations import NewCase, report_case
from incidents.casework.transitions import transition_case
from incidents.core import clock
from incidents.correspondence.operations import record_correspondence, record_parent_contact
from incidents.evidence.storage import StoredFile, store_stream
from incidents.extensions import db
from incidents.followups.operations import add_followup
from incidents.letters.operations import INTENT_LETTER, LetterChoice, compose, file_letter
from incidents.notices.models import NoticeRecipient
from incidents.notices.operations import acknowledge, issue_notice
from incidents.outbox import hooks
from incidents.outbox.models import OutboxMessage
from incidents.people.models import Person
from incidents.police.operations import open_police_report
from incidents.sanctions.operations import propose_sanction, transition_sanction
from incidents.schools.models import School

PNG_LIMIT = 1024 * 1024


@contextmanager
def days_ago(days: int, hour: int = 10) -> Iterator[None]:
    """Run a step as if it were `days` ago at `hour` UTC; the real clock comes back after."""
    real = clock.utc_now
    moment = datetime.combine(real().date() - timedelta(days=days), time(hour), tzinfo=UTC)
    clock.utc_now = lambda: moment  # a temporary stand-in, restored below
    try:
        yield
    finally:
        clock.utc_now = real


def screenshot(color: tuple[int, int, int]) -> StoredFile:
    """A small generated PNG, stored through the storage module so its hash is right."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), color).save(buffer, format="PNG")
    buffer.seek(0)
    return store_stream(buffer, PNG_LIMIT)


def mark_sent(notice_id: int) -> None:
    """The notice's e-mails left when it was written, as the outbox records a delivery (status
    and the sent hook that turns the filed letter into parent contact). The demo parents live at
    example.org, so nothing is left for the scheduler to send on the first `make run`."""
    db.session.flush()
    ids = select(NoticeRecipient.outbox_message_id).where(NoticeRecipient.notice_id == notice_id)
    for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))):
        message.status, message.sent_at, message.claimed_by = "sent", clock.utc_now(), "demo-data"
        db.session.flush()
        hooks.message_sent(message.kind, message.id, message.sent_at)


class DemoSchool:
    """The people and accounts of one demo school that the cases are built from."""

    def __init__(self, school: School, users: dict[str, User]) -> None:
        self.school = school
        self.users = users
        self.pupils = list(
            db.session.scalars(
                select(Person).where(Person.school_id == school.id, Person.kind == "pupil").order_by(Person.id)
            )
        )
        self.staff = list(
            db.session.scalars(
                select(Person).where(Person.school_id == school.id, Person.kind == "staff").order_by(Person.id)
            )
        )
        self._next = 0

    def two_pupils(self) -> tuple[Person, Person]:
        first, second = self.pupils[self._next % len(self.pupils)], self.pupils[(self._next + 1) % len(self.pupils)]
        self._next += 2
        return first, second

    def report(
        self, days: int, category: str, platform: str, description: str, involved: list[tuple[Person, str]]
    ) -> Case:
        reporter = self.users["mentor"]
        with days_ago(days, hour=9):
            files = [(screenshot((40 + 15 * days % 200, 90, 160)), f"schermafbeelding-{days}.png")]
            when = clock.utc_now() - timedelta(hours=20)
            case = report_case(
                self.school,
                reporter,
                NewCase(
                    category=category,
                    platform=platform,
                    occurred_at=when,
                    severity="medium",
                    description=description,
                    involved=[(p.id, role) for p, role in involved],
                    files=files,
                    captured_at=when,
                ),
            )
        return case

    def school_day(self, days: int) -> int:
        """`days`, or more: how many days ago the last school day was (no weekend or holiday), so a
        time-out or suspension falls on a day with lessons. Two months back at most; the callers
        cap it so that a measure never predates the case (in a long holiday it then falls in it)."""
        today = clock.today()
        off = holiday_dates(self.school.id, today - timedelta(days=days + 60), today)
        for back in range(days, days + 60):
            day = today - timedelta(days=back)
            if day.weekday() < 5 and day not in off:
                return back
        return days

    def step(self, case: Case, days: int, role: str, event: str, reason: str | None = None) -> None:
        with days_ago(days, hour=11):
            transition_case(case, self.users[role], role, event, case.version, reason=reason)

    def inform_parents(self, case: Case, days: int, pupils: list[Person]) -> None:
        with days_ago(days, hour=13):
            for pupil in pupils:
                record_parent_contact(
                    case,
                    self.users["mentor"],
                    pupil,
                    kind="phone",
                    occurred_on=clock.today(),
                    note="Ouders gebeld en op de hoogte gebracht.",
                )
        db.session.flush()
        db.session.expire(case, ["correspondence"])  # the close check reads the contact just filed

    def letter_in(self, case: Case, days: int, pupil: Person, subject: str, body: str) -> None:
        parent = pupil.parents[0]
        with days_ago(days, hour=15):
            record_correspondence(
                case,
                self.users["mentor"],
                kind="email",
                direction="in",
                occurred_on=clock.today(),
                subject=subject,
                body=body,
                sender=parent.full_name,
                recipient=self.school.name,
                concerns=[pupil.id, parent.id],
            )


def build_demo_cases(school: School, users: dict[str, User]) -> list[Case]:
    """About a dozen cases at the secondary school, in every state, with their records."""
    demo = DemoSchool(school, users)
    builders: list[Callable[[DemoSchool], Case]] = [
        _reported_today,
        _reported_with_access_request,
        _in_progress_with_followups,
        _in_progress_with_notices,
        _escalated_to_coordinator,
        _escalated_to_director_with_suspension,
        _escalated_with_timeout,
        _escalated_with_police_report,
        _staff_sanction,
        _monitoring,
        _closed,
        _dismissed,
    ]
    return [build(demo) for build in builders]


def build_primary_cases(school: School, users: dict[str, User]) -> list[Case]:
    """Two cases at the primary school, so its mentor and director do not start on empty lists."""
    demo = DemoSchool(school, users)
    target, perpetrator = demo.two_pupils()
    fresh = demo.report(
        1,
        "bullying",
        "whatsapp",
        "In de groepsapp van groep 8 wordt een leerling uitgescholden.",
        [(target, "target"), (perpetrator, "perpetrator")],
    )
    target, perpetrator = demo.two_pupils()
    started = demo.report(
        4,
        "private_contact",
        "tiktok",
        "Een leerling krijgt berichten van een onbekende volwassene.",
        [(target, "target"), (perpetrator, "witness")],
    )
    demo.step(started, 3, "mentor", "start")
    return [fresh, started]


def _reported_today(demo: DemoSchool) -> Case:
    target, perpetrator = demo.two_pupils()
    return demo.report(
        0,
        "bullying",
        "whatsapp",
        "In de klassenapp worden spottende stickers over een leerling gedeeld.",
        [(target, "target"), (perpetrator, "perpetrator")],
    )


def _reported_with_access_request(demo: DemoSchool) -> Case:
    target, perpetrator = demo.two_pupils()
    case = demo.report(
        2,
        "media_without_consent",
        "snapchat",
        "Een foto van een leerling in de kleedkamer is zonder toestemming doorgestuurd.",
        [(target, "target"), (perpetrator, "perpetrator")],
    )
    parent = target.parents[0]
    with days_ago(1, hour=10):
        register_request(
            target,
            parent,
            demo.users["coordinator"],
            received_on=clock.today(),
            identity_check="known_contact",
            identity_note=None,
        )
    return case


def _in_progress_with_followups(demo: DemoSchool) -> Case:
    target, perpetrator = demo.two_pupils()
    case = demo.report(
        12,
        "threats",
        "instagram",
        "Via een anoniem account krijgt een leerling dreigende berichten.",
        [(target, "target"), (perpetrator, "perpetrator")],
    )
    demo.step(case, 11, "mentor", "start")
    demo.letter_in(
        case, 10, target, "Berichten aan onze dochter", "Wij maken ons zorgen over de berichten die zij krijgt."
    )
    today = clock.today()
    mentor = demo.users["mentor"]
    add_followup(case, "manual", today - timedelta(days=3), assignee_id=mentor.id, note="Gesprek met de dader")
    add_followup(case, "manual", today, assignee_id=mentor.id, note="Terugkoppeling aan de ouders")
    add_followup(case, "manual", today + timedelta(days=5), assignee_role="coordinator", note="Evaluatie met de klas")
    return case


def _in_progress_with_notices(demo: DemoSchool) -> Case:
    target, perpetrator = demo.two_pupils()
    case = demo.report(
        6,
        "online_discussion",
        "tiktok",
        "Op TikTok is een filmpje geplaatst waarin een docent belachelijk wordt gemaakt.",
        [(target, "target"), (perpetrator, "perpetrator")],
    )
    demo.step(case, 5, "mentor", "start")
    for days, pupil in ((4, target), (3, perpetrator)):
        with days_ago(days, hour=12):
            notice = issue_notice(
                case,
                demo.users["mentor"],
                pupil,
                subject="Melding over sociale media",
                body="Wij willen u informeren over een voorval op sociale media waarbij uw kind betrokken is.",
                next_followup_on=clock.today() + timedelta(days=7),
                contact_person=demo.users["mentor"].name,
            )
            mark_sent(notice.id)
    db.session.flush()
    first = db.session.scalars(select(NoticeRecipient).where(NoticeRecipient.notice_id == notice.id)).first()
    if first is not None:
        with days_ago(2, hour=18):
            acknowledge(first)
    return case


def _escalated_to_coordinator(demo: DemoSchool) -> Case:
    target, perpetrator = demo.two_pupils()
    case = demo.report(
        9,
        "defamation",
        "instagram",
        "Een nepaccount op naam van een leerling verspreidt leugens over klasgenoten.",
        [(target, "target"), (perpetrator, "perpetrator")],
    )
    demo.step(case, 8, "mentor", "start")
    demo.step(case, 7, "mentor", "escalate")
    return case


def _escalated_to_director(demo: DemoSchool, days: int, category: str, description: str) -> tuple[Case, Person]:
    target, perpetrator = demo.two_pupils()
    case = demo.report(days, category, "whatsapp", description, [(target, "target"), (perpetrator, "perpetrator")])
    demo.step(case, days - 1, "mentor", "start")
    demo.step(case, days - 1, "mentor", "escalate")
    demo.step(case, days - 2, "coordinator", "take_over")
    demo.step(case, days - 2, "coordinator", "escalate")
    demo.inform_parents(case, days - 2, [target, perpetrator])
    return case, perpetrator


def _escalated_to_director_with_suspension(demo: DemoSchool) -> Case:
    case, perpetrator = _escalated_to_director(
        demo, 8, "threats", "Een leerling dreigt in een groepsapp een klasgenoot na school op te wachten."
    )
    director = demo.users["director"]
    with days_ago(min(demo.school_day(4), 6), hour=12):  # not before the director had the case
        start = clock.today()
        sanction, _ = propose_sanction(
            case,
            director,
            "director",
            perpetrator,
            "suspension",
            justification="Ernstige bedreiging van een medeleerling.",
            start_date=start,
            end_date=start,
        )
        transition_sanction(sanction, director, "director", "decide", sanction.version, reasons="Bedreiging")
        transition_sanction(sanction, director, "director", "notify", sanction.version)
    return case


def _escalated_with_timeout(demo: DemoSchool) -> Case:
    case, perpetrator = _escalated_to_director(
        demo, 5, "bullying", "Tijdens de les worden filmpjes van een klasgenoot rondgestuurd."
    )
    director = demo.users["director"]
    with days_ago(min(demo.school_day(1), 3), hour=11):  # not before the director had the case
        propose_sanction(
            case,
            director,
            "director",
            perpetrator,
            "timeout",
            justification="Ordeverstoring in de les.",
            start_time=time(11, 0),
        )
    return case


def _escalated_with_police_report(demo: DemoSchool) -> Case:
    case, _perpetrator = _escalated_to_director(
        demo, 10, "sexual_intimidation", "Een leerling ontvangt ongevraagd seksueel getinte foto's."
    )
    target = next(i.person for i in case.involvements if i.role == "target")
    with days_ago(6, hour=14):
        open_police_report(case, demo.users["director"], "sr139h", victim=target, known_on=clock.today())
    return case


def _staff_sanction(demo: DemoSchool) -> Case:
    target, _ = demo.two_pupils()
    employee = demo.staff[0]
    case = demo.report(
        7,
        "private_contact",
        "whatsapp",
        "Een medewerker heeft privéberichten met een leerling uitgewisseld buiten de schoolkanalen.",
        [(target, "target"), (employee, "perpetrator")],
    )
    demo.step(case, 6, "director", "take_over")
    director = demo.users["director"]
    with days_ago(3, hour=10):
        sanction, _ = propose_sanction(
            case,
            director,
            "director",
            employee,
            "reprimand",
            justification="Ongepast privécontact met een leerling.",
            grounds="Overtreding van de gedragscode sociale media.",
        )
        choice = LetterChoice(
            key=INTENT_LETTER,
            concerns=employee,
            addressee=employee,
            addressee_name=employee.full_name,
            sanction=sanction,
        )
        subject, body = compose(case, director, "director", choice)
        file_letter(case, director, choice, subject, body)
    return case


def _monitoring(demo: DemoSchool) -> Case:
    target, perpetrator = demo.two_pupils()
    case = demo.report(
        20,
        "bullying",
        "snapchat",
        "Buitensluiten uit een groepschat.",
        [(target, "target"), (perpetrator, "perpetrator")],
    )
    demo.step(case, 19, "mentor", "start")
    demo.inform_parents(case, 18, [target, perpetrator])
    demo.step(case, 10, "coordinator", "start_monitoring")
    return case


def _closed(demo: DemoSchool) -> Case:
    target, perpetrator = demo.two_pupils()
    case = demo.report(
        40,
        "personal_data",
        "whatsapp",
        "Het telefoonnummer van een leerling is in een openbare groep gedeeld.",
        [(target, "target"), (perpetrator, "perpetrator")],
    )
    demo.step(case, 39, "mentor", "start")
    demo.inform_parents(case, 38, [target, perpetrator])
    demo.letter_in(case, 30, target, "Dank voor de aanpak", "Het gaat weer goed met onze zoon, dank u wel.")
    demo.step(case, 30, "coordinator", "start_monitoring")
    demo.step(case, 14, "coordinator", "close")
    return case


def _dismissed(demo: DemoSchool) -> Case:
    target, perpetrator = demo.two_pupils()
    case = demo.report(
        15,
        "other",
        "youtube",
        "Melding van een filmpje dat achteraf niet over de school bleek te gaan.",
        [(target, "reporter"), (perpetrator, "witness")],
    )
    demo.step(case, 14, "coordinator", "dismiss", reason="Het voorval heeft niets met de school te maken.")
    return case
