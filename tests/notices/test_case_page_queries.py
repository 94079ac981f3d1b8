"""The notices section is eager-loaded: the case page's statement count does not grow."""

from sqlalchemy import select

from incidents.extensions import db
from incidents.followups.models import Followup
from incidents.followups.operations import complete_followup
from incidents.notices.operations import default_drafts, notice_pupils, send_notices
from incidents.people.models import Guardianship, Person
from tests.helpers import count_statements


def test_case_page_statement_count_does_not_grow_with_notices(
    app, client, login, make_school, make_user, make_person, make_case, frozen_clock
):
    school = make_school()
    director = make_user("director", school)
    counts = []
    for n in (1, 3):
        pupils = [
            make_person(school, first_name=f"Leerling{n}{i}", last_name=f"Achternaam{n}{i}", parents=2)
            for i in range(n)
        ]
        for i, pupil in enumerate(pupils):  # and a parent on paper: a letter, posted (its task done)
            paper = Person(school_id=school.id, kind="parent", first_name=f"Papier{n}{i}", last_name="Ouder")
            db.session.add(Guardianship(pupil=pupil, parent=paper, parental_authority=True))
        db.session.commit()
        case = make_case(school, director, [(p, "witness") for p in pupils])
        with app.test_request_context():
            send_notices(case, director, default_drafts(case, notice_pupils(case), None, "Director"), None, "D")
            for task in db.session.scalars(select(Followup).where(Followup.case_id == case.id)):
                complete_followup(task, director)
        db.session.commit()
        login(director)
        client.get(f"/cases/{case.id}")
        with count_statements() as statements:
            response = client.get(f"/cases/{case.id}")
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert html.count('data-status="queued"') == 2 * n and html.count('data-status="posted"') == n
        assert html.count("data-pending-dispatch") == 2 * n  # the e-mails; the letters have left
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
