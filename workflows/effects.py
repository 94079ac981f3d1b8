"""What a transition yields, and the generic driver shared by all workflows.

Each workflow module declares a python-statemachine class (the transition table), a
role table (event -> roles) and two functions: `check` (rule guards that produce reason
codes) and `effects` (follow-ups, notices and computed fields). `Flow` glues them together
so `available` and `fire` behave the same for every workflow.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Generic, Protocol, TypeVar, cast

from statemachine import StateMachine
from statemachine.event import Event

from .errors import TransitionRefused

ROLE_NOT_ALLOWED = "role_not_allowed"
INVALID_STATE = "invalid_state"
UNKNOWN_EVENT = "unknown_event"


@dataclass(frozen=True)
class FollowupSpec:
    kind: str
    due: date
    assignee_role: str  # a role from workflows.roles, or roles.HANDLER


@dataclass(frozen=True)
class NoticeSpec:
    kind: str
    recipients: str  # "parents", "pupil", "employee", "leerplichtambtenaar", ...
    send_on: date | None = None  # None: send right after the commit


@dataclass(frozen=True)
class Option:
    """One event the role could fire from the current state (for buttons)."""

    event: str
    allowed: bool
    reasons: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # allowed, but only with an explicit override/justification
    details: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


@dataclass
class Outcome:
    """Side effects the caller must persist in the same transaction as the new state."""

    event: str
    source: str | None
    target: str
    followups: list[FollowupSpec] = field(default_factory=list)
    notices: list[NoticeSpec] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Computed fields; None means "not touched by this transition".
    escalation_level: int | None = None
    notified_on: date | None = None
    objection_deadline: date | None = None
    objection_received_on: date | None = None
    objection_decision_due: date | None = None
    objection_outcome: str | None = None
    response_due: date | None = None
    school_days: int | None = None
    complaint_deadline: date | None = None
    skipped_steps: tuple[str, ...] = ()

    def follow(self, kind: str, due: date, assignee_role: str) -> None:
        self.followups.append(FollowupSpec(kind, due, assignee_role))

    def notify(self, kind: str, *recipients: str, send_on: date | None = None) -> None:
        self.notices.extend(NoticeSpec(kind, r, send_on) for r in recipients)


class Verdict:
    """Collects refusal reasons and warnings while a rule check runs.

    `preview` is True when there are no params yet (building buttons): checks that need
    params are skipped, and refusals an override could lift become warnings.
    """

    def __init__(self, params: Mapping[str, Any] | None):
        self.preview = params is None
        self.params: Mapping[str, Any] = params or {}
        self.reasons: list[str] = []
        self.warnings: list[str] = []
        self.details: dict[str, dict[str, Any]] = {}

    def refuse(self, code: str, **details: Any) -> None:
        self.reasons.append(code)
        if details:
            self.details[code] = details

    def require(self, *names: str) -> None:
        """Refuse with "<name>_required" for each missing or blank param."""
        if self.preview:
            return
        for name in names:
            if not _filled(self.params.get(name)):
                self.refuse(f"{name}_required")

    def overridable(self, code: str, warning: str, **details: Any) -> None:
        """A refusal that params override=True plus an override_reason text lift; the
        outcome then carries `warning`."""
        if self.preview:
            self._preview_warning(code, details)
        elif self.params.get("override"):
            if _filled(self.params.get("override_reason")):
                self.warnings.append(warning)
            else:
                self.refuse("override_reason_required")
        else:
            self.refuse(code, **details)

    def justified(self, code: str, warning: str, param: str, **details: Any) -> None:
        """A refusal that a written justification in `param` lifts."""
        if self.preview:
            self._preview_warning(code, details)
        elif _filled(self.params.get(param)):
            self.warnings.append(warning)
        else:
            self.refuse(code, **details)

    def _preview_warning(self, code: str, details: dict[str, Any]) -> None:
        # Buttons stay enabled: the form must then ask for the override/justification.
        self.warnings.append(code)
        if details:
            self.details[code] = details


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


FactsT = TypeVar("FactsT")  # a workflow's frozen facts dataclass (CaseFacts, SanctionFacts, ...)
Params = Mapping[str, Any]

Check = Callable[[Verdict, str, str, str, FactsT], None]  # (verdict, event, state, role, facts)
Effects = Callable[[Outcome, str, FactsT, Params], None]  # (outcome, role, facts, params)


class Stateful(Protocol):
    """A record a workflow moves: the machine reads and writes its ``state`` (a model column in the app).

    Typed ``Any`` because the library first sets it to None and then to a state value.
    """

    state: Any


class Flow(Generic[FactsT]):
    def __init__(
        self,
        machine_cls: type[StateMachine],
        roles: Mapping[str, frozenset[str]],
        check: Check[FactsT],
        effects: Effects[FactsT],
        hidden: Callable[[str, FactsT], bool] | None = None,
    ):
        self.machine_cls = machine_cls
        # hidden(event, facts): the event never applies to this record (e.g. a hearing for a
        # warning); `available` omits it rather than offering a button that is always off.
        self.hidden: Callable[[str, FactsT], bool] = hidden or (lambda event, facts: False)
        self.roles = MappingProxyType(dict(roles))
        self.check = check
        self.effects = effects
        # On the class, `events` is the metaclass's property (a list); mypy sees the instance property.
        events = cast("list[Event]", machine_cls.events)
        if set(self.roles) != {e.id for e in events}:
            raise ValueError(f"{machine_cls.__name__}: role table does not match its events")

    def events_from(self, state: str) -> list[str]:
        st = self.machine_cls.states_map.get(state)
        return [e.id for e in st.transitions.unique_events] if st is not None else []

    def verdict(self, event: str, state: str | None, role: str, facts: FactsT, params: Params | None) -> Verdict:
        v = Verdict(params)
        if event not in self.roles:
            v.refuse(UNKNOWN_EVENT)
            return v
        if role not in self.roles[event]:
            v.refuse(ROLE_NOT_ALLOWED)
        if state is None or event not in self.events_from(state):
            v.refuse(INVALID_STATE, state=state)
        elif not v.reasons:  # rule checks only make sense for a legal step
            self.check(v, event, state, role, facts)
        return v

    def available(self, state: str, role: str, facts: FactsT) -> list[Option]:
        options = []
        for event in self.events_from(state):
            if role not in self.roles[event] or self.hidden(event, facts):
                continue
            v = self.verdict(event, state, role, facts, None)
            options.append(
                Option(event, not v.reasons, tuple(v.reasons), tuple(v.warnings), MappingProxyType(v.details))
            )
        return options

    def fire(self, model: Stateful, event: str, role: str, facts: FactsT, params: Params) -> Outcome:
        source: str | None = getattr(model, "state", None)
        v = self.verdict(event, source, role, facts, params)
        if v.reasons:
            raise TransitionRefused(event, tuple(v.reasons), v.details)
        machine = self.machine_cls(model)
        try:
            machine.send(event, facts=facts, params=params)
        except self.machine_cls.TransitionNotAllowed:  # a branch condition matched nothing
            raise TransitionRefused(event, (INVALID_STATE,), {INVALID_STATE: {"state": source}}) from None
        outcome = Outcome(event, source, model.state, warnings=list(v.warnings))
        self.effects(outcome, role, facts, params)
        return outcome

    def start(self, model: Stateful) -> str:
        """Put a new record in the initial state; the library activates it on model.state."""
        model.state = None
        self.machine_cls(model)
        state: str = model.state
        return state
