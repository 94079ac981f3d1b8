"""Single sign-on: a school signs its staff in through its own identity provider (OpenID Connect
today; the protocol interface in `protocols.py` leaves room for SAML beside it)."""
