"""Issue 10, point 11: the other public and costly routes are limited per client address and
answer a flood with 429 and a Dutch page: the parents' notice link, the token links of the
account pages, the reset request and person search."""

import pytest

from incidents.auth.tokens import new_token
from tests.auth.throttle_helpers import IP_A, IP_B
from tests.helpers import EN, TEST_PASSWORD


def _get(client, path, ip=IP_A, headers=None):
    return client.get(path, headers=headers or {}, environ_base={"REMOTE_ADDR": ip})


def test_a_flood_on_the_notice_link_gets_429_with_a_dutch_page(client, configure):
    configure(LIMIT_TOKEN_LINKS_PER_IP="5 per minute")
    guesses = [_get(client, f"/n/geraden-token-{n}") for n in range(5)]
    assert [r.status_code for r in guesses] == [404] * 5
    flood = _get(client, "/n/geraden-token-6")
    assert flood.status_code == 429
    page = flood.get_data(as_text=True)
    assert "Te veel verzoeken" in page and "Wacht even en probeer het dan opnieuw" in page
    assert "geraden-token" not in page
    assert 0 < int(flood.headers["Retry-After"]) <= 60
    assert client.post("/n/geraden-token-7", environ_base={"REMOTE_ADDR": IP_A}).status_code == 429
    # A parent elsewhere is not affected.
    assert _get(client, "/n/geraden-token-8", ip=IP_B).status_code == 404


@pytest.mark.parametrize("prefix", ["/reset/", "/invitation/"])
def test_token_links_of_the_account_pages_are_limited(client, configure, prefix):
    configure(LIMIT_TOKEN_LINKS_PER_IP="3 per minute")
    assert [_get(client, prefix + new_token()[0]).status_code for _ in range(3)] == [404] * 3
    assert _get(client, prefix + new_token()[0], headers=EN).status_code == 429
    assert _get(client, prefix + new_token()[0], ip=IP_B).status_code == 404


def test_reset_requests_are_limited_per_address_and_viewing_the_form_is_free(client, configure):
    configure(LIMIT_RESET_REQUESTS_PER_IP="2 per minute")

    def ask(ip=IP_A):
        return client.post("/forgot-password", data={"email": "iemand@example.org"}, environ_base={"REMOTE_ADDR": ip})

    assert [ask().status_code for _ in range(2)] == [200, 200]
    for _ in range(3):
        assert _get(client, "/forgot-password").status_code == 200
    assert ask().status_code == 429
    assert ask(IP_B).status_code == 200


def test_person_search_is_limited(client, login, world, configure):
    configure(LIMIT_PERSON_SEARCH_PER_IP="3 per minute")
    login(world.mentor)
    answers = [client.post("/people/search", json={"q": "femke"}) for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert answers[0].get_json() and "Femke" in answers[0].get_json()[0]["name"]


def test_the_storage_is_a_setting_with_an_in_process_default(monkeypatch):
    import importlib

    import config

    monkeypatch.delenv("MELDPUNT_LIMITER_STORAGE", raising=False)
    assert importlib.reload(config).Config.RATELIMIT_STORAGE_URI == "memory://"
    monkeypatch.setenv("MELDPUNT_LIMITER_STORAGE", "redis://127.0.0.1:6379/3")
    assert importlib.reload(config).Config.RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/3"
    monkeypatch.delenv("MELDPUNT_LIMITER_STORAGE")
    importlib.reload(config)


def _wrong_code(client, ip):
    return client.post("/second-factor", data={"code": "000000"}, environ_base={"REMOTE_ADDR": ip}, headers=EN)


def test_second_factor_codes_are_limited_per_address(app, configure, make_school, make_user, enrol_second_factor):
    configure(LIMIT_CODE_FAILURES_PER_IP="3 per minute", SESSION_BIND_IP=False)
    user = make_user("coordinator", make_school())
    enrol_second_factor(user)
    client = app.test_client()
    response = client.post(
        "/login", data={"email": user.email, "password": TEST_PASSWORD}, environ_base={"REMOTE_ADDR": IP_A}
    )
    assert response.headers["Location"].startswith("/second-factor")
    assert [_wrong_code(client, IP_A).status_code for _ in range(3)] == [200] * 3  # refused, form again
    assert _wrong_code(client, IP_A).status_code == 429
    assert _wrong_code(client, IP_B).status_code == 200  # another address is not affected


def test_second_factor_codes_are_limited_per_account_from_any_address(
    app, configure, make_school, make_user, enrol_second_factor
):
    configure(LIMIT_CODE_FAILURES_PER_ACCOUNT="4 per hour", SESSION_BIND_IP=False)
    user = make_user("coordinator", make_school())
    enrol_second_factor(user)
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": TEST_PASSWORD})
    addresses = [f"10.0.0.{n}" for n in range(1, 6)]
    assert [_wrong_code(client, ip).status_code for ip in addresses] == [200, 200, 200, 200, 429]
