"""Sign in through the local provider with a real HTTP client, as a browser would."""

import re
from urllib.parse import urljoin

import requests

from tests.oidc.provider import PASSWORD

EN = {"Accept-Language": "en"}

FORM_ACTION = re.compile(r'<form method="post" action="([^"]+)"')


def to_provider_login(base: str, school_code: str, http: requests.Session | None = None):
    """Start at Meldpunt and follow the redirects to the provider's login page."""
    http = http or requests.Session()
    page = http.get(f"{base}/sso/start", params={"school": school_code}, timeout=10)
    assert page.status_code == 200 and "/interaction/" in page.url, page.text
    return http, page


def log_in_at_provider(http: requests.Session, page, login: str, follow_to_app: bool = True):
    """Submit the provider's login form; with `follow_to_app` False, stop at the redirect back to
    Meldpunt and return its callback URL."""
    action = urljoin(page.url, FORM_ACTION.search(page.text).group(1))
    response = http.post(action, data={"login": login, "password": PASSWORD}, allow_redirects=False, timeout=10)
    while response.is_redirect:
        target = urljoin(response.url, response.headers["Location"])
        if not follow_to_app and "/sso/callback" in target:
            return target
        response = http.get(target, allow_redirects=False, timeout=10)
    return response


def sign_in(base: str, school_code: str, login: str):
    """The whole round trip; returns the client and the page Meldpunt ends on."""
    http, page = to_provider_login(base, school_code)
    callback_url = log_in_at_provider(http, page, login, follow_to_app=False)
    assert isinstance(callback_url, str), "the provider did not send the browser back"
    return http, http.get(callback_url, headers=EN, timeout=10)
