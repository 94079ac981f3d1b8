"""The legal and protocol rules Meldpunt enforces: what each says, where it comes from, and
which function enforces it.

docs/rules.md is generated from this list and from the tests that carry
`@pytest.mark.rule("<id>")` (tests/rules_doc.py); tests/test_rules_doc.py fails when the two
drift apart, when a rule lacks a unit test (tests/workflows/) or a flow test (a request or
browser test), or when an enforcing function no longer exists.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    topic: str
    statement: str
    source: str  # the article(s) or protocol the rule comes from
    enforced_by: tuple[str, ...]  # "package.module.function", resolvable by import


CALENDAR = "Calendar and terms"
PUPIL = "Pupil sanctions"
STAFF = "Staff sanctions"
POLICE = "Police reports"

RULES: tuple[Rule, ...] = (
    Rule(
        "atw-holidays",
        CALENDAR,
        "The Atw's general holidays are computed for any year: New Year, Easter Monday, King's Day (26 April "
        "when the 27th is a Sunday), 5 May every year, Ascension, Whit Monday, 25 and 26 December.",
        "Algemene termijnenwet art. 3",
        ("workflows.atw.public_holidays",),
    ),
    Rule(
        "atw-shift",
        CALENDAR,
        "A statutory term whose last day is a Saturday, Sunday or general holiday runs to the next day that is "
        "none of these; every term below gets this shift.",
        "Algemene termijnenwet art. 1",
        ("workflows.atw.extend_last_day",),
    ),
    Rule(
        "school-days",
        CALENDAR,
        "School days are Monday to Friday, without general holidays and without the school's own holidays.",
        "WPO 40c, IB WVO 13 (suspension in school days)",
        ("workflows.deadlines.is_school_day", "workflows.deadlines.school_days_between"),
    ),
    Rule(
        "sanction-director-decides",
        PUPIL,
        "A coordinator or director proposes a sanction; only the director decides it.",
        "Protocol 001 (sanctions); WPO 40(11), WVO 27 (the board decides)",
        ("workflows.sanction.fire", "workflows.sanction.can_propose"),
    ),
    Rule(
        "ladder-skip-justified",
        PUPIL,
        "Skipping a step of the sanction ladder needs a written justification.",
        "Protocol 001 (sanctions in order of weight)",
        ("workflows.sanction_rules.skipped_steps",),
    ),
    Rule(
        "suspension-max-five-school-days",
        PUPIL,
        "A pupil is suspended for at most five school days, with start and end date and written reasons.",
        "WPO 40c; IB WVO 13",
        ("workflows.sanction_rules.check_decision",),
    ),
    Rule(
        "suspension-inspectie",
        PUPIL,
        "A suspension of more than one school day is reported to the Inspectie; it is not final before.",
        "WPO 40c; IB WVO 13",
        ("workflows.sanction_rules.check_finality",),
    ),
    Rule(
        "removal-admitting-school",
        PUPIL,
        "A removal becomes final only once another school has agreed to admit the pupil.",
        "WPO 40(11); WVO 27(2)",
        ("workflows.sanction_rules.check_finality",),
    ),
    Rule(
        "objection-window",
        PUPIL,
        "Objection is possible for six weeks from the day after notification; one received later is refused, "
        "and the sanction is final only after the window.",
        "Awb 6:7, 6:8; WPO 63",
        ("workflows.deadlines.objection_window_end", "workflows.sanction.fire"),
    ),
    Rule(
        "staff-summary-dismissal-immediate",
        STAFF,
        "A summary dismissal is given at once, the day the urgent reason became known, unless a recorded "
        "reason justifies the delay.",
        "BW 7:677(1), 7:678",
        ("workflows.sanction_rules.check_immediate",),
    ),
    Rule(
        "police-victim-only-offences",
        POLICE,
        "Defamation, slander and insult are complaint offences: only the victim (or the parents of a victim "
        "under 16) files; the school records its support and cannot file itself.",
        "Sr 261, 262, 266, 269 (klachtdelict); Sr 64-65 (under 16 the legal representative)",
        ("workflows.police.fire",),
    ),
    Rule(
        "police-complaint-term",
        POLICE,
        "The complaint must be made within three months after the victim learned of the offence.",
        "Sr 66",
        ("workflows.deadlines.complaint_deadline",),
    ),
    Rule(
        "police-sexual-offence-staff",
        POLICE,
        "A sexual offence by staff: the board is informed and consults the confidential inspector first; on "
        "a reasonable suspicion the board must report to the police.",
        "WPO 4a and its WVO counterpart (meldplicht, aangifteplicht)",
        ("workflows.police.fire",),
    ),
)


def by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in RULES}
