"""The pure claim rules (workforce/rules/) and the evidence check (workforce/uploads.py), table
by table, without a database: claim checks, months, approval amounts, terms, quotes, due dates."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from workforce import rules
from workforce.rules import (
    ClaimFacts,
    LineFacts,
    RoleRate,
    Term,
    approved_amount,
    claim_month_problems,
    claim_problems,
    due_date,
    financial_year_start,
    in_post,
    month_end,
    quote,
    term_in_force,
)
from workforce.uploads import evidence_kind

PHARMACIST = "clinical-pharmacist"
ENGLAND_2024 = {
    date(2024, 3, 29),
    date(2024, 4, 1),
    date(2024, 5, 6),
    date(2024, 12, 25),
    date(2024, 12, 26),
    date(2025, 1, 1),
}


# --- months ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "today", "first", "codes"),
    [
        (date(2021, 6, 1), date(2021, 7, 5), True, []),  # in arrears
        (date(2021, 7, 1), date(2021, 7, 5), True, []),  # the current month may be claimed
        (date(2021, 8, 1), date(2021, 7, 5), True, ["future_month"]),
        (date(2021, 4, 1), date(2022, 3, 31), True, []),  # backdated within the year
        (date(2022, 3, 1), date(2022, 4, 30), True, []),  # March, claimed in April
        (date(2022, 2, 1), date(2022, 4, 30), True, []),  # ...any month of the year, until 30 April
        (date(2022, 3, 1), date(2022, 5, 1), True, ["past_year"]),
        (date(2021, 6, 1), date(2023, 1, 1), True, ["past_year"]),
        (date(2021, 6, 1), date(2023, 1, 1), False, []),  # a resubmission is not a new claim
        (date(2021, 6, 15), date(2021, 6, 1), True, []),  # the day of the month does not matter
    ],
)
def test_claim_month_problems(month, today, first, codes):
    found = claim_month_problems(month=month, today=today, first_submission=first)
    assert [p.code for p in found] == codes
    assert all(p.blocking for p in found)


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (date(2021, 4, 1), date(2021, 4, 1)),
        (date(2021, 3, 31), date(2020, 4, 1)),
        (date(2022, 1, 15), date(2021, 4, 1)),
        (date(2021, 12, 31), date(2021, 4, 1)),
    ],
)
def test_financial_year_start(day, start):
    assert financial_year_start(day) == start


@pytest.mark.parametrize(
    ("month", "last"),
    [
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2023, 2, 1), date(2023, 2, 28)),
        (date(2021, 12, 1), date(2021, 12, 31)),
        (date(2021, 4, 17), date(2021, 4, 30)),
    ],
)
def test_month_end(month, last):
    assert month_end(month) == last


@pytest.mark.parametrize(
    ("start", "end", "month", "expected"),
    [
        (date(2021, 5, 1), None, date(2021, 5, 1), True),
        (date(2021, 5, 31), None, date(2021, 5, 1), True),  # one day in the month counts
        (date(2021, 6, 1), None, date(2021, 5, 1), False),
        (date(2020, 1, 1), date(2021, 4, 30), date(2021, 5, 1), False),  # left the month before
        (date(2020, 1, 1), date(2021, 5, 1), date(2021, 5, 1), True),
    ],
)
def test_in_post(start, end, month, expected):
    assert in_post(start, end, month) is expected


# --- due dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("submitted", "due"),
    [
        (date(2024, 1, 8), date(2024, 1, 15)),  # Monday → next Monday
        (date(2024, 1, 12), date(2024, 1, 19)),  # Friday → next Friday
        (date(2024, 1, 13), date(2024, 1, 19)),  # Saturday → the Friday after
        (date(2024, 3, 27), date(2024, 4, 5)),  # Good Friday and Easter Monday skipped
        (date(2024, 12, 20), date(2024, 12, 31)),  # Christmas and Boxing Day skipped
        (date(2024, 12, 27), date(2025, 1, 6)),  # New Year's Day skipped
    ],
)
def test_due_date_is_five_working_days_later(submitted, due):
    assert due_date(submitted, ENGLAND_2024) == due


# --- terms ----------------------------------------------------------------------------------------

TERMS = [
    Term(date(2021, 5, 1), PHARMACIST, D("1.0")),
    Term(date(2021, 9, 15), PHARMACIST, D("0.6")),
    Term(date(2022, 1, 1), "physician-associate", D("0.8")),
]


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        (date(2021, 4, 1), None),  # before the first term
        (date(2021, 5, 1), TERMS[0]),
        (date(2021, 8, 1), TERMS[0]),
        (date(2021, 9, 1), TERMS[1]),  # a change during the month applies to the whole month
        (date(2021, 12, 1), TERMS[1]),
        (date(2022, 1, 1), TERMS[2]),
        (date(2030, 1, 1), TERMS[2]),
    ],
)
def test_term_in_force(month, expected):
    assert term_in_force(TERMS, month) == expected
    assert term_in_force(list(reversed(TERMS)), month) == expected  # order given does not matter


# --- approval amounts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claimed", "approved", "reason", "expected"),
    [
        ("3000.00", None, "", "3000.00"),
        ("3000.00", "3000.00", "", "3000.00"),
        ("3000.00", "2500.00", "Part month", "2500.00"),
        ("-250.00", None, "", "-250.00"),  # a negative adjustment is approved as claimed
        ("0.00", "0.00", "", "0.00"),
    ],
)
def test_approved_amount(claimed, approved, reason, expected):
    got = approved_amount(
        claimed=D(claimed), approved=D(approved) if approved else None, reason=reason
    )
    assert got == D(expected)


@pytest.mark.parametrize(
    ("claimed", "approved", "reason", "message"),
    [
        ("3000.00", "3000.01", "More", "between £0.00 and the £3,000.00 claimed"),
        ("3000.00", "-1.00", "Less", "between £0.00 and the £3,000.00 claimed"),
        # Nothing approved of a positive claim is a rejection, which says why (DES rules §7).
        ("3000.00", "0.00", "Not in post", "Approving £0.00 is a rejection"),
        ("3000.00", "2500.00", "", "Give a reason"),
        ("3000.00", "2500.00", "   ", "Give a reason"),
        ("3000.00", "2500.005", "Pennies", "pounds and pence"),
        ("-250.00", "-100.00", "Less", "approved as claimed or rejected"),
    ],
)
def test_approved_amount_refusals(claimed, approved, reason, message):
    with pytest.raises(ValueError, match=message):
        approved_amount(claimed=D(claimed), approved=D(approved), reason=reason)


# --- quotes ---------------------------------------------------------------------------------------

PHARMACIST_RATES = [
    RoleRate(D(70), D(37_810), date(2020, 4, 1), date(2021, 3, 31)),
    RoleRate(D(70), D(39_844), date(2021, 4, 1), date(2022, 3, 31)),
]


def a_quote(**overrides):
    values = dict(
        rates=PHARMACIST_RATES,
        role_name="Clinical pharmacist",
        first_month=date(2021, 4, 1),
        months=3,
        wte=D("0.8"),
        actual_cost=D("15000"),
        year_end=date(2022, 3, 31),
    )
    return quote(**(values | overrides))


@pytest.mark.parametrize(
    ("overrides", "reimbursable", "capped"),
    [
        ({}, "7968.80", True),  # README: min(70% × 15,000, 39,844 × 0.8 × 3 / 12)
        ({"actual_cost": D("9000")}, "6300.00", False),
        (
            {"months": 12, "first_month": date(2021, 4, 1), "actual_cost": D("60000")},
            "31875.20",
            True,
        ),
        ({"wte": D("1.0"), "months": 1, "actual_cost": D("3000")}, "2100.00", False),
        (
            {
                "first_month": date(2020, 4, 20),
                "year_end": date(2021, 3, 31),
                "months": 1,
                "wte": D("1.0"),
                "actual_cost": D("5000"),
            },
            "3150.83",
            True,
        ),
    ],
)
def test_quote(overrides, reimbursable, capped):
    result = a_quote(**overrides)
    assert result.reimbursable == D(reimbursable)
    assert result.capped is capped


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"months": 0}, "between 1 and 12"),
        ({"months": 13}, "between 1 and 12"),
        ({"first_month": date(2022, 2, 1)}, "Only 2 months from February 2022 remain"),
        ({"wte": D("0")}, "more than 0"),
        ({"wte": D("1.2")}, "at most 1.0"),
        ({"actual_cost": D("-1")}, "cannot be negative"),
        ({"rates": PHARMACIST_RATES[:1]}, "not reimbursable in April 2021"),
        (
            {
                "rates": [
                    RoleRate(D(70), D(1), date(2021, 4, 1), date(2021, 4, 30)),
                    RoleRate(D(100), D(1), date(2021, 5, 1), None),
                ]
            },
            "percentage changes",
        ),
    ],
)
def test_quote_refusals(overrides, message):
    with pytest.raises(ValueError, match=message):
        a_quote(**overrides)


# --- claim checks ---------------------------------------------------------------------------------

LINE = LineFacts(
    staff_id=1,
    staff_name="Priya Pharmacist",
    role=PHARMACIST,
    role_name="Clinical pharmacist",
    wte=D("1.0"),
    start_date=date(2021, 5, 1),
    end_date=None,
    in_baseline=False,
    transferred=False,
    reimbursable_role=True,
    amount=D("3000.00"),
)
FACTS = ClaimFacts(
    month=date(2021, 6, 1),
    today=date(2021, 7, 5),
    lines=[LINE],
    year_label="2021/22",
    arrs_period_start=date(2021, 4, 1),
    already_claimed={},
    in_post_wte_by_role={PHARMACIST: D("2.0")},
    baseline_wte_by_role={PHARMACIST: D("1.0")},
    entitlement=D("100000.00"),
    used_elsewhere=D("0"),
    other_wte_by_role={},
)


def facts(**overrides):
    return replace(FACTS, **overrides)


def line(**overrides):
    return replace(LINE, **overrides)


@pytest.mark.parametrize(
    ("given", "codes"),
    [
        (facts(), []),
        (facts(month=date(2021, 8, 1)), ["future_month"]),
        (facts(lines=[]), ["no_lines"]),
        (
            facts(
                month=date(2019, 7, 1),
                today=date(2019, 8, 1),
                arrs_period_start=date(2019, 8, 1),
                lines=[line(start_date=date(2019, 4, 1))],
            ),
            ["before_arrs_period"],
        ),
        (facts(lines=[line(start_date=date(2021, 7, 1))]), ["not_in_post"]),
        (facts(lines=[line(end_date=date(2021, 5, 31))]), ["not_in_post"]),
        (facts(lines=[line(reimbursable_role=False)]), ["role_not_reimbursable"]),
        (facts(already_claimed={1: "CL-00007"}), ["duplicate"]),
        (facts(baseline_wte_by_role=None), ["no_baseline"]),
        (facts(in_post_wte_by_role={PHARMACIST: D("1.0")}), ["not_additional"]),
        (facts(used_elsewhere=D("98000.00")), ["arrs_sum_exceeded"]),
        (facts(used_elsewhere=D("97000.00")), []),  # exactly at the entitlement is allowed
        (facts(entitlement=None), ["sum_rule_unset"]),
        # An adjustment skips the backdating limit, the duplicate and additionality checks.
        (
            facts(
                is_adjustment=True,
                today=date(2023, 1, 1),
                already_claimed={1: "CL-00007"},
                baseline_wte_by_role=None,
            ),
            [],
        ),
        # 2019/20: a WTE allowance of named roles.
        (facts(wte_allowance=1, allowance_roles=(PHARMACIST,)), []),
        (
            facts(
                wte_allowance=1,
                allowance_roles=(PHARMACIST,),
                other_wte_by_role={PHARMACIST: D("0.5")},
            ),
            ["wte_allowance_exceeded"],
        ),
        (
            facts(wte_allowance=1, allowance_roles=("social-prescribing-link-worker",)),
            ["role_not_in_allowance"],
        ),
        (facts(wte_allowance=1, allowance_roles=(), lines=[line(transferred=True)]), []),
    ],
)
def test_claim_problems(given, codes):
    assert [p.code for p in claim_problems(given)] == codes


def test_claim_problem_messages_name_the_person_the_month_and_the_figures():
    found = claim_problems(
        facts(lines=[line(start_date=date(2021, 7, 12))], used_elsewhere=D("98000.00"))
    )
    messages = [p.message for p in found]
    assert "Priya Pharmacist starts on 12 July 2021: not in post in June 2021." in messages
    assert (
        "The PCN's 2021/22 ARRS entitlement of £100,000.00 would be exceeded: £98,000.00 approved "
        "or pending + £3,000.00 this claim = £101,000.00 (£1,000.00 over)."
    ) in messages
    assert [p.blocking for p in found] == [True, True]


def test_warnings_do_not_block_submission():
    (found,) = claim_problems(facts(baseline_wte_by_role=None))
    assert found.severity == rules.Severity.WARNING and not found.blocking


# --- evidence -------------------------------------------------------------------------------------

MB = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "head", "kind"),
    [
        ("payslip.pdf", b"%PDF-1.7\n", ".pdf"),
        ("PAYSLIP.PDF", b"%PDF-1.4", ".pdf"),
        ("scan.png", b"\x89PNG\r\n\x1a\n\x00", ".png"),
        ("scan.jpg", b"\xff\xd8\xff\xe0", ".jpg"),
        ("scan.jpeg", b"\xff\xd8\xff\xe1", ".jpg"),
    ],
)
def test_evidence_kind_accepts_pdf_png_and_jpeg_by_their_bytes(name, head, kind):
    assert evidence_kind(name=name, head=head, size=100, max_bytes=MB).extension == kind


@pytest.mark.parametrize(
    ("name", "head", "size", "message"),
    [
        ("payslip.pdf", b"MZ\x90\x00", 100, "must be a PDF, PNG or JPEG"),
        (
            "payslip.pdf",
            b"\x89PNG\r\n\x1a\n",
            100,
            "content is PNG but its name does not end in .png",
        ),
        ("scan.png", b"%PDF-1.4", 100, "content is PDF but its name does not end in .pdf"),
        ("scan.gif", b"GIF89a", 100, "must be a PDF, PNG or JPEG"),
        ("payslip.pdf", b"%PDF-1.4", 0, "The file is empty."),
        ("payslip.pdf", b"%PDF-1.4", MB + 1, "the limit is 1 MB"),
        ("payslip.pdf", b"%PD", 100, "must be a PDF, PNG or JPEG"),
    ],
)
def test_evidence_kind_refusals(name, head, size, message):
    with pytest.raises(ValueError, match=message):
        evidence_kind(name=name, head=head, size=size, max_bytes=MB)
