"""The access-request rules (AVG art. 12 and 15), one test per rule, with fixed dates."""

from datetime import date

import pytest

from workflows import access_request as R


def codes(problems, field=None):
    if field is not None:
        return [code for code, _details in problems.get(field, [])]
    return sorted(code for items in problems.values() for code, _details in items)


def pupil_asks(age):
    return R.Requester(relation=R.SELF, subject_kind="pupil", subject_age=age)


def parent_asks(age, authority=True, is_parent=True):
    return R.Requester(
        relation=R.PARENT,
        subject_kind="pupil",
        subject_age=age,
        is_parent_of_subject=is_parent,
        parental_authority=authority,
    )


@pytest.mark.parametrize(
    "requester, expected",
    [
        (parent_asks(15), []),  # under 16: the parent with parental authority asks
        (parent_asks(16), [R.PARENT_FOR_PUPIL_FROM_16]),  # from 16 the pupil asks
        (pupil_asks(16), []),
        (pupil_asks(15), [R.PUPIL_UNDER_16]),
        (parent_asks(12, authority=False), [R.NO_PARENTAL_AUTHORITY]),
        (parent_asks(12, is_parent=False), [R.NOT_A_PARENT]),
        (pupil_asks(None), [R.AGE_UNKNOWN]),
        (R.Requester(relation=R.SELF, subject_kind="staff"), []),  # the staff member for their own file
        (R.Requester(relation=R.PARENT, subject_kind="staff"), [R.ONLY_OWN_FILE]),
        (R.Requester(relation=R.SELF, subject_kind="parent"), [R.NO_FILE_OF_THIS_KIND]),
    ],
)
@pytest.mark.rule("access-request-requester")
def test_who_may_ask(requester, expected):
    assert codes(R.check_requester(requester), "requester") == expected


@pytest.mark.rule("access-request-requester")
def test_age_counts_on_the_day_received():
    born = date(2010, 12, 2)
    assert R.age_on(born, date(2026, 12, 1)) == 15  # the day before the 16th birthday
    assert R.age_on(born, date(2026, 12, 2)) == 16
    assert R.age_on(None, date(2026, 12, 2)) is None


@pytest.mark.rule("access-request-terms")
def test_received_on_may_not_lie_in_the_future():
    today = date(2026, 11, 16)
    assert codes(R.check_received(date(2026, 11, 17), today), "received_on") == [R.DATE_IN_FUTURE]
    assert R.check_received(today, today) == {}


@pytest.mark.parametrize(
    "received, due",
    [
        (date(2026, 11, 16), date(2026, 12, 16)),
        (date(2027, 1, 31), date(2027, 2, 28)),  # the month has no 31st: its last day
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 12, 31), date(2027, 1, 31)),  # over the year end
        (date(2027, 2, 28), date(2027, 3, 28)),  # the same date, not the month's end
        (date(2027, 3, 31), date(2027, 4, 30)),
    ],
)
@pytest.mark.rule("access-request-terms")
def test_due_one_calendar_month_after_receipt(received, due):
    assert R.due_on(received) == due


@pytest.mark.rule("access-request-terms")
def test_latest_extension_is_three_months_after_receipt():
    assert R.latest_extension(date(2026, 11, 30)) == date(2027, 2, 28)
    assert R.latest_extension(date(2026, 11, 16)) == date(2027, 2, 16)


def extension(**fields):
    values = dict(
        received_on=date(2026, 11, 16),
        extended_to=date(2027, 1, 16),
        reason="Veel dossiers",
        notified_on=date(2026, 12, 1),
    )
    values.update(fields)
    return R.Extension(**values)


TODAY = date(2026, 12, 10)


def test_an_extension_within_the_rules_passes():
    assert R.check_extension(extension(), TODAY) == {}
    assert R.check_extension(extension(extended_to=date(2027, 2, 16)), TODAY) == {}  # 3 months exactly


@pytest.mark.rule("access-request-terms")
def test_extension_beyond_three_months_is_refused():
    problems = R.check_extension(extension(extended_to=date(2027, 2, 17)), TODAY)
    assert codes(problems) == [R.EXTENSION_TOO_LONG]
    assert problems["extended_to"][0][1] == {"latest": date(2027, 2, 16)}


@pytest.mark.rule("access-request-terms")
def test_extension_without_reason_is_refused():
    assert codes(R.check_extension(extension(reason="  "), TODAY), "reason") == [R.EXTENSION_REASON_REQUIRED]


def test_extension_must_end_after_the_original_due_date():
    assert codes(R.check_extension(extension(extended_to=date(2026, 12, 16)), TODAY)) == [R.EXTENSION_NOT_LATER]
    assert codes(R.check_extension(extension(extended_to=None), TODAY)) == [R.EXTENDED_TO_REQUIRED]


@pytest.mark.rule("access-request-terms")
def test_the_reason_reaches_the_requester_within_the_first_month():
    late = R.check_extension(extension(notified_on=date(2026, 12, 17)), date(2026, 12, 20))
    assert codes(late, "notified_on") == [R.EXTENSION_NOTICE_LATE]
    assert codes(R.check_extension(extension(notified_on=date(2026, 12, 16)), date(2026, 12, 20))) == []
    assert codes(R.check_extension(extension(notified_on=date(2026, 12, 11)), TODAY)) == [R.DATE_IN_FUTURE]
    assert codes(R.check_extension(extension(notified_on=date(2026, 11, 15)), TODAY)) == [R.BEFORE_RECEIPT]
    assert codes(R.check_extension(extension(notified_on=None), TODAY)) == [R.NOTICE_DATE_REQUIRED]


@pytest.mark.rule("access-request-terms")
def test_one_extension_and_none_after_the_answer():
    assert codes(R.check_extension(extension(already_extended=True), TODAY)) == [R.ALREADY_EXTENDED]
    assert codes(R.check_extension(extension(answered=True), TODAY)) == [R.ALREADY_ANSWERED]


@pytest.mark.rule("access-request-terms")
def test_the_answer_is_dated_between_receipt_and_today_with_a_complete_export():
    received = date(2026, 11, 16)
    assert R.check_answer(received, TODAY, TODAY, True) == {}
    assert codes(R.check_answer(received, date(2026, 12, 11), TODAY, True)) == [R.DATE_IN_FUTURE]
    assert codes(R.check_answer(received, date(2026, 11, 15), TODAY, True)) == [R.BEFORE_RECEIPT]
    assert codes(R.check_answer(received, TODAY, TODAY, False)) == [R.NO_COMPLETE_EXPORT]


def test_status_open_overdue_answered():
    due = date(2026, 12, 16)
    assert R.status(due, None, date(2026, 12, 16)) == R.OPEN  # the due day itself is still in time
    assert R.status(due, None, date(2026, 12, 17)) == R.OVERDUE
    assert R.status(due, date(2026, 12, 20), date(2026, 12, 21)) == R.ANSWERED
