"""The legal and protocol rules Meldpunt enforces: what each says, where it comes from, and
which function enforces it.

docs/rules.md is generated from this list and from the tests that carry
`@pytest.mark.rule("<id>")` (tests/rules_doc.py); tests/test_rules_doc.py fails when the two
drift apart, when a rule the workflow enforces lacks a unit test (tests/workflows/), when any
rule lacks a flow test (a request or browser test), or when an enforcing function is gone.
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
OBJECTION = "Objections"
STAFF = "Staff sanctions"
POLICE = "Police reports"
PRIVACY = "Privacy (AVG)"
SCHOOL = "The school's duties"

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
        "School days are Monday to Friday, without general holidays and without the school's own holidays "
        "(entered per school year, or filled from the region's dates).",
        "WPO 40c, IB WVO 13 (a suspension counts school days)",
        ("workflows.deadlines.is_school_day", "workflows.deadlines.school_days_between"),
    ),
    Rule(
        "school-holidays-extend-no-term",
        CALENDAR,
        "School holidays extend no legal term (objection, decision, response or complaint term): only the "
        "Atw's Saturdays, Sundays and general holidays do.",
        "Algemene termijnenwet art. 1",
        ("workflows.deadlines.objection_window_end", "workflows.deadlines.objection_decision_due"),
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
        "timeout-one-school-day",
        PUPIL,
        "A time-out lasts from a start time to the end of that school day (no end date); the parents are told "
        "the same day, and a time-out report with the pupil's and parents' signature lines is filed before it "
        "is final.",
        "Protocols 001 and 002 (time-out)",
        ("workflows.sanction_rules.check_timeout_proposal", "workflows.sanction_rules.check_finality"),
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
        "hearings-dated",
        PUPIL,
        "A hearing counts only when it was held on or before the decision day, and an invitation not attended "
        "is no hearing; no hearing, decision, consultation or receipt date may lie in the future.",
        "Awb 4:8; WPO 40(11), IB WVO 14 (hearing before removal)",
        ("workflows.sanction_hearings.future_dates", "workflows.sanction_rules.check_decision"),
    ),
    Rule(
        "removal-hearings",
        PUPIL,
        "A removal is decided only after the teacher and the parents were heard; in secondary education the "
        "pupil as well.",
        "WPO 40(11); IB WVO 14",
        ("workflows.sanction_rules.check_decision",),
    ),
    Rule(
        "adult-pupil-parents",
        PUPIL,
        "The parents are heard and receive the letters while the pupil is under 18; from 18 the pupil decides "
        "whether they are involved, and a removal waits for that choice.",
        "BW 1:233 (parental authority ends at 18); WPO 40(11), IB WVO 14",
        ("workflows.sanction_rules.parents_involved", "workflows.sanction_rules.recipients"),
    ),
    Rule(
        "vo-removal-inspectie-and-leerplicht",
        PUPIL,
        "A removal in secondary education of a pupil of compulsory school age: the Inspectie is consulted "
        "before the decision and informed in writing with the reasons after it (not final before); the "
        "leerplichtambtenaar is informed at once.",
        "IB WVO 14; Leerplichtwet 1969 art. 18",
        (
            "workflows.sanction_rules.check_decision",
            "workflows.sanction_rules.informs_inspectie_after_decision",
            "workflows.sanction_rules.check_finality",
        ),
    ),
    Rule(
        "removal-admitting-school",
        PUPIL,
        "A removal becomes final only once another school has agreed to admit the pupil.",
        "WPO 40(11); IB WVO 14",
        ("workflows.sanction_rules.check_finality",),
    ),
    Rule(
        "objection-window",
        OBJECTION,
        "Objection is possible for six weeks from the day after notification; one received later is refused, "
        "and the sanction is final only after the window.",
        "Awb 6:7, 6:8; WPO 63",
        ("workflows.deadlines.objection_window_end", "workflows.sanction.fire"),
    ),
    Rule(
        "objection-route-by-legal-status",
        OBJECTION,
        "A public school decides an objection within six weeks after the objection term (Awb); a special "
        "school within four weeks of receipt (WPO 63); the decision letters describe the route that applies.",
        "Awb 7:10; WPO 63; WVO 27",
        ("workflows.legal_status.objection_route", "workflows.deadlines.objection_decision_due"),
    ),
    Rule(
        "objector-heard",
        OBJECTION,
        "An objection is decided only after the objector was heard once it was received, or was invited twice "
        "and did not come.",
        "WPO 63; IB WVO 15; Awb 7:2, 7:3",
        ("workflows.sanction_hearings.check_objector_heard",),
    ),
    Rule(
        "geschillencommissie",
        OBJECTION,
        "When the parents ask the Geschillencommissie passend onderwijs for advice on a removal, the objection "
        "is not decided (nor the removal final) before its advice, due within ten weeks; the decision term "
        "stands still meanwhile.",
        "WPO 43; WVO 27 (Geschillencommissie passend onderwijs)",
        ("workflows.geschillencommissie.check_waits_for_advice", "workflows.geschillencommissie.advice_due"),
    ),
    Rule(
        "staff-intended-measure",
        STAFF,
        "A staff measure starts with an intended-measure letter filed in the personnel file, with how it was "
        "sent (proof of receipt) and when it was received; those dates lie neither in the future nor before "
        "the proposal.",
        "BW 7:611 (good employership); CAO (hoor en wederhoor)",
        ("workflows.staff_rules.intent_delivery_errors",),
    ),
    Rule(
        "staff-response-term",
        STAFF,
        "The employee may respond for N weeks (a school setting, 3 by default) from the day after receipt; "
        "a decision before the term ends needs the employee's filed written response.",
        "CAO in force; BW 7:611",
        ("workflows.staff_rules.check_response_term", "workflows.staff_rules.response_term_end"),
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
        "staff-summary-dismissal-kantonrechter",
        STAFF,
        "A summary dismissal opens no objection window: the letter states the urgent reason and that the "
        "employee may ask the kantonrechter within two months.",
        "BW 7:686a(4)",
        ("workflows.staff_rules.court_request_deadline", "workflows.sanction_rules.is_objectable"),
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
        "The complaint must be made within three months after the victim learned of the offence; a "
        "'learned of it' date after today is refused.",
        "Sr 66",
        ("workflows.deadlines.complaint_deadline", "workflows.police.opening_errors"),
    ),
    Rule(
        "police-sr139h",
        POLICE,
        "Sharing sexual images without consent is an offence the school may report itself.",
        "Sr 139h",
        ("workflows.police.fire",),
    ),
    Rule(
        "police-sexual-offence-staff",
        POLICE,
        "A sexual offence by staff: the board is informed and consults the confidential inspector first; on "
        "a reasonable suspicion the board must report to the police, by a task due the same day.",
        "WPO 4a and its WVO counterpart (meldplicht, aangifteplicht)",
        ("workflows.police.fire", "workflows.police.suspicion_effects"),
    ),
    Rule(
        "access-request-requester",
        PRIVACY,
        "An access request is made by a parent with parental authority for a pupil under 16, by the pupil from "
        "16 (age on the day received), and by a staff member for their own file.",
        "AVG art. 15; UAVG art. 5 (under 16 the holder of parental authority)",
        ("workflows.access_request.check_requester",),
    ),
    Rule(
        "access-request-terms",
        PRIVACY,
        "An access request is answered within one month of receipt; it may be extended once, to at most three "
        "months, with the reason sent to the requester within the first month.",
        "AVG art. 12(3)",
        (
            "workflows.access_request.due_on",
            "workflows.access_request.check_extension",
            "workflows.access_request.check_answer",
        ),
    ),
    Rule(
        "access-export-complete",
        PRIVACY,
        "The copy for an access request is made by someone who may read every record filed for the person "
        "(a director); a partial export states on its first page what was left out and why.",
        "AVG art. 15(3)",
        ("incidents.correspondence.withheld.left_out",),
    ),
    Rule(
        "anti-bullying-coordinator",
        SCHOOL,
        "Every school names its anti-bullying coordinator, the parents' contact, in its notices and decision letters.",
        "WPO 4c; WVO 3b",
        ("incidents.schools.coordinator.coordinator_contact",),
    ),
)


def by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in RULES}
