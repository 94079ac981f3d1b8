"""Tasks respect case visibility: who may be given one, who is reminded, who may tick it off."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from incidents.auth.models import Membership
from incidents.cases.access import viewers_by_case, visibility_clause
from incidents.cases.models import Case
from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.followups.operations import NotAssignable, add_followup, plan_followup
from incidents.followups.reminders import enqueue_followup_reminders
from incidents.outbox.models import OutboxMessage
from tests.helpers import EN, count_statements


@pytest.fixture
def crowd(world, make_school, make_user, make_group, make_person, make_case):
    """Mentors around a case reported by one mentor about a pupil of another mentor's group."""
    w = world
    w.reporter = make_user("mentor", w.school, name="Mentor Reporter")
    w.group_mentor = make_user("mentor", w.school, name="Mentor Groep")
    w.co_mentor = make_user("mentor", w.school, name="Mentor Ook")
    w.outsider = make_user("mentor", w.school, name="Mentor Buiten")  # mentors 2B only
    w.retired = make_user("mentor", w.school, name="Mentor Weg")
    group_3c = make_group(w.school, "3C", mentors=[w.group_mentor, w.co_mentor, w.retired])
    w.group_b.mentors.append(w.outsider)
    w.retired.active = False
    w.witness = make_person(w.school, group=group_3c)
    w.mentor_case = make_case(w.school, w.reporter, [(w.witness, "witness")])
    return w


def outbox_keys():
    db.session.expire_all()
    return sorted(m.idempotency_key for m in db.session.scalars(select(OutboxMessage)))


def test_viewers_agree_with_the_visibility_clause(app, crowd, make_school, make_user):
    w = crowd
    elsewhere = make_school()
    # A coordinator elsewhere who is a mentor (of nothing) here: sees only via their role here.
    twofold = make_user("coordinator", elsewhere)
    db.session.add(Membership(user_id=twofold.id, school_id=w.school.id, role="mentor"))
    admin = make_user("admin", w.school)
    db.session.commit()
    cases = db.session.scalars(select(Case).order_by(Case.id)).all()
    viewers = viewers_by_case([c.id for c in cases])
    users = [
        w.mentor,
        w.coordinator,
        w.coordinator2,
        w.director,
        w.reporter,
        w.group_mentor,
        w.co_mentor,
        w.outsider,
        twofold,
        admin,
    ]
    for user in users:
        for school in (w.school, elsewhere):
            role = user.role_at(school.id)
            visible = set(db.session.scalars(select(Case.id).where(visibility_clause(user, school.id, role))))
            listed = {c.id for c in cases if c.school_id == school.id and viewers[c.id].get(user.id) == role}
            assert listed == visible, (user.name, school.id)
    assert viewers[w.mentor_case.id] == {
        w.coordinator.id: "coordinator",
        w.coordinator2.id: "coordinator",
        w.director.id: "director",
        w.reporter.id: "mentor",
        w.group_mentor.id: "mentor",
        w.co_mentor.id: "mentor",
    }
    assert w.retired.id not in viewers[w.mentor_case.id]  # deactivated: sees nothing any more
    assert viewers_by_case([]) == {}


def test_mentor_role_task_reminds_only_the_case_mentors(app, crowd):
    w = crowd
    item = add_followup(w.mentor_case, "manual", date(2026, 11, 16), assignee_role="mentor", note="rol")
    db.session.commit()
    assert enqueue_followup_reminders() == 3
    assert outbox_keys() == sorted(
        f"followup:{item.id}:due:2026-11-16:{u.id}" for u in (w.reporter, w.group_mentor, w.co_mentor)
    )


def test_named_task_for_someone_who_cannot_see_the_case_is_not_reminded(app, crowd):
    w = crowd
    # Made before this fix, or by hand: the mentor of 2B cannot open the case.
    add_followup(w.mentor_case, "manual", date(2026, 11, 16), assignee_id=w.outsider.id, note="verkeerd")
    add_followup(w.hidden_case, "manual", date(2026, 11, 15), assignee_id=w.mentor.id, note="verborgen")
    seen = add_followup(w.mentor_case, "manual", date(2026, 11, 16), assignee_id=w.co_mentor.id, note="goed")
    db.session.commit()
    assert enqueue_followup_reminders() == 1
    assert outbox_keys() == [f"followup:{seen.id}:due:2026-11-16:{w.co_mentor.id}"]


def test_reminders_take_a_fixed_number_of_statements(app, crowd, frozen_clock):
    w = crowd

    def run(n, day):
        for i in range(n):
            case = (w.mentor_case, w.case, w.hidden_case)[i % 3]
            add_followup(case, "manual", day, assignee_role=("mentor", "coordinator")[i % 2], note="r")
            add_followup(case, "manual", day, assignee_id=(w.co_mentor, w.mentor, w.director)[i % 3].id, note="n")
        db.session.commit()
        frozen_clock(datetime(day.year, day.month, day.day, 6, 0, tzinfo=UTC))
        with count_statements() as statements:
            assert enqueue_followup_reminders() > 0
        return len([s for s in statements if "outbox" not in s.lower()])  # one insert per new mail

    assert run(3, date(2026, 11, 17)) == run(30, date(2026, 11, 18))


def test_form_offers_only_people_who_can_see_the_case(client, login, crowd):
    w = crowd
    login(w.coordinator)
    for url in (f"/cases/{w.mentor_case.id}", f"/cases/{w.mentor_case.id}/followups/new"):
        page = client.get(url, headers=EN).get_data(as_text=True)
        for user in (w.reporter, w.group_mentor, w.co_mentor, w.coordinator2, w.director):
            assert f'value="u:{user.id}"' in page, url
        for user in (w.outsider, w.mentor, w.retired):
            assert f'value="u:{user.id}"' not in page, url
        assert 'value="r:mentor"' in page and "the mentors of this case" in page


def test_forged_assignee_is_refused(client, login, crowd):
    w = crowd
    login(w.coordinator)
    response = client.post(
        f"/cases/{w.mentor_case.id}/followups/new",
        headers=EN,
        data={"kind": "other", "note": "Bel de ouders", "due_on": "2026-11-20", "assignee": f"u:{w.outsider.id}"},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Not a valid choice." in html and "Bel de ouders" in html
    db.session.expire_all()
    assert db.session.scalars(select(Followup)).all() == []
    # The operation refuses too, whoever calls it.
    with pytest.raises(NotAssignable):
        plan_followup(w.mentor_case, w.coordinator, "manual", date(2026, 11, 20), "x", assignee_id=w.outsider.id)
    with pytest.raises(NotAssignable):
        plan_followup(w.mentor_case, w.coordinator, "manual", date(2026, 11, 20), "x", assignee_id=w.retired.id)
    db.session.rollback()


def status_of(item_id):
    db.session.expire_all()
    return db.session.get(Followup, item_id).status


def test_named_task_is_done_by_its_assignee_or_a_manager_only(client, login, crowd):
    w = crowd
    for_coordinator = add_followup(w.mentor_case, "manual", date(2026, 11, 20), assignee_id=w.coordinator.id, note="c")
    for_mentor = add_followup(w.mentor_case, "manual", date(2026, 11, 20), assignee_id=w.co_mentor.id, note="m")
    for_director = add_followup(w.mentor_case, "manual", date(2026, 11, 20), assignee_id=w.director.id, note="d")
    db.session.commit()

    # A mentor who sees the case, but is not the assignee: refused, and no Done button.
    login(w.reporter)
    page = client.get(f"/cases/{w.mentor_case.id}", headers=EN).get_data(as_text=True)
    assert f"/followups/{for_coordinator.id}/done" not in page and f"/followups/{for_mentor.id}/done" not in page
    for item in (for_coordinator, for_mentor):
        assert client.post(f"/followups/{item.id}/done", data={"note": "klaar"}).status_code == 403
        assert status_of(item.id) == "open"
        assert client.post(f"/followups/{item.id}/cancel", data={"reason": "niet nodig"}).status_code == 403
        assert status_of(item.id) == "open"

    # The assignee may (and sees the button); so may another coordinator or the director.
    login(w.co_mentor)
    assert f"/followups/{for_mentor.id}/done" in client.get(f"/cases/{w.mentor_case.id}").get_data(as_text=True)
    assert client.post(f"/followups/{for_mentor.id}/done", data={"note": "klaar"}).status_code == 302
    assert status_of(for_mentor.id) == "done"
    login(w.coordinator2)
    assert client.post(f"/followups/{for_coordinator.id}/done").status_code == 302
    assert status_of(for_coordinator.id) == "done"
    assert client.post(f"/followups/{for_director.id}/cancel", data={"reason": "dubbel"}).status_code == 302
    assert status_of(for_director.id) == "cancelled"


def test_role_task_is_done_by_the_role_or_a_director(client, login, crowd):
    w = crowd
    mentors = add_followup(w.mentor_case, "manual", date(2026, 11, 20), assignee_role="mentor", note="m")
    directors = add_followup(w.mentor_case, "manual", date(2026, 11, 20), assignee_role="director", note="d")
    coordinators = add_followup(w.mentor_case, "manual", date(2026, 11, 20), assignee_role="coordinator", note="c")
    db.session.commit()
    login(w.coordinator)  # unchanged: a coordinator may not tick off the directors' task
    assert client.post(f"/followups/{directors.id}/done").status_code == 403
    assert status_of(directors.id) == "open"
    login(w.group_mentor)
    assert client.post(f"/followups/{coordinators.id}/done").status_code == 403
    assert client.post(f"/followups/{mentors.id}/done").status_code == 302
    assert status_of(mentors.id) == "done"
    login(w.director)
    assert client.post(f"/followups/{coordinators.id}/done").status_code == 302
    assert status_of(coordinators.id) == "done"
