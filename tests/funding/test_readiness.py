"""The year checklist as pure rules (funding/rules/readiness.py): no database, plain values in."""

from datetime import date
from decimal import Decimal as D

import pytest

from funding.rules import RoleRate, readiness

START, END = date(2027, 4, 1), date(2028, 3, 31)
PHARMACIST_2025 = RoleRate(D(100), D("66972"), date(2025, 4, 1), None, date(2025, 3, 27))
NO_MAXIMUM = RoleRate(D(100), None, date(2020, 4, 1), None, date(2020, 4, 1))
UPLIFT_OCT = RoleRate(D(100), D("70000"), date(2027, 10, 1), None, date(2027, 9, 1))
ENDS_SEPT = RoleRate(D(100), D("50000"), date(2027, 4, 1), date(2027, 9, 30), date(2027, 4, 1))


@pytest.mark.parametrize(
    ("rates", "month", "known_on", "gap"),
    [
        # A maximum stays in force until a row starting later supersedes it (DES rules §5).
        ((PHARMACIST_2025,), date(2027, 6, 1), None, None),
        ((NO_MAXIMUM,), date(2027, 6, 1), None, "no maximum"),
        ((), date(2027, 6, 1), None, "no percentage"),
        ((ENDS_SEPT,), date(2027, 10, 1), None, "no percentage"),
        ((NO_MAXIMUM, UPLIFT_OCT), date(2027, 10, 1), None, None),
        # Not yet announced on the day asked: the earlier row (without a maximum) is in force.
        ((NO_MAXIMUM, UPLIFT_OCT), date(2027, 10, 1), date(2027, 8, 1), "no maximum"),
    ],
)
def test_role_gap(rates, month, known_on, gap):
    assert readiness.role_gap(rates, month, known_on) == gap


def test_a_role_in_use_without_a_maximum_is_missing_and_names_its_months():
    item = readiness.role_item(
        readiness.RoleFacts("pa", "Physician associate", (NO_MAXIMUM,), True), START, END, None
    )
    assert item.missing
    assert item.note == "no maximum in force in April 2027 – March 2028"


def test_a_role_nobody_holds_is_not_needed_even_without_a_maximum():
    item = readiness.role_item(
        readiness.RoleFacts("pa", "Physician associate", (NO_MAXIMUM,), False), START, END, None
    )
    assert (item.state, item.needed, item.missing) == (readiness.OPTIONAL, False, False)


def test_a_maximum_carried_in_force_is_set_and_same_as_last_year():
    item = readiness.role_item(
        readiness.RoleFacts("cp", "Clinical pharmacist", (PHARMACIST_2025,), True),
        START,
        END,
        None,
    )
    assert item.state == readiness.SET and not item.differs
    assert item.figure == "100% up to £66,972 (from 1 Apr 2025)"


def test_an_uplift_within_the_year_differs_from_last_year():
    item = readiness.role_item(
        readiness.RoleFacts("cp", "Clinical pharmacist", (PHARMACIST_2025, UPLIFT_OCT), True),
        START,
        END,
        None,
    )
    assert item.state == readiness.SET
    assert "from 1 Oct 2027" in item.figure and not item.differs  # April still at last year's


def stream(**kwargs):
    values = {"slug": "core", "name": "Core", "recorded": False, "this_year": None}
    return readiness.StreamFacts(**{**values, "last_year": "£3 × registered", **kwargs})


@pytest.mark.parametrize(
    ("facts", "state", "missing", "differs"),
    [
        (stream(), readiness.MISSING, True, False),
        (stream(recorded=True), readiness.OPTIONAL, False, False),
        (stream(this_year="£3", this_compare=(3,), last_compare=(3,)), readiness.SET, False, False),
        (stream(this_year="£4", this_compare=(4,), last_compare=(3,)), readiness.SET, False, True),
    ],
)
def test_stream_item(facts, state, missing, differs):
    item = readiness.stream_item(facts)
    assert (item.state, item.missing, item.differs) == (state, missing, differs)
    if state != readiness.SET:
        assert item.figure == "not set"  # never £0.00


def test_a_missing_sum_rule_is_needed_and_says_approval_waits():
    item = readiness.sum_rule_item(None, readiness.SumRuleFacts("£26.631", ("per_head",)))
    assert item.missing and "not approved" in item.note and item.last_year == "£26.631"


def test_the_checklist_is_complete_only_when_nothing_needed_is_missing():
    rule = readiness.SumRuleFacts("£27", ("per_head", D(27)))
    args = {
        "year": "2027/28",
        "last_year": "2026/27",
        "start": START,
        "end": END,
        "last_sum_rule": None,
        "roles": [readiness.RoleFacts("pa", "Physician associate", (NO_MAXIMUM,), False)],
    }
    done = readiness.checklist(streams=[stream(this_year="£3")], sum_rule=rule, **args)
    assert done.complete
    open_ = readiness.checklist(streams=[stream()], sum_rule=None, **args)
    assert not open_.complete
    assert [i.key for i in open_.missing] == ["stream:core", "sum-rule"]
    assert open_.missing_text().startswith("Core: statements show it as not set")


def test_claim_gaps_name_each_role_and_what_it_lacks():
    gaps = readiness.claim_gaps(
        [("Physician associate", (NO_MAXIMUM,)), ("Clinical pharmacist", (PHARMACIST_2025,))],
        date(2027, 5, 1),
        None,
    )
    assert gaps == ["a maximum for physician associate in May 2027"]
