"""Which client address a session is bound to: the peer's own unless TRUSTED_PROXIES says how many
proxies' X-Forwarded-For to believe (werkzeug's ProxyFix)."""

import subprocess
import sys
from pathlib import Path

import pytest

from config import Config, TestConfig
from incidents.core.proxies import HEADERS, TrustedProxies
from tests.auth.sessions_helpers import copy_cookie, sessions_of, signed_in
from tests.helpers import EN, TEST_PASSWORD

PROXY = "10.0.0.1"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def mentor(make_school, make_user, frozen_clock):
    return make_user("mentor", make_school())


def from_address(client, address):
    client.environ_base["REMOTE_ADDR"] = address
    return client


def sign_in_via(client, user, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    response = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}, headers=headers)
    assert response.status_code == 302


def signed_in_as_forwarded(client, forwarded_for):
    response = client.get("/account/sessions", headers={"X-Forwarded-For": forwarded_for})
    return response.status_code == 200


def test_without_the_setting_x_forwarded_for_is_ignored(app, client, mentor):
    from_address(client, PROXY)
    sign_in_via(client, mentor, forwarded_for="203.0.113.7")
    assert sessions_of(mentor)[0].ip_address == PROXY
    assert signed_in_as_forwarded(client, "198.51.100.9")  # the header changes nothing
    assert PROXY in client.get("/account/sessions").get_data(as_text=True)


def test_without_the_setting_a_copied_cookie_cannot_claim_the_victims_address(app, client, mentor):
    from_address(client, "192.0.2.10")
    sign_in_via(client, mentor)
    thief = from_address(copy_cookie(app, client), "192.0.2.66")
    assert not signed_in_as_forwarded(thief, "192.0.2.10")
    assert signed_in(client)  # the victim's session lives on


def test_with_one_trusted_proxy_the_forwarded_client_is_the_address(app, client, mentor, configure):
    configure(TRUSTED_PROXIES=1)
    from_address(client, PROXY)
    sign_in_via(client, mentor, forwarded_for="203.0.113.7")
    assert sessions_of(mentor)[0].ip_address == "203.0.113.7"
    assert signed_in_as_forwarded(client, "203.0.113.7")
    page = client.get("/account/sessions", headers={"X-Forwarded-For": "203.0.113.7", **EN}).get_data(as_text=True)
    assert "203.0.113.7" in page and PROXY not in page
    # The proxy reports another client: the session is not valid from there.
    assert not signed_in_as_forwarded(client, "198.51.100.9")


def test_with_one_trusted_proxy_an_address_the_client_prepends_is_not_believed(app, client, mentor, configure):
    configure(TRUSTED_PROXIES=1)
    from_address(client, PROXY)
    sign_in_via(client, mentor, forwarded_for="6.6.6.6, 203.0.113.7")  # the proxy appended the real one
    assert sessions_of(mentor)[0].ip_address == "203.0.113.7"


def test_without_binding_a_session_survives_a_new_address(app, client, mentor, configure):
    configure(SESSION_BIND_IP=False)
    from_address(client, "192.0.2.10")
    sign_in_via(client, mentor)
    assert signed_in(from_address(client, "192.0.2.11"))


def test_a_session_is_bound_to_its_browser(app, client, mentor):
    client.environ_base["HTTP_USER_AGENT"] = (
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
    )
    sign_in_via(client, mentor)
    thief = copy_cookie(app, client)
    thief.environ_base["HTTP_USER_AGENT"] = (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
    )
    assert not signed_in(thief) and signed_in(client)
    assert (sessions_of(mentor)[0].browser, sessions_of(mentor)[0].os) == ("Firefox", "Windows")


def _seen_by(config, headers):
    seen = {}

    def inner(environ, start_response):
        seen.update(addr=environ["REMOTE_ADDR"], scheme=environ["wsgi.url_scheme"], host=environ.get("HTTP_HOST"))
        start_response("204 No Content", [])
        return []

    environ = {"REMOTE_ADDR": PROXY, "wsgi.url_scheme": "http", "HTTP_HOST": "intern:8000", **headers}
    TrustedProxies(config, inner)(environ, lambda status, headers: None)
    return seen


def test_the_middleware_applies_for_proto_and_host_only_when_trusted():
    forwarded = {
        "HTTP_X_FORWARDED_FOR": "203.0.113.7",
        "HTTP_X_FORWARDED_PROTO": "https",
        "HTTP_X_FORWARDED_HOST": "meldpunt.example",
    }
    assert _seen_by({"TRUSTED_PROXIES": 0}, forwarded) == {"addr": PROXY, "scheme": "http", "host": "intern:8000"}
    assert _seen_by({"TRUSTED_PROXIES": 1}, forwarded) == {
        "addr": "203.0.113.7",
        "scheme": "https",
        "host": "meldpunt.example",
    }


FORWARDED = {
    "HTTP_X_FORWARDED_FOR": "203.0.113.7",
    "HTTP_X_FORWARDED_PROTO": "https",
    "HTTP_X_FORWARDED_HOST": "meldpunt.example",
}
UNTOUCHED = {"addr": PROXY, "scheme": "http", "host": "intern:8000"}


@pytest.mark.parametrize(
    ("setting", "believed"),
    [
        ("PROXY_FIX_X_FOR", {"addr": "203.0.113.7"}),
        ("PROXY_FIX_X_PROTO", {"scheme": "https"}),
        ("PROXY_FIX_X_HOST", {"host": "meldpunt.example"}),
    ],
)
def test_each_forwarded_header_has_its_own_setting(setting, believed):
    assert _seen_by({setting: 1}, FORWARDED) == UNTOUCHED | believed
    # With the shorthand for all three, the header's own setting still wins: 0 ignores it.
    others = {"addr": "203.0.113.7", "scheme": "https", "host": "meldpunt.example"}
    assert _seen_by({"TRUSTED_PROXIES": 1, setting: 0}, FORWARDED) == others | {key: UNTOUCHED[key] for key in believed}


def test_the_count_picks_the_address_that_many_proxies_from_the_right():
    chain = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7, 10.0.0.2"}
    assert _seen_by({"PROXY_FIX_X_FOR": 1}, chain)["addr"] == "10.0.0.2"
    assert _seen_by({"PROXY_FIX_X_FOR": 2}, chain)["addr"] == "203.0.113.7"
    assert _seen_by({"TRUSTED_PROXIES": 2, "PROXY_FIX_X_FOR": None}, chain)["addr"] == "203.0.113.7"


def test_proxy_fix_is_off_by_default():
    assert (Config.TRUSTED_PROXIES, Config.PROXY_FIX_X_FOR, Config.PROXY_FIX_X_PROTO, Config.PROXY_FIX_X_HOST) == (
        0,
        None,
        None,
        None,
    )
    assert _seen_by({key: getattr(TestConfig, key) for key in ("TRUSTED_PROXIES", *HEADERS)}, FORWARDED) == UNTOUCHED


def test_the_settings_are_read_from_the_environment():
    code = "from config import Config as C; print(C.PROXY_FIX_X_FOR, C.PROXY_FIX_X_PROTO, C.PROXY_FIX_X_HOST)"
    env = {"PATH": "/usr/bin:/bin", "PROXY_FIX_X_FOR": "2", "PROXY_FIX_X_PROTO": "1", "PROXY_FIX_X_HOST": ""}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    assert result.stdout.split() == ["2", "1", "None"]
