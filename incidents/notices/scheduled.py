"""The check-in notice to parents when a case enters monitoring (aftercare)."""

from datetime import date, datetime, time

from sqlalchemy import func, select

from incidents.auth.models import User
from incidents.cases.models import Case, CaseEvent
from incidents.core import clock
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.notices import template
from incidents.notices.operations import issue_notice, notice_pupils
from incidents.people.models import Person

SEND_AT = time(8, 0)  # school time on the check-in day


def schedule_monitoring_checkin(case: Case, check_on: date, user: User | None = None) -> list[Followup]:
    """Write the check-in notices now, due at `check_on` in the outbox, and filed as
    correspondence at once. Returns the follow-ups it creates (a task to post any letters).

    The correspondence is filed pending: a notice that has not left yet does not count as the
    parents having been informed (notices/delivered.py).
    """
    user = user or db.session.get_one(User, case.handler_id or case.reported_by_id)
    # n-th time the case enters monitoring (the transition's own event is already added).
    entry = (
        db.session.scalar(
            select(func.count(CaseEvent.id)).where(
                CaseEvent.case_id == case.id, CaseEvent.kind == "case.start_monitoring"
            )
        )
        or 1
    )
    contact = case.handler.name if case.handler is not None else user.name
    send_at = clock.local_to_utc(datetime.combine(check_on, SEND_AT))
    created: list[Followup] = []
    for pupil in notice_pupils(case):

        def key_for(parent: Person, pupil: Person = pupil) -> str:
            # One check-in per entry into monitoring, parent and pupil (siblings get one each).
            return f"case:{case.id}:monitoring:{entry}:{parent.id}:{pupil.id}"

        notice = issue_notice(
            case,
            user,
            pupil,
            kind="monitoring_checkin",
            subject=template.checkin_subject(case.school),
            body=template.checkin_body(case, pupil, contact),
            next_followup_on=check_on,
            contact_person=contact,
            send_at=send_at,
            key_for=key_for,
        )
        if notice.letter_task is not None:
            created.append(notice.letter_task)
    return created
