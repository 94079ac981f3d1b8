"""Pupil sanction rules of issue #12, one named test (or more) per rule.

1 hearings are dated facts; 2 the objector is heard before the objection is decided;
3 VO removal: Inspectie consulted before, informed in writing after, leerplicht at once;
4 parents heard only while the pupil is under 18; 5 time-out within one school day.
"""

from dataclasses import replace
from datetime import date, time, timedelta
from types import SimpleNamespace

import pytest

from workflows import sanction
from workflows.errors import TransitionRefused
from workflows.sanction import Hearing
from workflows.sanction_hearings import future_dates, objector_heard
from workflows.sanction_rules import parents_involved, recipients

MON = date(2025, 3, 3)  # a Monday


def facts(kind="pupil", measure="removal", **kw):
    kw.setdefault("today", MON)
    kw.setdefault("earlier_measures", ("suspension",))
    return sanction.SanctionFacts(kind=kind, measure=measure, **kw)


def reports(*parties, on=MON, attended=True):
    return tuple(Hearing(p, on, attended) for p in parties)


def at(state):
    return SimpleNamespace(state=state)


def refused(state, event, f, **params):
    m = at(state)
    with pytest.raises(TransitionRefused) as exc:
        sanction.fire(m, event, "director", f, **params)
    assert m.state == state
    return exc.value


def fired(state, event, f, **params):
    return sanction.fire(at(state), event, "director", f, **params)


def followups(out):
    return [(f.kind, f.due) for f in out.followups]


# Rule 1: hearings are dated facts ----------------------------------------------------


@pytest.mark.rule("hearings-dated")
def test_rule1_hearing_dated_after_the_decision_day_does_not_count():
    ahead = facts(hearing_reports=reports("teacher", "parents", on=MON + timedelta(days=14)))
    assert ahead.hearings == frozenset()
    assert refused("hearing", "decide", ahead, reasons="r").reasons == ("teacher_not_heard", "parents_not_heard")


@pytest.mark.rule("hearings-dated")
def test_rule1_hearing_on_or_before_the_decision_day_counts():
    f = facts(hearing_reports=reports("teacher", on=MON - timedelta(days=3)) + reports("parents", on=MON))
    assert f.hearings == frozenset({"teacher", "parents"})
    assert fired("hearing", "decide", f, reasons="r").target == "decided"


@pytest.mark.rule("hearings-dated")
def test_rule1_removal_decided_with_reports_dated_14_days_ahead_is_refused():
    """The issue's example: a secondary removal, every party's report dated two weeks ahead."""
    f = facts(
        secondary=True,
        compulsory_school_age=True,
        inspectie_consulted=True,
        hearing_reports=reports("teacher", "parents", "pupil", on=MON + timedelta(days=14)),
    )
    err = refused("hearing", "decide", f, reasons="r")
    assert err.reasons == ("teacher_not_heard", "parents_not_heard", "pupil_not_heard")
    # On the day itself they count.
    assert fired("hearing", "decide", replace(f, today=MON + timedelta(days=14)), reasons="r").target == "decided"


@pytest.mark.rule("hearings-dated")
def test_rule1_an_invitation_not_attended_is_no_hearing():
    f = facts(hearing_reports=reports("teacher") + reports("parents", attended=False))
    assert f.hearings == frozenset({"teacher"})
    assert refused("hearing", "decide", f, reasons="r").reasons == ("parents_not_heard",)


@pytest.mark.rule("hearings-dated")
def test_rule1_dates_after_today_are_named():
    dates = {"occurred_on": MON + timedelta(days=1), "inspectie_consulted_on": MON, "admitting_school_agreed_on": None}
    assert future_dates(MON, dates) == ("occurred_on",)
    assert future_dates(MON, {"occurred_on": MON}) == ()


# Rule 2: the objector is heard ----------------------------------------------------------

RECEIVED = date(2025, 3, 10)
OBJECTION = facts(
    measure="suspension",
    today=date(2025, 3, 20),
    start_date=MON,
    end_date=MON,
    objection_received_on=RECEIVED,
)


@pytest.mark.rule("objector-heard")
@pytest.mark.parametrize("kind", ["pupil", "staff"])
@pytest.mark.parametrize("secondary", [False, True])
def test_rule2_objection_not_decided_before_the_objector_is_heard(kind, secondary):
    f = replace(OBJECTION, kind=kind, measure="suspension" if kind == "pupil" else "reprimand", secondary=secondary)
    err = refused("objection_filed", "decide_objection", f, outcome="upheld", reasons="r")
    assert err.reasons == ("objector_not_heard",)
    assert err.details["objector_not_heard"] == {"received_on": RECEIVED, "missed": 0, "needed": 2}
    party = "employee" if kind == "staff" else "parents"
    heard = replace(f, hearing_reports=reports(party, on=RECEIVED))
    assert fired("objection_filed", "decide_objection", heard, outcome="upheld", reasons="r").target == (
        "objection_decided"
    )


@pytest.mark.rule("objector-heard")
def test_rule2_hearing_before_the_objection_was_received_does_not_count():
    f = replace(OBJECTION, hearing_reports=reports("parents", on=RECEIVED - timedelta(days=1)))
    assert not objector_heard(f)
    assert refused("objection_filed", "decide_objection", f, outcome="upheld", reasons="r").reasons == (
        "objector_not_heard",
    )


@pytest.mark.rule("objector-heard")
def test_rule2_hearing_in_the_future_does_not_count():
    f = replace(OBJECTION, hearing_reports=reports("parents", on=OBJECTION.today + timedelta(days=1)))
    assert not objector_heard(f)


@pytest.mark.rule("objector-heard")
def test_rule2_the_teacher_is_not_the_objector():
    assert not objector_heard(replace(OBJECTION, hearing_reports=reports("teacher", on=RECEIVED)))


@pytest.mark.rule("objector-heard")
def test_rule2_two_invitations_not_attended_count_as_heard():
    once = replace(OBJECTION, hearing_reports=reports("parents", on=RECEIVED, attended=False))
    err = refused("objection_filed", "decide_objection", once, outcome="upheld", reasons="r")
    assert err.details["objector_not_heard"]["missed"] == 1
    twice = replace(
        once, hearing_reports=once.hearing_reports + reports("parents", on=date(2025, 3, 17), attended=False)
    )
    assert objector_heard(twice)
    assert fired("objection_filed", "decide_objection", twice, outcome="overturned", reasons="r").target == "revoked"


@pytest.mark.rule("objector-heard")
def test_rule2_objection_without_a_receipt_date_is_refused():
    f = replace(OBJECTION, objection_received_on=None, hearing_reports=reports("parents"))
    assert "objection_receipt_unknown" in refused("objection_filed", "decide_objection", f, outcome="upheld").reasons


def test_rule2_objection_step_shows_what_is_missing_before_it_is_allowed():
    options = {o.event: o for o in sanction.available("objection_filed", "director", OBJECTION)}
    assert not options["decide_objection"].allowed
    assert "objector_not_heard" in options["decide_objection"].reasons


# Rule 3: VO removal --------------------------------------------------------------------

VO_REMOVAL = facts(
    secondary=True,
    compulsory_school_age=True,
    hearing_reports=reports("teacher", "parents", "pupil"),
)


@pytest.mark.rule("vo-removal-inspectie-and-leerplicht")
def test_rule3_vo_removal_needs_the_inspectie_consulted_before_the_decision():
    assert refused("hearing", "decide", VO_REMOVAL, reasons="r").reasons == ("inspectie_not_consulted",)
    assert fired("hearing", "decide", replace(VO_REMOVAL, inspectie_consulted=True), reasons="r").target == "decided"


@pytest.mark.rule("vo-removal-inspectie-and-leerplicht")
def test_rule3_vo_removal_decision_plans_inspectie_letter_and_leerplicht_the_same_day():
    out = fired("hearing", "decide", replace(VO_REMOVAL, inspectie_consulted=True), reasons="r")
    assert ("inform_inspectie", MON) in followups(out)
    assert ("inform_leerplichtambtenaar", MON) in followups(out)


@pytest.mark.rule("vo-removal-inspectie-and-leerplicht")
def test_rule3_primary_removal_has_no_inspectie_letter():
    f = facts(hearing_reports=reports("teacher", "parents"))
    assert "inform_inspectie" not in [kind for kind, _due in followups(fired("hearing", "decide", f, reasons="r"))]


@pytest.mark.rule("vo-removal-inspectie-and-leerplicht")
def test_rule3_vo_removal_not_final_until_the_inspectie_is_informed():
    f = replace(
        VO_REMOVAL,
        inspectie_consulted=True,
        admitting_school="De Brug",
        admitting_school_agreed_on=MON,
        objection_deadline=MON - timedelta(days=1),
    )
    assert refused("objection_window", "finalize", f).reasons == ("inspectie_not_informed",)
    assert fired("objection_window", "finalize", replace(f, inspectie_informed=True)).target == "final"


# Rule 4: parents while the pupil is under 18 ---------------------------------------------

ADULT = replace(VO_REMOVAL, compulsory_school_age=False, pupil_adult=True, hearing_reports=reports("teacher", "pupil"))


@pytest.mark.rule("adult-pupil-parents")
def test_rule4_under_18_parents_are_heard_and_receive_the_letters():
    minor = replace(VO_REMOVAL, inspectie_consulted=True, hearing_reports=reports("teacher", "pupil"))
    assert parents_involved(minor) and recipients(minor) == ("parents", "pupil")
    assert refused("hearing", "decide", minor, reasons="r").reasons == ("parents_not_heard",)


@pytest.mark.rule("adult-pupil-parents")
def test_rule4_adult_pupil_choice_must_be_recorded_before_a_removal():
    assert not parents_involved(ADULT) and recipients(ADULT) == ("pupil",)
    assert refused("hearing", "decide", ADULT, reasons="r").reasons == ("adult_choice_missing",)


@pytest.mark.rule("adult-pupil-parents")
def test_rule4_adult_pupil_not_involving_parents_needs_no_parent_hearing():
    f = replace(ADULT, parents_involved=False)
    assert recipients(f) == ("pupil",)
    assert fired("hearing", "decide", f, reasons="r").target == "decided"
    assert [(n.kind, n.recipients) for n in fired("proposed", "start_hearing", f).notices] == [
        ("hearing_invitation", "pupil")
    ]
    assert [(n.kind, n.recipients) for n in fired("decided", "notify", f).notices] == [("sanction_decision", "pupil")]


@pytest.mark.rule("adult-pupil-parents")
def test_rule4_adult_pupil_involving_parents_has_them_heard():
    f = replace(ADULT, parents_involved=True)
    assert recipients(f) == ("parents", "pupil")
    assert refused("hearing", "decide", f, reasons="r").reasons == ("parents_not_heard",)
    heard = replace(f, hearing_reports=f.hearing_reports + reports("parents"))
    assert fired("hearing", "decide", heard, reasons="r").target == "decided"


@pytest.mark.rule("adult-pupil-parents")
def test_rule4_adult_pupil_objects_alone_when_parents_are_not_involved():
    f = replace(OBJECTION, pupil_adult=True, parents_involved=False, objection_deadline=date(2025, 4, 14))
    out = sanction.fire(at("objection_window"), "file_objection", "coordinator", f, received_on=RECEIVED)
    assert [(n.kind, n.recipients) for n in out.notices] == [("objection_acknowledgement", "pupil")]
    # Only the pupil's hearing counts as the objector's.
    assert not objector_heard(replace(f, hearing_reports=reports("parents", on=RECEIVED)))
    assert objector_heard(replace(f, hearing_reports=reports("pupil", on=RECEIVED)))


# Rule 5: time-out ------------------------------------------------------------------------

TIMEOUT = facts(measure="timeout", earlier_measures=("warning",), start_date=MON, start_time=time(10, 45))


@pytest.mark.rule("timeout-one-school-day")
def test_rule5_timeout_is_proposed_with_a_start_time():
    assert sanction.propose(at(None), "director", TIMEOUT).target == "proposed"
    with pytest.raises(TransitionRefused) as exc:
        sanction.propose(at(None), "director", replace(TIMEOUT, start_time=None))
    assert exc.value.reasons == ("timeout_start_time_required",)


@pytest.mark.rule("timeout-one-school-day")
@pytest.mark.parametrize("end", [MON, MON + timedelta(days=3)])
def test_rule5_timeout_has_no_end_date(end):
    with pytest.raises(TransitionRefused) as exc:
        sanction.propose(at(None), "director", replace(TIMEOUT, end_date=end))
    assert exc.value.reasons == ("timeout_one_day",)


@pytest.mark.rule("timeout-one-school-day")
def test_rule5_parents_informed_and_report_filed_on_the_day_of_the_timeout():
    out = fired("proposed", "decide", replace(TIMEOUT, today=MON + timedelta(days=1)))
    assert followups(out) == [("inform_parents_timeout", MON), ("file_timeout_report", MON)]


@pytest.mark.rule("timeout-one-school-day")
def test_rule5_timeout_not_final_until_the_report_is_filed():
    assert refused("notified", "finalize", TIMEOUT).reasons == ("timeout_report_missing",)
    assert fired("notified", "finalize", replace(TIMEOUT, timeout_report_filed=True)).target == "final"
