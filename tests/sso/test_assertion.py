"""What counts as an identity provider's MFA and as a verified e-mail address."""

import pytest

from incidents.sso.assertion import Assertion, idp_asserted_mfa


@pytest.mark.parametrize(
    ("amr", "expected"),
    [
        (["pwd", "mfa"], True),
        ("mfa", True),
        (["pwd"], False),
        (["pwd", "otp"], False),  # a one-time code without "mfa" is not reported as MFA by the IdP
        ([], False),
        (None, False),
        ("pwd mfa", False),
    ],
)
def test_idp_asserted_mfa_reads_amr(amr, expected):
    claims = {"sub": "x"} if amr is None else {"sub": "x", "amr": amr}
    assert idp_asserted_mfa(claims) is expected


@pytest.mark.parametrize(
    ("claims", "verified"),
    [
        ({"email_verified": True}, True),
        ({"xms_edov": True}, True),  # Entra ID: the e-mail domain's owner verified it
        ({"email_verified": "true"}, False),
        ({"email_verified": False}, False),
        ({}, False),
    ],
)
def test_only_a_literal_true_verifies_the_e_mail(claims, verified):
    assertion = Assertion.from_claims({"sub": "s", "email": " Anna@Baken.Example ", **claims})
    assert assertion.email == "anna@baken.example"
    assert assertion.email_verified is verified
