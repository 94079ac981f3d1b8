"""Pupil sanction rules of issue #12 through the browser, one test (or more) per rule:
1 dated hearings, 2 objector heard, 3 VO removal and the Inspectie, 4 adult pupils, 5 time-out."""

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

from incidents.correspondence.models import Correspondence
from incidents.extensions import db
from tests.helpers import EN, TODAY, button
from tests.letters.helpers import draft_fields, setup_data
from tests.sanctions.helpers import at, details, done, followups, fresh, hearing, ok, propose, proposed, step
from tests.sanctions.test_staff_intent import deliver, respond, write_intent_letter

AHEAD = TODAY + timedelta(days=14)


def page_of(client, sanction):
    response = client.get(f"/sanctions/{sanction.id}", headers=EN)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def post_hearing(client, sanction, party, on, did_not_attend=False):
    data = {"party": party, "occurred_on": on.isoformat(), "report": f"Verslag ({party})."}
    if did_not_attend:
        data["did_not_attend"] = "y"
    return client.post(f"/sanctions/{sanction.id}/hearings", data=data, headers=EN)


def file_letter(client, case, key, sanction, recipient=None):
    """Write and file a shipped letter about `sanction` through the letter form."""
    data = setup_data(key, sanction=sanction, recipient=recipient)
    response = client.post(f"/cases/{case.id}/letters/new", data=data, headers=EN)
    assert response.status_code == 200, response.get_data(as_text=True)
    subject, body = draft_fields(response.get_data(as_text=True))
    response = client.post(
        f"/cases/{case.id}/letters/draft", data={**data, "subject": subject, "body": body, "action": "file"}, headers=EN
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return body


def notice_recipients(sanction, kind):
    prefix = f"notice:{kind}:"
    return sorted(f.kind.removeprefix(prefix) for f in followups(sanction) if f.kind.startswith(prefix))


def hearing_rows():
    return db.session.scalars(select(Correspondence).where(Correspondence.purpose == "hearing")).all()


def removal_in_hearing(client, w):
    sanction = proposed(client, w.case, w.pupil, "removal", justification="Zeer ernstig incident.")
    return ok(client, sanction, "start_hearing")


def notified_suspension(client, w):
    sanction = proposed(
        client,
        w.case,
        w.pupil,
        "suspension",
        start_date=date(2026, 11, 17),
        end_date=date(2026, 11, 17),
        justification="Geweld op het schoolplein.",
    )
    sanction = ok(client, sanction, "decide", reasons="Fysiek geweld.")
    return ok(client, sanction, "notify")


# --- rule 1: hearings are dated facts ---------------------------------------------------


@pytest.mark.rule("hearings-dated")
def test_rule1_hearing_dated_after_today_is_refused_at_the_date_field(client, login, setup):
    w = setup()
    login(w.director)
    sanction = removal_in_hearing(client, w)
    response = post_hearing(client, sanction, "teacher", TODAY + timedelta(days=1))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    message = "This date lies in the future: a hearing is filed once it has taken place."
    date_field = page.index('name="occurred_on"')
    assert message in page[date_field : date_field + 600]  # next to the date field
    assert "Verslag (teacher)." in page  # the input is kept
    assert hearing_rows() == []
    assert post_hearing(client, sanction, "teacher", TODAY).status_code == 302
    assert [(r.hearing_party, r.occurred_on, r.hearing_attended) for r in hearing_rows()] == [("teacher", TODAY, True)]


@pytest.mark.rule("hearings-dated")
def test_rule1_removal_with_hearing_reports_dated_14_days_ahead_is_refused(client, login, setup):
    """Reports filed with a future date (before this rule) do not count as held."""
    w = setup(kind="primary", born=date(2016, 3, 3))
    login(w.director)
    sanction = removal_in_hearing(client, w)
    for party in ("teacher", "parents"):
        db.session.add(
            Correspondence(
                school_id=w.school.id,
                case_id=w.case.id,
                sanction_id=sanction.id,
                kind="hearing",
                direction="in",
                purpose="hearing",
                hearing_party=party,
                occurred_on=AHEAD,
                subject="Hoorzitting",
                created_by_id=w.director.id,
            )
        )
    db.session.commit()
    response = step(client, sanction, "decide", reasons="Onhoudbaar.")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The teacher has not been heard yet." in page and "The parents have not been heard yet." in page
    assert fresh(sanction).state == "hearing"

    w.clock(at(AHEAD))  # on the day of the hearings they count
    for party in ("teacher", "parents"):
        hearing(client, sanction, party)
    assert ok(client, sanction, "decide", reasons="Onhoudbaar.").state == "decided"


@pytest.mark.rule("hearings-dated")
@pytest.mark.parametrize("name", ["inspectie_consulted_on", "admitting_school_agreed_on"])
def test_rule1_decision_dates_after_today_are_refused_at_their_field(client, login, setup, name):
    w = setup()
    login(w.director)
    sanction = removal_in_hearing(client, w)
    response = details(client, sanction, **{name: TODAY + timedelta(days=1)}, admitting_school="De Brug")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    field = page.index(f'name="{name}"')
    assert "This date lies in the future." in page[field : field + 400]
    assert (TODAY + timedelta(days=1)).isoformat() in page  # the input is kept
    sanction = fresh(sanction)
    assert getattr(sanction, name) is None and sanction.admitting_school is None  # nothing half-saved
    assert details(client, sanction, **{name: TODAY}).status_code == 302
    assert getattr(fresh(sanction), name) == TODAY


@pytest.mark.rule("hearings-dated")
def test_rule1_objection_received_after_today_is_refused_at_its_date_field(client, login, setup):
    w = setup()
    login(w.director)
    sanction = notified_suspension(client, w)
    tomorrow = TODAY + timedelta(days=1)
    response = step(client, sanction, "file_objection", received_on=tomorrow)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    field = page.index('name="received_on"')
    assert f'value="{tomorrow.isoformat()}"' in page[field - 200 : field + 200]  # the input is kept
    assert "This date lies in the future." in page[field : field + 300]
    sanction = fresh(sanction)
    assert (sanction.state, sanction.objection_received_on) == ("objection_window", None)


# --- rule 2: the objector is heard --------------------------------------------------------


@pytest.mark.rule("objector-heard")
@pytest.mark.parametrize("kind", ["primary", "secondary"])
def test_rule2_objection_decided_only_after_the_objector_was_heard(client, login, setup, kind):
    w = setup(kind=kind)
    login(w.director)
    sanction = notified_suspension(client, w)
    hearing(client, sanction, "parents")  # heard before the objection: does not count for it
    w.clock(at(TODAY + timedelta(days=2)))
    sanction = ok(client, sanction, "file_objection", received_on=TODAY + timedelta(days=1))

    page = page_of(client, sanction)
    assert button(page, "decide_objection") == "disabled"
    assert "The objector has not been heard since the objection was received on" in page
    response = step(client, sanction, "decide_objection", outcome="upheld", reasons="Ongegrond.")
    assert response.status_code == 422
    assert fresh(sanction).state == "objection_filed"

    hearing(client, sanction, "teacher")  # not the objector
    assert button(page_of(client, sanction), "decide_objection") == "disabled"
    hearing(client, sanction, "parents")
    assert button(page_of(client, sanction), "decide_objection") == "enabled"
    sanction = ok(client, sanction, "decide_objection", outcome="upheld", reasons="Ongegrond.")
    assert sanction.state == "objection_decided"


@pytest.mark.rule("objector-heard")
def test_rule2_two_invitations_not_attended_count_as_heard(client, login, setup):
    w = setup()
    login(w.director)
    sanction = ok(client, notified_suspension(client, w), "file_objection", received_on=TODAY)
    assert post_hearing(client, sanction, "parents", TODAY, did_not_attend=True).status_code == 302
    page = page_of(client, sanction)
    assert "invited, did not attend" in page
    assert "1 of 2 invitations recorded" in page
    assert button(page, "decide_objection") == "disabled"

    w.clock(at(TODAY + timedelta(days=7)))
    assert post_hearing(client, sanction, "parents", TODAY + timedelta(days=7), did_not_attend=True).status_code == 302
    record = hearing_rows()[-1]
    assert (record.hearing_attended, record.subject) == (False, "Hearing not attended: Parents")
    assert [f.person_id for f in record.filings] == [w.pupil.id]  # in the pupil file
    assert button(page_of(client, sanction), "decide_objection") == "enabled"
    assert ok(client, sanction, "decide_objection", outcome="overturned", reasons="Gegrond.").state == "revoked"


@pytest.mark.rule("objector-heard")
def test_rule2_staff_objection_needs_the_employee_heard(client, login, setup):
    w = setup()
    login(w.director)
    sanction = ok(client, proposed(client, w.case, w.staff, "reprimand", justification="Ernstig."), "start_hearing")
    w.sanction, w.teacher = sanction, w.staff  # as test_staff_intent's helpers name them
    write_intent_letter(client, w)
    assert deliver(client, sanction, sent_how="by_hand", sent_on=TODAY, received_on=TODAY).status_code == 302
    assert respond(client, sanction, received_on=TODAY).status_code == 302  # the term ends early
    sanction = ok(client, sanction, "decide", reasons="Herhaald ongepast contact met een leerling.")
    sanction = ok(client, ok(client, sanction, "notify"), "file_objection", received_on=TODAY)
    assert step(client, sanction, "decide_objection", outcome="upheld", reasons="r").status_code == 422
    hearing(client, sanction, "employee")
    assert ok(client, sanction, "decide_objection", outcome="upheld", reasons="r").state == "objection_decided"


# --- rule 3: VO removal -----------------------------------------------------------------


@pytest.mark.rule("vo-removal-inspectie-and-leerplicht")
def test_rule3_vo_removal_inspectie_consulted_before_and_informed_in_writing_after(client, login, setup):
    w = setup()
    login(w.director)
    sanction = removal_in_hearing(client, w)
    for party in ("teacher", "parents", "pupil"):
        hearing(client, sanction, party)
    response = step(client, sanction, "decide", reasons="Onhoudbaar.")
    assert response.status_code == 422 and "The Inspectie has not been consulted yet." in response.get_data(
        as_text=True
    )
    details(client, sanction, inspectie_consulted_on=TODAY)
    sanction = ok(client, sanction, "decide", reasons="Onhoudbaar geworden situatie.")

    # Leerplicht at once, the Inspectie in writing with reasons: both due the day of the decision.
    assert [f.due_on for f in followups(sanction, "inform_leerplichtambtenaar")] == [TODAY]
    assert [f.due_on for f in followups(sanction, "inform_inspectie")] == [TODAY]
    page = page_of(client, sanction)
    task = page[page.index('data-task="inform_inspectie"') :]
    link = f"/cases/{w.case.id}/letters/new?key=inspectie&amp;sanction_id={sanction.id}"
    assert f'href="{link}"' in task[: task.index("</li>")]
    form = client.get(link.replace("&amp;", "&"), headers=EN).get_data(as_text=True)
    assert '<option selected value="inspectie">' in form
    assert f'<option selected value="{sanction.id}">' in form

    sanction = ok(client, sanction, "notify")
    details(
        client, sanction, inspectie_consulted_on=TODAY, admitting_school="De Brug", admitting_school_agreed_on=TODAY
    )
    w.clock(at(sanction.objection_deadline + timedelta(days=1)))
    response = step(client, sanction, "finalize")
    assert response.status_code == 422
    assert "The Inspectie has not been informed in writing yet." in response.get_data(as_text=True)

    body = file_letter(client, w.case, "inspectie", sanction)
    assert "met opgave van redenen" in body and "Onhoudbaar geworden situatie." in body
    assert [f.status for f in followups(sanction, "inform_inspectie")] == ["done"]
    assert ok(client, sanction, "finalize").state == "final"


# --- rule 4: parents while the pupil is under 18 -------------------------------------------


@pytest.mark.rule("adult-pupil-parents")
def test_rule4_under_18_parents_heard_and_no_choice_offered(client, login, setup):
    w = setup()
    login(w.director)
    sanction = removal_in_hearing(client, w)
    assert notice_recipients(sanction, "hearing_invitation") == ["parents", "pupil"]
    assert 'name="parents_involved"' not in page_of(client, sanction)
    hearing(client, sanction, "teacher")
    hearing(client, sanction, "pupil")
    response = step(client, sanction, "decide", reasons="r")
    assert "The parents have not been heard yet." in response.get_data(as_text=True)


@pytest.mark.rule("adult-pupil-parents")
def test_rule4_adult_pupil_who_keeps_the_parents_out(client, login, setup):
    w = setup(born=date(2008, 1, 1))  # 18
    login(w.director)
    sanction = removal_in_hearing(client, w)
    assert notice_recipients(sanction, "hearing_invitation") == ["pupil"]  # not before the pupil chose
    page = page_of(client, sanction)
    assert 'name="parents_involved"' in page and "not recorded yet" in page
    hearing(client, sanction, "teacher")
    hearing(client, sanction, "pupil")
    response = step(client, sanction, "decide", reasons="r")
    assert response.status_code == 422
    assert "Record whether the adult pupil wants the parents involved." in response.get_data(as_text=True)

    assert details(client, sanction, parents_involved="no").status_code == 302
    assert fresh(sanction).parents_involved is False
    sanction = ok(client, sanction, "decide", reasons="Onhoudbaar.")  # no parent hearing needed
    sanction = ok(client, sanction, "notify")
    assert notice_recipients(sanction, "sanction_decision") == ["pupil"]


@pytest.mark.rule("adult-pupil-parents")
def test_rule4_adult_pupil_who_involves_the_parents_has_them_heard(client, login, setup):
    w = setup(born=date(2008, 1, 1))
    login(w.director)
    sanction = removal_in_hearing(client, w)
    assert details(client, sanction, parents_involved="yes").status_code == 302
    assert fresh(sanction).parents_involved is True
    assert "Parents involved (adult pupil)</dt><dd data-parents-involved>yes" in page_of(client, sanction)
    hearing(client, sanction, "teacher")
    hearing(client, sanction, "pupil")
    response = step(client, sanction, "decide", reasons="r")
    assert "The parents have not been heard yet." in response.get_data(as_text=True)
    hearing(client, sanction, "parents")
    sanction = ok(client, sanction, "decide", reasons="Onhoudbaar.")
    assert notice_recipients(ok(client, sanction, "notify"), "sanction_decision") == ["parents", "pupil"]


# --- rule 5: time-out ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"end_date": TODAY + timedelta(days=3), "start_time": "10:45"}, "leave the end date empty"),
        ({"end_date": TODAY, "start_time": "10:45"}, "leave the end date empty"),
        ({}, "A time-out needs the time it starts."),
    ],
)
@pytest.mark.rule("timeout-one-school-day")
def test_rule5_timeout_is_one_day_from_a_start_time(client, login, setup, fields, message):
    w = setup()
    login(w.director)
    response = propose(client, w.case, w.pupil, "timeout", justification="Na waarschuwing.", **fields)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert fresh_sanctions() == []


def fresh_sanctions():
    from incidents.sanctions.models import Sanction

    db.session.expire_all()
    return db.session.scalars(select(Sanction)).all()


@pytest.mark.rule("timeout-one-school-day")
def test_rule5_timeout_parents_told_the_same_day_and_report_filed_before_final(client, login, setup):
    w = setup()
    login(w.director)
    sanction = proposed(client, w.case, w.pupil, "timeout", start_time="10:45", justification="Na waarschuwing.")
    assert (sanction.start_date, sanction.start_time, sanction.end_date) == (TODAY, time(10, 45), None)
    assert "from 10:45 until the end of the school day" in page_of(client, sanction)

    sanction = ok(client, sanction, "decide", reasons="Verstoorde de les herhaaldelijk.")
    assert [(f.kind, f.due_on) for f in followups(sanction) if not f.kind.startswith("notice:")] == [
        ("inform_parents_timeout", TODAY),
        ("file_timeout_report", TODAY),
    ]
    sanction = ok(client, sanction, "notify")
    assert sanction.state == "notified"
    response = step(client, sanction, "finalize")
    assert response.status_code == 422
    assert "The signed time-out report has not been filed in the pupil file yet." in response.get_data(as_text=True)

    body = file_letter(client, w.case, "timeout_report", sanction, recipient=w.parent)
    assert "Handtekening leerling" in body and "Handtekening ouder(s)/verzorger(s)" in body and "10:45" in body
    letter = db.session.scalars(select(Correspondence).where(Correspondence.kind == "letter")).one()
    assert {f.person_id for f in letter.filings} == {w.pupil.id, w.parent.id}  # in the pupil file
    assert [f.status for f in followups(sanction, "file_timeout_report")] == ["done"]
    done(client, followups(sanction, "inform_parents_timeout")[0])
    assert ok(client, sanction, "finalize").state == "final"
