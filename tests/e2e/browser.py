"""Steps the browser tests share."""

import re

DEMO_PASSWORD = "demo"


def sign_in(page, base, email, lang=None):
    """Sign in as a demo account and wait until the login page is left."""
    page.goto(f"{base}/login" + (f"?lang={lang}" if lang else ""))
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/login).*$"))
