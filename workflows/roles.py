"""Role names used by the workflows (the web layer stores the same strings on users)."""

MENTOR = "mentor"
COORDINATOR = "coordinator"
DIRECTOR = "director"
ADMIN = "admin"  # application administrator; handles no cases, so no workflow events
SYSTEM = "system"  # the scheduler, e.g. finalizing a sanction after its objection window

# Pseudo-role for follow-ups: whoever currently handles the case.
HANDLER = "handler"

ALL = frozenset({MENTOR, COORDINATOR, DIRECTOR, ADMIN})

# Escalation levels of a case: who handles it.
LEVEL_NONE, LEVEL_COORDINATOR, LEVEL_DIRECTOR = 0, 1, 2
