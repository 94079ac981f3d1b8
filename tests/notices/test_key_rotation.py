"""Rotating SECRET_KEY: with the old key in SECRET_KEY_FALLBACKS the notice links already sent
and the sessions already signed in keep working; new links are signed with the new key only."""

from incidents.notices.tokens import make_token, read_token
from tests.helpers import EN, FROZEN_NOW
from tests.notices.helpers import compose_data, link_in, recipients_of

OLD, NEW = "old-secret-" + "o" * 32, "new-secret-" + "n" * 32


def sent_link(client, login, world):
    login(world.coordinator)
    response = client.post(f"/cases/{world.case.id}/notices/new", data=compose_data(client, world.case.id))
    assert response.status_code == 302
    client.post("/logout")
    recipient = next(r for r in recipients_of(world.case) if r.notice.pupil_id == world.femke.id)
    return recipient, link_in(recipient.outbox_message)


def test_a_link_sent_before_the_rotation_opens_while_the_old_key_is_a_fallback(
    client, login, world, configure, frozen_clock
):
    configure(SECRET_KEY=OLD, SECRET_KEY_FALLBACKS=[])
    _, link = sent_link(client, login, world)
    assert client.get(link).status_code == 200

    configure(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[OLD])
    response = client.get(link, headers=EN)
    assert response.status_code == 200 and "Het Baken" in response.get_data(as_text=True)

    configure(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[])  # the old key retired: its links are dead
    assert client.get(link).status_code == 404


def test_new_links_are_signed_with_the_new_key_not_a_fallback(app, client, login, world, configure, frozen_clock):
    recipient, _ = sent_link(client, login, world)
    configure(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[OLD])
    token = make_token(recipient, FROZEN_NOW)
    configure(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[])
    assert read_token(token) == (recipient.id, recipient.nonce)
    configure(SECRET_KEY=OLD, SECRET_KEY_FALLBACKS=[])
    assert client.get(f"/n/{token}").status_code == 404


def test_a_signed_in_session_survives_the_rotation(client, login, world, configure):
    configure(SECRET_KEY=OLD, SECRET_KEY_FALLBACKS=[])
    login(world.coordinator)
    assert client.get("/", headers=EN).status_code == 200
    configure(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[OLD])
    assert client.get("/", headers=EN).status_code == 200
    configure(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[])
    assert client.get("/", headers=EN).status_code == 302  # the cookie no longer verifies: sign in again
