"""Where coordinators send notices, they are told when e-mail is not configured."""

import pytest

from tests.helpers import EN

BANNER = "E-mail is not configured: messages are written to files in"


@pytest.mark.parametrize("mail_server", [None, "smtp.example.org"])
def test_banner_on_compose_page_and_case_page(client, login, world, app, mail_server, configure):
    configure(MAIL_SERVER=mail_server)
    for user in (world.coordinator, world.director):
        login(user)
        compose = client.get(f"/cases/{world.case.id}/notices/new", headers=EN).get_data(as_text=True)
        case_page = client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
        for page in (compose, case_page):
            assert (BANNER in page) is (mail_server is None)
            assert ('data-mail-mode="files"' in page) is (mail_server is None)
        if mail_server is None:
            assert "Parents do not receive these e-mails" in case_page


def test_no_banner_for_mentors(client, login, world, app, configure):
    configure(MAIL_SERVER=None)
    login(world.mentor)
    assert BANNER not in client.get(f"/cases/{world.case.id}", headers=EN).get_data(as_text=True)
