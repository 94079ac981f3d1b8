"""The admin page that configures the school's provider: admins only, the secret write-only."""

from sqlalchemy import select

from incidents.extensions import db
from incidents.sso.models import SsoProvider
from incidents.sso.secrets import decrypt_secret
from tests.helpers import EN

SECRET = "a-very-secret-client-secret"


def form(**overrides):
    data = {
        "label": "Microsoft",
        "issuer": "https://login.microsoftonline.com/tenant/v2.0",
        "client_id": "client-123",
        "client_secret": SECRET,
        "allowed_domains": "baken.example\n@Leerling.Baken.Example",
        "enabled": "y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def stored():
    db.session.expire_all()
    return db.session.scalar(select(SsoProvider))


def test_only_the_admin_configures_sso(world, client, login):
    for user in (world.mentor, world.coordinator, world.director):
        login(user)
        assert client.get("/admin/sso", headers=EN).status_code == 403
        assert client.post("/admin/sso", data=form(), headers=EN).status_code == 403
    assert stored() is None


def test_the_secret_is_stored_encrypted_and_never_shown_back(world, client, login, caplog):
    login(world.admin)
    assert client.post("/admin/sso", data=form(), headers=EN).status_code == 302
    provider = stored()
    assert provider.school_id == world.school.id and provider.enabled
    assert provider.domains == ["baken.example", "leerling.baken.example"]
    assert SECRET not in provider.client_secret_encrypted
    assert decrypt_secret(provider.client_secret_encrypted) == SECRET
    page = client.get("/admin/sso", headers=EN).get_data(as_text=True)
    assert SECRET not in page and provider.client_secret_encrypted not in page
    assert "A secret is stored" in page
    assert SECRET not in caplog.text

    # Left empty, the stored secret stays.
    assert client.post("/admin/sso", data=form(client_secret="", label="Entra"), headers=EN).status_code == 302
    assert stored().label == "Entra" and decrypt_secret(stored().client_secret_encrypted) == SECRET


def test_bad_input_is_refused_next_to_its_field_and_kept(world, client, login):
    login(world.admin)
    page = client.post(
        "/admin/sso",
        data=form(issuer="http://idp.example.org", allowed_domains="not a domain!", client_secret=""),
        headers=EN,
    )
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "https:// address, without ? or #." in text
    assert "Not a domain name: not, a, domain!" in text
    assert 'value="http://idp.example.org"' in text
    assert stored() is None


def test_a_new_provider_needs_a_secret(world, client, login):
    login(world.admin)
    text = client.post("/admin/sso", data=form(client_secret=""), headers=EN).get_data(as_text=True)
    assert "Enter the client secret." in text
    assert stored() is None


def test_passwords_go_off_only_with_sso_on(world, client, login):
    login(world.admin)
    text = client.post("/admin/sso", data=form(enabled=None, local_passwords_off="y"), headers=EN).get_data(
        as_text=True
    )
    assert "Passwords can only be switched off while SSO is on." in text
    assert stored() is None
    assert client.post("/admin/sso", data=form(local_passwords_off="y"), headers=EN).status_code == 302
    assert stored().local_passwords_off


def test_another_schools_provider_is_not_touched(world, client, login, make_user):
    other_admin = make_user("admin", world.other_school)
    login(other_admin)
    assert client.post("/admin/sso", data=form(label="Elders"), headers=EN).status_code == 302
    login(world.admin)
    page = client.get("/admin/sso", headers=EN).get_data(as_text=True)
    assert "Elders" not in page
    assert stored().school_id == world.other_school.id
