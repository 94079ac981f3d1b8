"""The case page's correspondence section: records with filings and attachments, no N+1."""

from datetime import date

from incidents.correspondence.operations import record_correspondence
from incidents.evidence.storage import StoredFile
from incidents.extensions import db
from tests.helpers import EN, statements_for


def test_section_lists_records_and_statement_count_does_not_grow(
    client, login, make_school, make_user, make_person, make_case, frozen_clock
):
    school = make_school()
    director = make_user("director", school)
    counts = []
    for n in (1, 5):
        pupils = [make_person(school, parents=1) for _ in range(n)]
        case = make_case(school, director, [(p, "witness") for p in pupils])
        for i, pupil in enumerate(pupils):
            files = [
                (StoredFile(sha256=f"{i:064x}", size=2048, content_type="application/pdf"), f"bijlage-{i}-{k}.pdf")
                for k in range(2)
            ]
            record_correspondence(
                case,
                director,
                kind="email",
                direction="in",
                occurred_on=date(2026, 11, 2),
                subject=f"Onderwerp {i}",
                body=f"Inhoud {i}",
                concerns=[pupil.id, pupil.parents[0].id],
                attachments=files,
            )
        db.session.commit()
        login(director)
        response, statements = statements_for(client, f"/cases/{case.id}?lang=en")
        html = response.get_data(as_text=True)
        assert html.count("data-correspondence=") == n and html.count("data-attachment=") == 2 * n
        assert all(p.parents[0].full_name in html for p in pupils)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_section_links_to_the_record_page(client, login, make_school, make_user, make_person, make_case):
    school = make_school()
    mentor = make_user("mentor", school)
    case = make_case(school, mentor, [(make_person(school), "target")])
    login(mentor)
    html = client.get(f"/cases/{case.id}", headers=EN).get_data(as_text=True)
    assert f'href="/cases/{case.id}/correspondence/new"' in html and "No correspondence filed." in html
