"""Issue 12, point 8, through the browser: a summary dismissal (BW 7:677, 7:678) opens no
objection window; its letter states the urgent reason and the employee's remedy, a request to
the kantonrechter within two months (BW 7:686a lid 4), with that last day."""

from datetime import date

import pytest
from sqlalchemy import select

from incidents.correspondence.models import Correspondence
from incidents.evidence.storage import path_for
from incidents.extensions import db
from tests.helpers import EN, TODAY, button
from tests.letters.helpers import draft_fields, pdf_text, setup_data
from tests.sanctions.test_sanctions_flow import fresh, ok, proposed

NL = {"Accept-Language": "nl"}
COURT_DEADLINE = date(2027, 1, 18)  # 16 January 2027 is a Saturday: the Atw moves it to Monday
REASON = "Seksueel getinte berichten aan een leerling gestuurd."


@pytest.fixture
def dismissed(make_world, client, login):
    """Karin Smit summarily dismissed today, decided and notified by the director."""
    w = make_world(involved=(("femke", "target"), ("teacher", "perpetrator")))
    login(w.director)
    sanction = proposed(
        client,
        w.case,
        w.teacher,
        "summary_dismissal",
        urgent_reason_known_on=TODAY,
        justification="Ernstig grensoverschrijdend gedrag.",
    )
    w.sanction = ok(client, sanction, "decide", reasons=REASON)
    return w


@pytest.mark.rule("staff-summary-dismissal-kantonrechter")
def test_notifying_a_summary_dismissal_opens_no_objection_window(client, dismissed):
    w = dismissed
    sanction = ok(client, w.sanction, "notify")
    assert (sanction.state, sanction.objection_deadline) == ("notified", None)
    page = client.get(f"/sanctions/{sanction.id}", headers=EN).get_data(as_text=True)
    assert "Objection possible until" not in page
    assert button(page, "file_objection") is None
    assert f'data-court-deadline="{COURT_DEADLINE.isoformat()}"' in page
    assert "may ask the kantonrechter to annul the summary dismissal until" in page
    assert button(page, "finalize") == "enabled"  # nothing to wait for
    assert ok(client, sanction, "finalize").state == "final"


@pytest.mark.rule("staff-summary-dismissal-kantonrechter")
def test_the_page_shows_the_kantonrechter_term_in_dutch(client, dismissed):
    page = client.get(f"/sanctions/{dismissed.sanction.id}", headers=NL).get_data(as_text=True)
    assert "kantonrechter" in page and "Geen bezwaar" in page


@pytest.mark.rule("staff-summary-dismissal-kantonrechter")
def test_the_letter_states_the_urgent_reason_and_the_kantonrechter_term(client, dismissed):
    w = dismissed
    data = setup_data("summary_dismissal", sanction=w.sanction, recipient=w.teacher)
    response = client.post(f"/cases/{w.case.id}/letters/new", data=data, headers=EN)
    assert response.status_code == 200
    subject, body = draft_fields(response.get_data(as_text=True))
    assert REASON in body and "18 januari 2027" in body and "kantonrechter" in body
    assert "binnen zes weken schriftelijk bezwaar" not in body
    response = client.post(
        f"/cases/{w.case.id}/letters/draft", data={**data, "subject": subject, "body": body, "action": "file"}
    )
    assert response.status_code == 302
    record = db.session.scalar(select(Correspondence).where(Correspondence.sanction_id == w.sanction.id))
    text = pdf_text(path_for(record.attachments[0].sha256).read_bytes())
    assert "Dringende reden" in text and "uiterlijk op 18 januari 2027" in text
    assert fresh(w.sanction).objection_deadline is None
