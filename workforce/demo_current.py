"""The workforce demo in today's year, added to ``workforce.demo`` (which ends in 2024).

Relative to the real date: claims in the financial year before the current one and in the current
one up to last month, in every status each year's readiness allows (approved and paid only where
the year's ARRS sum rule is set, so approval is possible), a GP and a practice nurse at
Barking & Dagenham North from April of the year before, and the inner-London PCN's pharmacist and
pharmacy technician priced at the inner London maxima. Last month stays unclaimed at North, so
``pcn.manager.north`` can start and submit it. When no year containing today is set up, it is
created from the last one (``funding.services.years``): its figures are then missing, and the
banner and checklist show it. Salaries are made up.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from funding import selectors as funding_selectors
from funding import services as funding_services
from funding.models import ArrsRole, FinancialYear
from networks.models import PCN
from workforce import notifications, services
from workforce.demo import PAY, _people
from workforce.models import Staff

NORTH = "U00001"
INNER_LONDON = "U00009"
NEW_STAFF = {  # (name, role slug, WTE); start: 1 April of the year before the current one
    NORTH: [
        ("Gloria GP", "general-practitioner", "0.6"),
        ("Nia Practice Nurse", "practice-nurse", "1.0"),
    ],
    INNER_LONDON: [
        ("Omar Pharmacist", "clinical-pharmacist", "1.0"),
        ("Priya Pharmacy Technician", "pharmacy-technician", "1.0"),
    ],
}
MORE_PAY = {
    "general-practitioner": ("7800.00", "1020.00", "1600.00"),
    "practice-nurse": ("3300.00", "380.00", "690.00"),
}
# Outcomes of the year before (approvable) and of the current year, by claim position.
BEFORE = ["paid", "paid", "approved", "approved_lower", "rejected"]
CURRENT = ["submitted", "queried", "resubmitted", "rejected", "draft", "approved", "paid"]


def _at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _months(start: date, end: date) -> list[date]:
    months, day = [], start
    while day <= end:
        months.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


def _years(today: date) -> tuple[FinancialYear, FinancialYear]:
    """The year before and the current one, creating the current one (figures missing) if it is
    not set up."""
    while funding_selectors.financial_year_containing(today) is None:
        funding_services.year_create_next(by=None)
    current = funding_selectors.financial_year_containing(today)
    return funding_selectors.financial_year_containing(current.start - timedelta(days=1)), current


def _approvable(year: FinancialYear) -> bool:
    return funding_selectors.sum_rule(year) is not None


def _line(staff: Staff, slug: str, wte: str, bump: int) -> services.LineInput:
    pay = PAY.get(slug) or MORE_PAY[slug]
    uplift = Decimal("1.08") + Decimal(bump) / 200
    salary, ni, pension = (
        (Decimal(v) * Decimal(wte) * uplift).quantize(Decimal("0.01")) for v in pay
    )
    return services.LineInput(staff, salary, ni, pension)


def _decide(claim, outcome: str, *, pcn_manager, cd, decider, when: date, to_pay: list):
    if outcome == "draft":
        return
    services.claim_submit(claim=claim, by=pcn_manager, at=_at(when))
    decided = _at(min(when + timedelta(days=3), timezone.localdate()), 15)
    if outcome in ("approved", "paid"):
        services.claim_approve(claim=claim, by=decider, at=decided)
        if outcome == "paid":
            to_pay.append(claim.pk)
    elif outcome == "approved_lower":
        claim.refresh_from_db()
        services.claim_approve(
            claim=claim,
            by=decider,
            amount=claim.total - Decimal("150.00"),
            reason="Overtime claimed above plain time.",
            at=decided,
        )
    elif outcome == "rejected":
        services.claim_reject(claim=claim, by=decider, reason="Payslips missing.", at=decided)
    elif outcome in ("queried", "resubmitted"):
        services.claim_query(
            claim=claim, by=decider, question="Please attach payslips.", at=decided
        )
        if outcome == "resubmitted":
            services.claim_resubmit(claim=claim, by=cd, answer="Payslips attached.")


def _claim_months(p: int, pcn: PCN, before: FinancialYear, current: FinancialYear, today):
    """(month, outcome) of each claim this PCN makes: five months of the year before, then every
    other month of the current year up to last month (North: all but last month)."""
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    picks = [
        (before.start.replace(month=m), o) for m, o in zip((4, 6, 9, 12), BEFORE, strict=False)
    ]
    picks.append((date(before.end.year, 2, 1), BEFORE[4 - p % 2]))
    approvable = _approvable(current)
    allowed = [o for o in CURRENT if approvable or o not in ("approved", "paid")]
    for i, month in enumerate(_months(current.start, last_month)):
        if pcn.code == NORTH and month == last_month:
            continue
        if pcn.code == NORTH or (i + p) % 2 == 0:
            picks.append((month, allowed[(i + p) % len(allowed)]))
    if not _approvable(before):
        picks = [(m, "submitted" if o in BEFORE[:4] else o) for m, o in picks]
    return [(m, o) for m, o in picks if m <= last_month]


def _staff(pcn, pcn_manager, cd, roles, before: FinancialYear):
    if not pcn.baselines.exists():  # the inner-London PCN: no pharmacist at 31 March 2019
        baseline = services.baseline_draft(
            pcn=pcn, by=pcn_manager, entries={roles["clinical-pharmacist"]: Decimal("0")}
        )
        services.baseline_sign_off(baseline=baseline, by=cd, at=_at(date(2019, 9, 20)))
        manager = get_user_model().objects.get(username="contract.manager.towerhamlets")
        services.baseline_accept(baseline=baseline, by=manager, at=_at(date(2019, 9, 24)))
    for name, slug, wte in NEW_STAFF.get(pcn.code, []):
        services.staff_add(
            pcn=pcn,
            by=pcn_manager,
            name=name,
            role=roles[slug],
            wte=Decimal(wte),
            start_date=before.start,
            band=roles[slug].band,
        )


def _pcn_claims(p, pcn, before, current, today, deciders, roles, to_pay):
    pcn_manager, cd = _people(pcn)
    _staff(pcn, pcn_manager, cd, roles, before)
    if pcn.commissioner.code != "07L":  # only Barking and Dagenham's finance pays in the demo
        to_pay = []
    people = [
        (s, s.terms.order_by("-effective_from").first())
        for s in Staff.objects.filter(pcn=pcn, in_baseline=False)
    ]
    for n, (month, outcome) in enumerate(_claim_months(p, pcn, before, current, today)):
        when = min(month + timedelta(days=40), today)
        claim = services.claim_create(pcn=pcn, month=month, by=pcn_manager, at=_at(when))
        lines = [
            _line(s, term.role.slug, str(term.wte), n)
            for s, term in people
            if s.start_date <= month and (term.role.slug in PAY or term.role.slug in MORE_PAY)
        ]
        services.claim_lines_set(claim=claim, by=pcn_manager, lines=lines)
        decider = deciders[pcn.commissioner.code][n % len(deciders[pcn.commissioner.code])]
        _decide(
            claim,
            outcome,
            pcn_manager=pcn_manager,
            cd=cd,
            decider=decider,
            when=when,
            to_pay=to_pay,
        )


def _mark_ready(year: FinancialYear, admin) -> None:
    """The year before is marked ready when nothing it needs is missing, so both states show."""
    from funding.selectors import checklist as year_setup

    if year.ready_at is None and year_setup.year_checklist(year).complete:
        funding_services.year_mark_ready(year=year, by=admin)


def load(today: date | None = None) -> bool:
    """Add today's years to the demo; False (and nothing changed) when already there or when the
    2019–2024 demo is not loaded."""
    with notifications.muted(), transaction.atomic():
        return _load(today or timezone.localdate())


def _load(today: date) -> bool:
    pcns = list(PCN.objects.filter(code__startswith="U0000").select_related("commissioner"))
    if not Staff.objects.filter(pcn__code=NORTH).exists():
        return False
    if Staff.objects.filter(pcn__code=NORTH, name=NEW_STAFF[NORTH][0][0]).exists():
        return False
    before, current = _years(today)
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__startswith="contract.manager")}
    deciders = {
        "07L": [users["contract.manager"], users["contract.manager2"]],
        "08V": [users["contract.manager.towerhamlets"]],
    }
    roles = {r.slug: r for r in ArrsRole.objects.all()}
    to_pay: list[int] = []
    for p, pcn in enumerate(sorted(pcns, key=lambda x: x.code)):
        if pcn.commissioner.code in deciders:
            _pcn_claims(p, pcn, before, current, today, deciders, roles, to_pay)
    _mark_ready(before, User.objects.get(username="admin"))
    if to_pay:
        services.payment_run_create(
            claim_ids=to_pay,
            by=User.objects.get(username="finance"),
            paid_on=today - timedelta(days=1),
            at=_at(today - timedelta(days=1)),
        )
    return True
