"""Sanction workflow: transition table over every (state, event, role)."""

from datetime import date
from types import SimpleNamespace

import pytest

from workflows import sanction
from workflows.errors import TransitionRefused

TODAY = date(2025, 3, 3)
ROLES = ("mentor", "coordinator", "director", "admin", "system")
STATES = (
    "proposed",
    "hearing",
    "decided",
    "notified",
    "objection_window",
    "objection_filed",
    "objection_decided",
    "final",
    "revoked",
)
OPEN = [s for s in STATES if s not in ("final", "revoked")]
STAFF = {"coordinator", "director"}
DIRECTOR = {"director"}

# Expected table from the protocol: event -> ({source: target}, roles).
TABLE = {
    "start_hearing": ({"proposed": "hearing"}, STAFF),
    "decide": ({"proposed": "decided", "hearing": "decided"}, DIRECTOR),
    "notify": ({"decided": "objection_window"}, STAFF),
    "file_objection": ({"objection_window": "objection_filed"}, STAFF),
    "decide_objection": ({"objection_filed": "objection_decided"}, DIRECTOR),
    "finalize": (
        {"notified": "final", "objection_window": "final", "objection_decided": "final"},
        {"director", "system"},
    ),
    "revoke": (dict.fromkeys(OPEN, "revoked"), DIRECTOR),
}
# Allowed by role and state but refused by a rule for these facts.
RULE_REFUSALS = {("proposed", "decide"): "hearing_required"}

# A staff reprimand whose every rule is met: intent sent and answered, window passed.
FACTS = sanction.SanctionFacts(
    today=TODAY,
    kind="staff",
    measure="reprimand",
    intent_filed=True,
    intent_sent_on=date(2025, 1, 6),
    intent_received_on=date(2025, 1, 7),
    response_filed=True,
    notified_on=date(2025, 1, 17),
    objection_deadline=date(2025, 3, 1),
    objection_received_on=date(2025, 2, 20),
    hearing_reports=(sanction.Hearing("employee", date(2025, 2, 24)),),  # the objector heard
)
PARAMS = dict(reasons="written", reason="why", outcome="upheld", received_on=date(2025, 2, 20))


def test_machine_declares_exactly_the_expected_states_and_events():
    assert set(sanction.STATES) == set(STATES)
    assert set(sanction.EVENTS) == set(TABLE)
    assert sanction.OPEN_STATES == frozenset(OPEN)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("event", sorted(TABLE))
@pytest.mark.parametrize("role", ROLES)
def test_transition_table(state, event, role):
    targets, roles = TABLE[event]
    m = SimpleNamespace(state=state)
    options = {o.event: o for o in sanction.available(state, role, FACTS)}
    if role not in roles or state not in targets:
        expected = [
            r for r, bad in (("role_not_allowed", role not in roles), ("invalid_state", state not in targets)) if bad
        ]
    else:
        expected = [RULE_REFUSALS[state, event]] if (state, event) in RULE_REFUSALS else []
    if expected:
        with pytest.raises(TransitionRefused) as exc:
            sanction.fire(m, event, role, FACTS, **PARAMS)
        assert list(exc.value.reasons) == expected
        assert m.state == state
        if "role_not_allowed" in expected or "invalid_state" in expected:
            assert event not in options
        else:
            assert options[event].reasons == tuple(expected)
    else:
        sanction.fire(m, event, role, FACTS, **PARAMS)
        assert m.state == targets[state]
        assert options[event].allowed
