"""Recording the parents' request to the Geschillencommissie and its advice on a removal.

The rules are in workflows/geschillencommissie.py; the objection decision's wait for the
advice is enforced by the sanction workflow itself, from the facts (cases/facts.py).
"""

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from incidents.core import clock
from incidents.core.concurrency import check_version, flush_or_stale
from incidents.effects.persist import persist_effects
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.followups.operations import complete_followup
from incidents.sanctions.advice_models import GeschillencommissieRequest
from incidents.sanctions.models import Sanction
from workflows import geschillencommissie as GC


def advice_request_of(sanction: Sanction) -> GeschillencommissieRequest | None:
    return db.session.scalar(
        select(GeschillencommissieRequest).where(GeschillencommissieRequest.sanction_id == sanction.id)
    )


def _touch(sanction: Sanction) -> None:
    # The sanction's version moves on, so a form opened before this step is stale.
    flag_modified(sanction, "state")


def record_advice_request(
    sanction: Sanction, user: Any, expected_version: int | None, requested_on: date
) -> GeschillencommissieRequest:
    """The commission received the parents' request on `requested_on`: recorded, with a task
    for the director to record the advice, due ten weeks later. Raises TransitionRefused."""
    check_version(sanction, expected_version)
    current = advice_request_of(sanction)
    outcome = GC.record_request(
        sanction.subject_kind,
        sanction.measure,
        sanction.state,
        sanction.decided_on,
        current.as_facts() if current is not None else None,
        requested_on,
        clock.today(),
    )
    row = GeschillencommissieRequest(
        school_id=sanction.school_id, sanction=sanction, requested_on=requested_on, recorded_by_id=user.id
    )
    db.session.add(row)
    _touch(sanction)
    persist_effects(sanction.case, outcome, sanction=sanction)
    sanction.case.log(
        "sanction.geschillencommissie_request", user, record=sanction, detail=f"requested_on={requested_on}"
    )
    flush_or_stale()
    return row


def _extend_objection_decision(sanction: Sanction, advice: GC.AdviceRequest) -> bool:
    """The objection's decision term stood still while the commission advised: its due date, and
    the director's open task to decide, move on by those days. False when no objection waits."""
    if sanction.state != "objection_filed" or sanction.objection_received_on is None:
        return False
    due = GC.decision_due_after_advice(
        sanction.objection_received_on,
        sanction.objection_deadline or sanction.objection_received_on,
        sanction.case.school.legal_status,
        advice,
    )
    sanction.objection_decision_due = due
    tasks = db.session.scalars(
        select(Followup).where(
            Followup.sanction_id == sanction.id, Followup.kind == "decide_objection", Followup.status == "open"
        )
    ).all()
    for task in tasks:
        task.due_on = due
    return True


def record_commission_advice(
    sanction: Sanction, user: Any, expected_version: int | None, received_on: date, outcome: str
) -> GeschillencommissieRequest:
    """The commission's advice arrived: recorded, and the task to wait for it is done. The board
    may now decide on the objection. Raises TransitionRefused."""
    check_version(sanction, expected_version)
    row = advice_request_of(sanction)
    advice = GC.record_advice(row.as_facts() if row is not None else None, received_on, outcome, clock.today())
    assert row is not None  # record_advice refuses a missing request
    row.advice_received_on, row.advice_outcome = advice.advice_received_on, advice.advice_outcome
    _touch(sanction)
    waiting = db.session.scalars(
        select(Followup).where(
            Followup.sanction_id == sanction.id, Followup.kind == GC.ADVICE_FOLLOWUP, Followup.status == "open"
        )
    ).all()
    for task in waiting:
        complete_followup(task, user)
    detail = f"received_on={received_on}; outcome={outcome}"
    if _extend_objection_decision(sanction, advice):
        detail += f"; objection_decision_due={sanction.objection_decision_due}"
    sanction.case.log("sanction.geschillencommissie_advice", user, record=sanction, detail=detail)
    flush_or_stale()
    return row
