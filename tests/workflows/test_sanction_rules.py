"""Sanction rules, one named test (or more) per numbered protocol rule."""

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from workflows import sanction
from workflows.errors import TransitionRefused

MON = date(2025, 3, 3)  # a Monday


def facts(kind="pupil", measure="warning", **kw):
    kw.setdefault("today", MON)
    return sanction.SanctionFacts(kind=kind, measure=measure, **kw)


def reports(*parties, on=MON):
    """Hearing reports of these parties, held on `on`."""
    return tuple(sanction.Hearing(p, on) for p in parties)


def at(state):
    return SimpleNamespace(state=state)


def refused(state, event, role, f, **params):
    m = at(state)
    with pytest.raises(TransitionRefused) as exc:
        sanction.fire(m, event, role, f, **params)
    assert m.state == state
    return exc.value


def kinds(items):
    return [(i.kind, i.due) if hasattr(i, "due") else (i.kind, i.recipients) for i in items]


SUSPENSION_2D = facts(measure="suspension", start_date=date(2025, 3, 4), end_date=date(2025, 3, 5))


# Rule 1 -------------------------------------------------------------------------------


@pytest.mark.rule("sanction-director-decides")
def test_rule1_only_director_decides():
    assert "decide" not in [o.event for o in sanction.available("proposed", "coordinator", facts())]
    assert refused("proposed", "decide", "coordinator", facts()).reasons == ("role_not_allowed",)
    assert sanction.fire(at("proposed"), "decide", "director", facts()).target == "decided"


@pytest.mark.rule("sanction-director-decides")
def test_rule1_coordinator_and_director_propose_mentor_does_not():
    for role in ("coordinator", "director"):
        m = at(None)
        assert sanction.propose(m, role, facts()).target == "proposed" == m.state
    with pytest.raises(TransitionRefused) as exc:
        sanction.propose(at(None), "mentor", facts())
    assert exc.value.reasons == ("role_not_allowed",)
    assert not sanction.can_propose("mentor", facts()).allowed


# Rule 2 -------------------------------------------------------------------------------


@pytest.mark.rule("suspension-max-five-school-days")
def test_rule2_suspension_needs_start_and_end_date():
    f = facts(measure="suspension")
    assert refused("proposed", "decide", "director", f, reasons="r").reasons == ("suspension_dates_required",)
    f = replace(SUSPENSION_2D, end_date=date(2025, 3, 1))
    assert refused("proposed", "decide", "director", f, reasons="r").reasons == ("suspension_dates_invalid",)


@pytest.mark.rule("suspension-max-five-school-days")
def test_rule2_suspension_lasts_at_most_five_school_days():
    week = replace(SUSPENSION_2D, start_date=date(2025, 3, 3), end_date=date(2025, 3, 9))  # Mon..Sun
    assert sanction.fire(at("proposed"), "decide", "director", week, reasons="r").school_days == 5
    six = replace(week, end_date=date(2025, 3, 10))
    err = refused("proposed", "decide", "director", six, reasons="r")
    assert err.reasons == ("suspension_too_long",)
    assert err.details["suspension_too_long"] == {"school_days": 6, "max": 5}
    # A holiday in the period does not count as a school day.
    assert (
        sanction.fire(
            at("proposed"), "decide", "director", replace(six, holidays=frozenset({MON})), reasons="r"
        ).school_days
        == 5
    )


@pytest.mark.rule("suspension-max-five-school-days")
def test_rule2_suspension_decision_states_reasons():
    assert refused("proposed", "decide", "director", SUSPENSION_2D).reasons == ("reasons_required",)
    assert refused("proposed", "decide", "director", SUSPENSION_2D, reasons=" ").reasons == ("reasons_required",)


def test_rule2_notified_in_writing_to_parents_and_to_secondary_pupil():
    out = sanction.fire(at("decided"), "notify", "coordinator", SUSPENSION_2D)
    assert kinds(out.notices) == [("sanction_decision", "parents")]
    out = sanction.fire(at("decided"), "notify", "coordinator", replace(SUSPENSION_2D, secondary=True))
    assert kinds(out.notices) == [("sanction_decision", "parents"), ("sanction_decision", "pupil")]


@pytest.mark.rule("suspension-inspectie")
def test_rule2_over_one_day_informs_inspectie_and_blocks_final():
    out = sanction.fire(at("proposed"), "decide", "director", SUSPENSION_2D, reasons="r")
    assert [(f.kind, f.due, f.assignee_role) for f in out.followups] == [("inform_inspectie", MON, "director")]
    after_window = replace(SUSPENSION_2D, objection_deadline=date(2025, 3, 1))
    assert refused("objection_window", "finalize", "system", after_window).reasons == ("inspectie_not_informed",)
    done = replace(after_window, inspectie_informed=True)
    assert sanction.fire(at("objection_window"), "finalize", "system", done).target == "final"


@pytest.mark.rule("suspension-inspectie")
def test_rule2_one_day_suspension_needs_no_inspectie():
    one = replace(SUSPENSION_2D, end_date=SUSPENSION_2D.start_date, objection_deadline=date(2025, 3, 1))
    assert sanction.fire(at("proposed"), "decide", "director", one, reasons="r").followups == []
    assert sanction.fire(at("objection_window"), "finalize", "system", one).target == "final"


# Rule 3 -------------------------------------------------------------------------------

REMOVAL = facts(measure="removal", earlier_measures=("suspension",))


@pytest.mark.rule("removal-hearings")
def test_rule3_removal_needs_hearing_of_teacher_and_parents():
    assert sanction.needs_hearing("pupil", "removal", REMOVAL)
    assert refused("proposed", "decide", "director", REMOVAL, reasons="r").reasons == ("hearing_required",)
    err = refused("hearing", "decide", "director", replace(REMOVAL, hearing_reports=reports("teacher")), reasons="r")
    assert err.reasons == ("parents_not_heard",)
    heard = replace(REMOVAL, hearing_reports=reports("teacher", "parents"))
    assert sanction.fire(at("hearing"), "decide", "director", heard, reasons="r").target == "decided"


@pytest.mark.rule("removal-hearings")
def test_rule3_secondary_removal_also_hears_pupil_and_consults_inspectie():
    f = replace(REMOVAL, secondary=True, compulsory_school_age=True, hearing_reports=reports("teacher", "parents"))
    err = refused("hearing", "decide", "director", f, reasons="r")
    assert err.reasons == ("pupil_not_heard", "inspectie_not_consulted")
    f = replace(f, hearing_reports=reports("teacher", "parents", "pupil"), inspectie_consulted=True)
    assert sanction.fire(at("hearing"), "decide", "director", f, reasons="r").target == "decided"
    # Past compulsory school age no consultation is needed.
    f = replace(f, compulsory_school_age=False, inspectie_consulted=False)
    assert sanction.fire(at("hearing"), "decide", "director", f, reasons="r").target == "decided"


@pytest.mark.rule("vo-removal-inspectie-and-leerplicht")
def test_rule3_removal_decision_informs_leerplichtambtenaar_same_day():
    f = replace(REMOVAL, hearing_reports=reports("teacher", "parents"))
    out = sanction.fire(at("hearing"), "decide", "director", f, reasons="r")
    assert ("inform_leerplichtambtenaar", MON) in kinds(out.followups)
    assert ("find_admitting_school", date(2025, 4, 28)) in kinds(out.followups)


@pytest.mark.rule("removal-admitting-school")
def test_rule3_removal_final_only_with_admitting_school():
    f = replace(REMOVAL, objection_deadline=date(2025, 3, 1))
    assert refused("objection_window", "finalize", "director", f).reasons == ("no_admitting_school",)
    f = replace(f, admitting_school="De Brug", admitting_school_agreed_on=date(2025, 2, 27))
    assert sanction.fire(at("objection_window"), "finalize", "director", f).target == "final"


# Rule 4 -------------------------------------------------------------------------------


@pytest.mark.rule("objection-window")
def test_rule4_objection_window_is_six_weeks_from_day_after_notification():
    out = sanction.fire(at("decided"), "notify", "coordinator", SUSPENSION_2D)
    assert out.target == "objection_window"
    assert out.notified_on == MON and out.objection_deadline == date(2025, 4, 14)


@pytest.mark.rule("objection-route-by-legal-status")
def test_rule4_objection_inside_window_decision_due_four_weeks_after_receipt():
    f = replace(SUSPENSION_2D, today=date(2025, 4, 14), objection_deadline=date(2025, 4, 14))
    out = sanction.fire(at("objection_window"), "file_objection", "coordinator", f, received_on=date(2025, 4, 10))
    assert out.target == "objection_filed"
    assert out.objection_received_on == date(2025, 4, 10)
    assert out.objection_decision_due == date(2025, 5, 8)
    assert kinds(out.followups) == [("decide_objection", date(2025, 5, 8))]
    assert kinds(out.notices) == [("objection_acknowledgement", "parents")]


@pytest.mark.rule("objection-route-by-legal-status")
def test_rule4_public_school_decides_six_weeks_after_the_window_ends_awb_7_10():
    f = replace(
        SUSPENSION_2D,
        today=date(2025, 3, 20),
        objection_deadline=date(2025, 4, 14),
        legal_status="public",
    )
    out = sanction.fire(at("objection_window"), "file_objection", "director", f)
    assert out.objection_received_on == date(2025, 3, 20)
    assert out.objection_decision_due == date(2025, 5, 26)
    assert kinds(out.followups) == [("decide_objection", date(2025, 5, 26))]


@pytest.mark.rule("objection-window")
def test_rule4_objection_after_window_refused():
    f = replace(SUSPENSION_2D, today=date(2025, 4, 15), objection_deadline=date(2025, 4, 14))
    err = refused("objection_window", "file_objection", "coordinator", f)
    assert err.reasons == ("objection_window_closed",)
    assert err.details["objection_window_closed"] == {"deadline": date(2025, 4, 14)}
    # The button stays (a letter may have arrived in time) but warns.
    [opt] = [o for o in sanction.available("objection_window", "coordinator", f) if o.event == "file_objection"]
    assert opt.allowed and opt.warnings == ("objection_window_closed",)


@pytest.mark.rule("objection-window")
def test_rule4_final_after_window_without_objection():
    f = replace(SUSPENSION_2D, inspectie_informed=True, objection_deadline=date(2025, 4, 14))
    assert refused("objection_window", "finalize", "system", replace(f, today=date(2025, 4, 14))).reasons == (
        "objection_window_open",
    )
    assert (
        sanction.fire(at("objection_window"), "finalize", "system", replace(f, today=date(2025, 4, 15))).target
        == "final"
    )


def test_rule4_is_due_for_finalization():
    deadline = date(2025, 4, 14)
    assert not sanction.is_due_for_finalization("objection_window", deadline, deadline)
    assert sanction.is_due_for_finalization("objection_window", deadline, date(2025, 4, 15))
    assert sanction.is_due_for_finalization("notified", None, MON)
    assert sanction.is_due_for_finalization("objection_decided", None, MON)
    assert not sanction.is_due_for_finalization("objection_filed", deadline, date(2025, 5, 1))
    assert not sanction.is_due_for_finalization("final", deadline, date(2025, 5, 1))


def test_rule4_objection_upheld_then_final_overturned_revokes():
    f = replace(SUSPENSION_2D, inspectie_informed=True, objection_received_on=MON, hearing_reports=reports("parents"))
    assert refused("objection_filed", "decide_objection", "director", f, reasons="r").reasons == ("outcome_required",)
    assert refused("objection_filed", "decide_objection", "director", f, reasons="r", outcome="maybe").reasons == (
        "invalid_outcome",
    )
    m = at("objection_filed")
    out = sanction.fire(m, "decide_objection", "director", f, outcome="upheld", reasons="r")
    assert (out.target, out.objection_outcome) == ("objection_decided", "upheld")
    sanction.fire(m, "finalize", "director", f)
    assert m.state == "final"
    out = sanction.fire(at("objection_filed"), "decide_objection", "director", f, outcome="overturned", reasons="r")
    assert (out.target, out.objection_outcome) == ("revoked", "overturned")
    assert kinds(out.notices) == [("objection_decision", "parents")]


# Rule 5 -------------------------------------------------------------------------------

REPRIMAND = facts(kind="staff", measure="reprimand", earlier_measures=("warning",))
RECEIVED = date(2025, 3, 4)  # a Tuesday: the term runs from Wednesday, its last day is Tuesday 25 March
SENT = replace(REPRIMAND, intent_filed=True, intent_sent_on=MON, intent_received_on=RECEIVED)


def test_rule5_reprimand_intent_in_writing_then_response_term():
    assert sanction.needs_hearing("staff", "reprimand", REPRIMAND)
    out = sanction.fire(at("proposed"), "start_hearing", "director", REPRIMAND)
    assert kinds(out.notices) == [("intended_measure", "employee")]
    assert out.followups == [] and out.response_due is None  # the term starts with receipt
    assert refused("hearing", "decide", "director", REPRIMAND, reasons="r").reasons == ("intent_not_sent",)
    err = refused("hearing", "decide", "director", replace(SENT, today=date(2025, 3, 25)), reasons="r")
    assert err.reasons == ("response_term_running",) and err.details["response_term_running"] == {
        "until": date(2025, 3, 25)
    }
    assert (
        sanction.fire(at("hearing"), "decide", "director", replace(SENT, today=date(2025, 3, 26)), reasons="r").target
        == "decided"
    )


def test_rule5_a_typed_in_date_without_a_filed_letter_is_no_intended_measure():
    backdated = replace(REPRIMAND, intent_sent_on=date(2025, 2, 1), intent_received_on=date(2025, 2, 1))
    assert refused("hearing", "decide", "director", backdated, reasons="r").reasons == ("intent_not_sent",)


def test_rule5_the_term_needs_the_day_of_receipt():
    unreceived = replace(SENT, intent_received_on=None, today=date(2025, 4, 30))
    assert refused("hearing", "decide", "director", unreceived, reasons="r").reasons == ("intent_receipt_unknown",)
    future = replace(SENT, intent_received_on=date(2025, 3, 10))
    assert refused("hearing", "decide", "director", future, reasons="r").reasons == ("date_in_future",)


def test_rule5_a_filed_written_response_lets_the_director_decide_within_the_term():
    answered = replace(SENT, response_filed=True, today=date(2025, 3, 10))
    assert sanction.fire(at("hearing"), "decide", "director", answered, reasons="r").target == "decided"


def test_rule5_response_term_is_a_setting():
    one_week = replace(SENT, response_weeks=1, today=date(2025, 3, 11))
    err = refused("hearing", "decide", "director", one_week, reasons="r")
    assert err.details["response_term_running"] == {"until": date(2025, 3, 11)}
    later = replace(one_week, today=date(2025, 3, 12))
    assert sanction.fire(at("hearing"), "decide", "director", later, reasons="r").target == "decided"


def test_rule5_staff_suspension_needs_grounds_and_duration():
    f = replace(SENT, measure="suspension", intent_received_on=MON, response_filed=True)
    err = refused("hearing", "decide", "director", f, reasons="r")
    assert err.reasons == ("grounds_required", "duration_required")
    f = replace(f, grounds="threats", start_date=MON, end_date=date(2025, 3, 14))
    assert sanction.fire(at("hearing"), "decide", "director", f, reasons="r").target == "decided"


def test_rule5_suspension_extension_is_a_new_sanction_with_a_new_hearing():
    extension = facts(
        kind="staff",
        measure="suspension",
        earlier_measures=("suspension",),
        intent_filed=True,
        intent_sent_on=MON,
        intent_received_on=MON,
        response_filed=True,
        grounds="g",
        start_date=MON,
        end_date=MON,
    )
    assert sanction.propose(at(None), "director", extension).skipped_steps == ()
    assert refused("proposed", "decide", "director", extension, reasons="r").reasons == ("hearing_required",)


# Rule 6 -------------------------------------------------------------------------------

SUMMARY = facts(kind="staff", measure="summary_dismissal", urgent_reason_known_on=MON)


@pytest.mark.rule("staff-summary-dismissal-immediate")
def test_rule6_summary_dismissal_same_day():
    assert not sanction.needs_hearing("staff", "summary_dismissal", SUMMARY)
    out = sanction.fire(at("proposed"), "decide", "director", SUMMARY, reasons="theft")
    assert out.warnings == [] and kinds(out.followups) == [("notify_decision", MON)]
    notified = sanction.fire(at("decided"), "notify", "director", SUMMARY)
    assert (notified.target, notified.objection_deadline) == ("notified", None)  # no bezwaar: BW 7:686a
    proposal = sanction.propose(at(None), "director", SUMMARY, justification="urgent")
    assert kinds(proposal.followups) == [("decide_sanction", MON)]


@pytest.mark.rule("staff-summary-dismissal-immediate")
def test_rule6_summary_dismissal_later_needs_override_with_reason():
    late = replace(SUMMARY, today=date(2025, 3, 5))
    err = refused("proposed", "decide", "director", late, reasons="theft")
    assert err.reasons == ("not_immediate",) and err.details["not_immediate"] == {"known_on": MON}
    assert refused("proposed", "decide", "director", late, reasons="theft", override=True).reasons == (
        "override_reason_required",
    )
    out = sanction.fire(
        at("proposed"),
        "decide",
        "director",
        late,
        reasons="theft",
        override=True,
        override_reason="investigation took two days",
    )
    assert out.warnings == ["not_immediate_overridden"]
    # The button stays enabled, flagged so the form asks for the override.
    [opt] = [o for o in sanction.available("proposed", "director", late) if o.event == "decide"]
    assert opt.allowed and opt.warnings == ("not_immediate",)
    # Telling the reason later than that day is the same breach.
    assert refused("decided", "notify", "director", late).reasons == ("not_immediate",)


@pytest.mark.rule("staff-summary-dismissal-immediate")
def test_rule6_urgent_reason_date_required():
    f = replace(SUMMARY, urgent_reason_known_on=None)
    assert refused("proposed", "decide", "director", f, reasons="r").reasons == ("urgent_reason_date_required",)


# Rule 7 -------------------------------------------------------------------------------


def test_rule7_staff_warning_in_personnel_file_follows_reprimand_rules():
    plain = facts(kind="staff", measure="warning")
    assert not sanction.needs_hearing("staff", "warning", plain)
    assert sanction.fire(at("proposed"), "decide", "director", plain).target == "decided"
    assert sanction.fire(at("decided"), "notify", "director", plain).target == "notified"  # no objection
    on_file = replace(plain, in_personnel_file=True)
    assert sanction.needs_hearing("staff", "warning", on_file)
    assert refused("proposed", "decide", "director", on_file, reasons="r").reasons == ("hearing_required",)
    assert refused("hearing", "decide", "director", on_file, reasons="r").reasons == ("intent_not_sent",)
    assert sanction.fire(at("decided"), "notify", "director", on_file).target == "objection_window"


# Rule 8 -------------------------------------------------------------------------------


def test_rule8_ladders():
    assert sanction.ladder("pupil") == ("warning", "timeout", "suspension", "removal")
    assert sanction.ladder("parent") == ("warning", "premises_ban")
    assert sanction.ladder("staff") == ("warning", "reprimand", "suspension", "dismissal", "summary_dismissal")


@pytest.mark.parametrize(
    "measure, earlier, skipped",
    [
        ("warning", (), ()),
        ("removal", ("suspension",), ()),
        ("removal", ("warning", "timeout"), ("suspension",)),
        ("removal", (), ("warning", "timeout", "suspension")),
        ("timeout", ("suspension",), ()),  # going down the ladder skips nothing
        ("suspension", ("warning",), ("timeout",)),
    ],
)
@pytest.mark.rule("ladder-skip-justified")
def test_rule8_skipped_steps(measure, earlier, skipped):
    assert sanction.skipped_steps("pupil", measure, earlier) == skipped


@pytest.mark.rule("ladder-skip-justified")
def test_rule8_skipping_a_step_needs_written_justification():
    f = facts(measure="removal", earlier_measures=("warning", "timeout"))
    preview = sanction.can_propose("director", f)
    assert preview.allowed and preview.warnings == ("ladder_skip_needs_justification",)
    assert preview.details["ladder_skip_needs_justification"] == {"skipped": ("suspension",)}
    with pytest.raises(TransitionRefused) as exc:
        sanction.propose(at(None), "director", f)
    assert exc.value.reasons == ("ladder_skip_needs_justification",)
    out = sanction.propose(at(None), "director", f, justification="knife on school grounds")
    assert out.warnings == ["ladder_skipped"] and out.skipped_steps == ("suspension",)


def test_rule8_unknown_kind_or_measure():
    with pytest.raises(TransitionRefused) as exc:
        sanction.propose(at(None), "director", facts(kind="pupil", measure="dismissal"))
    assert exc.value.reasons == ("unknown_measure",)
    assert sanction.can_propose("director", facts(kind="alien")).reasons == ("unknown_kind",)


# Other transitions ---------------------------------------------------------------------


def test_start_hearing_only_for_measures_that_need_one():
    assert "start_hearing" not in [o.event for o in sanction.available("proposed", "director", facts())]
    assert refused("proposed", "start_hearing", "director", facts()).reasons == ("no_hearing_needed",)
    out = sanction.fire(at("proposed"), "start_hearing", "director", REMOVAL)
    assert kinds(out.notices) == [("hearing_invitation", "parents")]


def test_timeout_is_not_objectable_and_parents_told_same_day():
    f = facts(measure="timeout", earlier_measures=("warning",), start_date=MON, timeout_report_filed=True)
    out = sanction.fire(at("proposed"), "decide", "director", f)
    assert kinds(out.followups) == [("inform_parents_timeout", MON), ("file_timeout_report", MON)]
    m = at("decided")
    out = sanction.fire(m, "notify", "director", f)
    assert out.target == "notified" and out.objection_deadline is None
    sanction.fire(m, "finalize", "system", f)
    assert m.state == "final"


def test_revoke_needs_reason_and_tells_the_subject_once_notified():
    f = facts(kind="staff", measure="reprimand")
    assert refused("decided", "revoke", "director", f).reasons == ("reason_required",)
    assert sanction.fire(at("decided"), "revoke", "director", f, reason="mistake").notices == []
    out = sanction.fire(at("objection_window"), "revoke", "director", f, reason="mistake")
    assert kinds(out.notices) == [("sanction_revoked", "employee")]
    assert sanction.available("revoked", "director", f) == []


@pytest.mark.rule("objection-route-by-legal-status")
def test_rule4_a_staff_objection_at_a_public_school_is_not_counted_the_awb_way():
    f = facts(
        kind="staff",
        measure="reprimand",
        today=date(2025, 3, 20),
        objection_deadline=date(2025, 4, 14),
        legal_status="public",
    )
    out = sanction.fire(at("objection_window"), "file_objection", "director", f)
    assert out.objection_decision_due == date(2025, 4, 17)  # 4 weeks after receipt, as before
