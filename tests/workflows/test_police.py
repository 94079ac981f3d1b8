"""Police report workflow: transition table and the reporting rules."""

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from workflows import police
from workflows.errors import TransitionRefused

MON = date(2025, 3, 3)
ROLES = ("mentor", "coordinator", "director", "admin")
STATES = ("considered", "filed", "outcome_recorded", "not_filed", "victim_supported")
TABLE = {
    "file": ({"considered": "filed"}, {"director"}),
    "record_outcome": ({"filed": "outcome_recorded"}, {"director"}),
    "decide_not_to_file": ({"considered": "not_filed"}, {"director"}),
    "record_support": ({"considered": "victim_supported"}, {"coordinator", "director"}),
}
PARAMS = dict(
    police_unit="Basisteam Utrecht",
    report_number="2025-123",
    filed_on=MON,
    outcome="seponering",
    reason="victim declined",
    filed_by="parents",
)


def threat(**kw):
    return police.PoliceFacts(today=MON, offence="sr285", **kw)


def insult(**kw):
    kw.setdefault("known_on", date(2025, 2, 1))
    return police.PoliceFacts(today=MON, offence="sr266", **kw)


def refused(state, event, role, f, **params):
    m = SimpleNamespace(state=state)
    with pytest.raises(TransitionRefused) as exc:
        police.fire(m, event, role, f, **params)
    assert m.state == state
    return exc.value


def test_machine_declares_exactly_the_expected_states_and_events():
    assert set(police.STATES) == set(STATES)
    assert set(police.EVENTS) == set(TABLE)
    assert police.OPEN_STATES == {"considered", "filed"}


@pytest.mark.parametrize("offence_facts", [threat(), insult()], ids=["sr285", "sr266"])
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("event", sorted(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_transition_table(offence_facts, state, event, role):
    targets, roles = TABLE[event]
    victim_only = offence_facts.offence in police.VICTIM_ONLY
    m = SimpleNamespace(state=state)
    options = {o.event: o for o in police.available(state, role, offence_facts)}
    expected = [
        r for r, bad in (("role_not_allowed", role not in roles), ("invalid_state", state not in targets)) if bad
    ]
    if not expected and event == "file" and victim_only:
        expected = ["victim_only_offence"]
    if not expected and event == "record_support" and not victim_only:
        expected = ["not_victim_only_offence"]
    if expected:
        with pytest.raises(TransitionRefused) as exc:
            police.fire(m, event, role, offence_facts, **PARAMS)
        assert list(exc.value.reasons) == expected
        assert m.state == state
        if expected == ["victim_only_offence"]:
            assert not options[event].allowed
        else:  # never applicable: no button at all
            assert event not in options
    else:
        police.fire(m, event, role, offence_facts, **PARAMS)
        assert m.state == targets[state]
        assert options[event].allowed


def test_new_record_is_considered():
    m = SimpleNamespace(state=None)
    assert police.new(m) == "considered" == m.state


@pytest.mark.rule("police-victim-only-offences")
@pytest.mark.parametrize("offence", ["sr261", "sr262", "sr266"])
def test_victim_only_offences_cannot_be_filed_by_the_school(offence):
    f = police.PoliceFacts(today=MON, offence=offence)
    assert refused("considered", "file", "director", f, **PARAMS).reasons == ("victim_only_offence",)


@pytest.mark.parametrize("offence", ["sr285", "sr252"])
def test_school_may_file_threats_and_sexual_images(offence):
    f = police.PoliceFacts(today=MON, offence=offence)
    assert police.fire(SimpleNamespace(state="considered"), "file", "director", f, **PARAMS).target == "filed"


def test_filing_records_unit_number_and_a_past_date():
    assert refused("considered", "file", "director", threat()).reasons == (
        "police_unit_required",
        "report_number_required",
    )
    err = refused(
        "considered", "file", "director", threat(), police_unit="u", report_number="1", filed_on=date(2025, 3, 4)
    )
    assert err.reasons == ("date_in_future",)


@pytest.mark.rule("police-complaint-term")
def test_victim_only_support_recorded_within_complaint_term():
    out = police.fire(
        SimpleNamespace(state="considered"), "record_support", "coordinator", insult(victim_age=17), filed_by="victim"
    )
    assert out.target == "victim_supported" and out.complaint_deadline == date(2025, 5, 1)
    late = insult(known_on=date(2024, 11, 30))
    err = refused("considered", "record_support", "director", late, filed_by="parents")
    assert err.reasons == ("complaint_term_expired",)
    assert err.details["complaint_term_expired"] == {"deadline": date(2025, 2, 28)}
    assert refused("considered", "record_support", "director", insult(known_on=None), filed_by="victim").reasons == (
        "known_on_required",
    )


@pytest.mark.rule("police-victim-only-offences")
def test_victim_under_16_parents_file():
    young = insult(victim_age=15)
    assert refused("considered", "record_support", "director", young, filed_by="victim").reasons == (
        "parents_must_file",
    )
    assert refused("considered", "record_support", "director", young, filed_by="school").reasons == (
        "invalid_filed_by",
    )
    assert (
        police.fire(SimpleNamespace(state="considered"), "record_support", "director", young, filed_by="parents").target
        == "victim_supported"
    )


def test_opening_victim_only_offence_warns_and_plans_support_before_term_ends():
    out = police.opening_effects("sr261", MON, known_on=date(2025, 1, 31))
    assert out.target == "considered" and out.warnings == ["victim_only_offence"]
    assert out.complaint_deadline == date(2025, 4, 30)
    assert [(f.kind, f.due, f.assignee_role) for f in out.followups] == [
        ("support_victim_report", date(2025, 4, 30), "coordinator")
    ]


@pytest.mark.rule("police-sexual-offence-staff")
def test_sexual_offence_staff_opening_creates_mandatory_followups_due_same_day():
    out = police.opening_effects("sexual_offence_staff", MON)
    assert [(f.kind, f.due) for f in out.followups] == [
        ("inform_board", MON),
        ("consult_confidential_inspector", MON),
        ("inform_parents", MON),
        ("inform_accused", MON),
    ]
    assert police.opening_effects("sr285", MON).followups == []


@pytest.mark.rule("police-sexual-offence-staff")
def test_sexual_offence_staff_filing_blocked_until_mandatory_steps_done():
    f = police.PoliceFacts(today=MON, offence="sexual_offence_staff")
    err = refused("considered", "file", "director", f, **PARAMS)
    assert err.reasons == ("mandatory_steps_open",)
    assert err.details["mandatory_steps_open"]["steps"] == police.MANDATORY_STEPS
    [opt] = [o for o in police.available("considered", "director", f) if o.event == "file"]
    assert not opt.allowed and opt.reasons == ("mandatory_steps_open",)
    done = replace(f, mandatory_steps_done=True)
    assert police.fire(SimpleNamespace(state="considered"), "file", "director", done, **PARAMS).target == "filed"


@pytest.mark.rule("police-sexual-offence-staff")
def test_sexual_offence_staff_must_be_reported_on_reasonable_suspicion():
    f = police.PoliceFacts(
        today=MON, offence="sexual_offence_staff", mandatory_steps_done=True, reasonable_suspicion=True
    )
    assert refused("considered", "decide_not_to_file", "director", f, reason="r").reasons == ("reporting_obligation",)
    cleared = replace(f, reasonable_suspicion=False)
    assert (
        police.fire(
            SimpleNamespace(state="considered"), "decide_not_to_file", "director", cleared, reason="no suspicion"
        ).target
        == "not_filed"
    )


def test_not_filing_and_outcome_need_text():
    assert refused("considered", "decide_not_to_file", "director", threat()).reasons == ("reason_required",)
    assert refused("filed", "record_outcome", "director", threat()).reasons == ("outcome_required",)


def test_unknown_offence():
    with pytest.raises(TransitionRefused) as exc:
        police.opening_effects("sr999", MON)
    assert exc.value.reasons == ("unknown_offence",)
    assert refused("considered", "file", "director", police.PoliceFacts(today=MON, offence="x"), **PARAMS).reasons == (
        "unknown_offence",
    )


# Sr 139h, the "file now" task, and a "learned of it" date after today --------------------


@pytest.mark.rule("police-sr139h")
def test_sr139h_is_an_offence_the_school_reports_itself():
    assert "sr139h" in police.OFFENCES and "sr139h" not in police.VICTIM_ONLY
    f = police.PoliceFacts(today=MON, offence="sr139h", victim_age=15)
    out = police.fire(SimpleNamespace(state="considered"), "file", "director", f, **PARAMS)
    assert out.target == "filed"
    assert "record_support" not in [o.event for o in police.available("considered", "director", f)]
    assert police.opening_effects("sr139h", MON).followups == []


@pytest.mark.rule("police-sexual-offence-staff")
def test_a_reasonable_suspicion_makes_filing_due_the_same_day():
    out = police.suspicion_effects(police.SEXUAL_OFFENCE_STAFF, True, False, MON)
    assert [(f.kind, f.due, f.assignee_role) for f in out.followups] == [("file_police_report", MON, "director")]


@pytest.mark.rule("police-sexual-offence-staff")
def test_the_file_now_task_comes_once_and_only_for_a_found_suspicion():
    assert police.suspicion_effects(police.SEXUAL_OFFENCE_STAFF, True, True, MON).followups == []
    assert police.suspicion_effects(police.SEXUAL_OFFENCE_STAFF, False, False, MON).followups == []
    assert police.suspicion_effects("sr285", True, False, MON).followups == []


@pytest.mark.rule("police-complaint-term")
def test_learned_of_it_after_today_is_refused():
    tomorrow = date(2025, 3, 4)
    assert police.opening_errors("sr266", MON, tomorrow) == {"known_on": "date_in_future"}
    assert police.opening_errors("sr266", MON, MON) == {}
    with pytest.raises(TransitionRefused) as exc:
        police.opening_effects("sr266", MON, known_on=tomorrow)
    assert exc.value.reasons == ("date_in_future",)
    err = refused("considered", "record_support", "coordinator", insult(known_on=tomorrow), filed_by="parents")
    assert "date_in_future" in err.reasons and "complaint_term_expired" not in err.reasons
