"""Case workflow: transition table over (state, event, role) and the closing rules."""

from datetime import date
from types import SimpleNamespace

import pytest

from workflows import case
from workflows.errors import TransitionRefused

TODAY = date(2025, 3, 3)
ROLES = ("mentor", "coordinator", "director", "admin")
STAFF = {"coordinator", "director"}

# Expected table, written from the protocol: event -> ({source: target}, roles).
TABLE = {
    "start": ({"reported": "in_progress"}, {"mentor", "coordinator", "director"}),
    "escalate": (
        {"in_progress": "escalated", "escalated": "escalated", "monitoring": "escalated"},
        {"mentor", "coordinator"},
    ),
    "take_over": ({"reported": "escalated", "in_progress": "escalated", "escalated": "escalated"}, STAFF),
    "start_monitoring": ({"in_progress": "monitoring", "escalated": "monitoring"}, STAFF),
    "close": ({"in_progress": "closed", "escalated": "closed", "monitoring": "closed"}, STAFF),
    "dismiss": ({"reported": "dismissed", "in_progress": "dismissed", "escalated": "dismissed"}, STAFF),
    "reopen": ({"closed": "in_progress"}, STAFF),
}
STATES = ("reported", "in_progress", "escalated", "monitoring", "closed", "dismissed")


def facts(**kw):
    return case.CaseFacts(today=TODAY, **kw)


def model(state):
    return SimpleNamespace(state=state)


def test_machine_declares_exactly_the_expected_states_and_events():
    assert set(case.STATES) == set(STATES)
    assert set(case.EVENTS) == set(TABLE)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("event", sorted(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_transition_table(state, event, role):
    targets, roles = TABLE[event]
    m = model(state)
    options = {o.event: o for o in case.available(state, role, facts())}
    if role not in roles or state not in targets:
        expected = [
            r for r, bad in (("role_not_allowed", role not in roles), ("invalid_state", state not in targets)) if bad
        ]
        with pytest.raises(TransitionRefused) as exc:
            case.fire(m, event, role, facts(), reason="why")
        assert list(exc.value.reasons) == expected
        assert m.state == state
        assert event not in options
    else:
        case.fire(m, event, role, facts(), reason="why")
        assert m.state == targets[state]
        assert options[event].allowed


def test_new_case_starts_reported():
    m = model(None)
    assert case.new(m) == "reported" and m.state == "reported"


def test_unknown_event_and_role_refusal_is_forbidden():
    with pytest.raises(TransitionRefused) as exc:
        case.fire(model("reported"), "explode", "director", facts())
    assert exc.value.reasons == ("unknown_event",)
    with pytest.raises(TransitionRefused) as exc:
        case.fire(model("reported"), "close", "mentor", facts())
    assert exc.value.forbidden


def test_mentor_escalates_to_coordinator_only():
    out = case.fire(model("in_progress"), "escalate", "mentor", facts(escalation_level=0))
    assert out.escalation_level == 1 and out.target == "escalated"
    with pytest.raises(TransitionRefused) as exc:
        case.fire(model("escalated"), "escalate", "mentor", facts(escalation_level=1))
    assert exc.value.reasons == ("escalation_beyond_role",)
    [opt] = case.available("escalated", "mentor", facts(escalation_level=1))
    assert not opt.allowed and opt.reasons == ("escalation_beyond_role",)


def test_coordinator_escalates_to_director():
    out = case.fire(model("escalated"), "escalate", "coordinator", facts(escalation_level=1))
    assert out.escalation_level == 2 and out.target == "escalated"
    with pytest.raises(TransitionRefused) as exc:
        case.fire(model("escalated"), "escalate", "coordinator", facts(escalation_level=2))
    assert exc.value.reasons == ("already_highest_level",)


def test_take_over_raises_level_to_the_takers_and_never_lowers_it():
    assert case.fire(model("reported"), "take_over", "coordinator", facts()).escalation_level == 1
    assert case.fire(model("escalated"), "take_over", "director", facts(escalation_level=1)).escalation_level == 2
    with pytest.raises(TransitionRefused) as exc:
        case.fire(model("escalated"), "take_over", "coordinator", facts(escalation_level=2))
    assert exc.value.reasons == ("handled_at_higher_level",)


def test_start_monitoring_plans_aftercare_check_and_parent_checkin():
    out = case.fire(model("escalated"), "start_monitoring", "coordinator", facts(aftercare_days=10))
    due = date(2025, 3, 13)
    assert [(f.kind, f.due, f.assignee_role) for f in out.followups] == [("aftercare_check", due, "handler")]
    assert [(n.kind, n.recipients, n.send_on) for n in out.notices] == [("monitoring_checkin", "parents", due)]
    assert case.fire(model("in_progress"), "start_monitoring", "director", facts()).followups[0].due == date(
        2025, 3, 17
    )


def test_close_requires_parents_of_every_minor_informed_or_reason_recorded():
    f = facts(pupils_without_parent_contact=("p1", "p2"))
    with pytest.raises(TransitionRefused) as exc:
        case.fire(model("monitoring"), "close", "coordinator", f)
    assert exc.value.reasons == ("parents_not_informed",)
    assert exc.value.details["parents_not_informed"] == {"pupils": ("p1", "p2")}
    [opt] = [o for o in case.available("monitoring", "coordinator", f) if o.event == "close"]
    assert not opt.allowed


def test_close_requires_no_open_sanction_or_police_report():
    with pytest.raises(TransitionRefused) as exc:
        case.fire(model("monitoring"), "close", "director", facts(open_sanctions=1, open_police_reports=2))
    assert exc.value.reasons == ("open_sanctions", "open_police_reports")
    assert exc.value.details["open_police_reports"] == {"count": 2}


def test_dismiss_needs_reason_and_nothing_open():
    with pytest.raises(TransitionRefused) as exc:
        case.fire(model("reported"), "dismiss", "coordinator", facts(open_sanctions=1), reason="  ")
    assert exc.value.reasons == ("reason_required", "open_sanctions")


def test_reopen_needs_reason():
    m = model("closed")
    with pytest.raises(TransitionRefused) as exc:
        case.fire(m, "reopen", "director", facts())
    assert exc.value.reasons == ("reason_required",)
    case.fire(m, "reopen", "director", facts(), reason="new incident")
    assert m.state == "in_progress"


def test_dismissed_is_final():
    assert case.available("dismissed", "director", facts()) == []


def test_available_shows_only_what_the_role_may_do():
    assert [o.event for o in case.available("in_progress", "mentor", facts())] == ["escalate"]
    assert {o.event for o in case.available("in_progress", "director", facts())} == {
        "take_over",
        "start_monitoring",
        "close",
        "dismiss",
    }
    assert case.available("in_progress", "admin", facts()) == []
