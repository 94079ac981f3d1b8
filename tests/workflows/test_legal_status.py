"""The school's legal status picks the objection route (workflows/legal_status.py)."""

import pytest

from workflows import legal_status as L


def test_public_and_special_are_the_two_legal_statuses():
    assert L.is_public("public") and not L.is_public("special")


def test_an_unknown_legal_status_is_refused_rather_than_taken_for_special():
    with pytest.raises(ValueError):
        L.is_public("openbaar")


@pytest.mark.parametrize(
    "legal_status, kind, route",
    [
        ("public", "pupil", "public"),
        ("public", "parent", "public"),
        ("special", "pupil", "special"),
        ("public", "staff", "special"),  # employment law since the Wnra, never the Awb
    ],
)
@pytest.mark.rule("objection-route-by-legal-status")
def test_the_objection_route_follows_the_school_except_for_staff(legal_status, kind, route):
    assert L.objection_route(legal_status, kind) == route
