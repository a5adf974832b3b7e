"""Workforce demo data for the Barking and Dagenham PCNs, made through ``workforce.services``.

Baselines: signed off and accepted for North … East, a draft for East One. Staff: per PCN a
baseline clinical pharmacist, new hires in each role as the roles became reimbursable, and at
North a pharmacist transferred from the national scheme. Claims: eleven months from September
2019 to February 2024 per PCN, in every status (paid in dated payment runs, approved, rejected,
queried, submitted and overdue, resubmitted and not yet due, draft) plus an adjustment. Claims
are submitted as of ten days after their month, so the checks see the dates they would have.
The salaries are made up (round figures near the 2019–2024 Agenda for Change pay points).
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from funding.models import ArrsRole
from networks import services as network_services
from networks.demo_users import DEMO_PASSWORD
from networks.models import PCN
from networks.scopes import UserType
from workforce import notifications, services
from workforce.models import Staff

PCN_CODES = ["U00001", "U00002", "U00003", "U00004", "U00005", "U00006"]
DRAFT_BASELINE = "U00006"
WITH_BASELINE_STAFF_CLAIMED = "U00003"  # shows the "not additional" warning in the queue

# (name, role slug, WTE, start, in baseline, transferred)
STAFF = [
    ("Baseline Pharmacist", "clinical-pharmacist", "1.0", date(2017, 9, 1), True, False),
    ("New Pharmacist", "clinical-pharmacist", "1.0", date(2019, 8, 1), False, False),
    ("Link Worker", "social-prescribing-link-worker", "1.0", date(2019, 10, 1), False, False),
    ("Physiotherapist", "first-contact-physiotherapist", "0.6", date(2020, 6, 1), False, False),
    ("Pharmacy Technician", "pharmacy-technician", "0.8", date(2021, 9, 1), False, False),
    ("Care Co-ordinator", "care-coordinator", "1.0", date(2022, 5, 1), False, False),
]
TRANSFERRED = (
    "Transferred Pharmacist",
    "clinical-pharmacist",
    "0.5",
    date(2016, 4, 1),
    False,
    True,
)
FIRST_NAMES = ["Amira", "Ben", "Chloe", "Dev", "Efua", "Femi", "Grace", "Hari", "Ines", "Jon"]

# Monthly salary, employer NI and pension at 1.0 WTE, by role.
PAY = {
    "clinical-pharmacist": ("3600.00", "420.00", "520.00"),
    "social-prescribing-link-worker": ("2200.00", "230.00", "310.00"),
    "first-contact-physiotherapist": ("3700.00", "430.00", "540.00"),
    "pharmacy-technician": ("2400.00", "260.00", "330.00"),
    "care-coordinator": ("2000.00", "210.00", "280.00"),
}

MONTHS = [
    date(2019, 9, 1),
    date(2020, 3, 1),
    date(2020, 6, 1),
    date(2021, 1, 1),
    date(2021, 6, 1),
    date(2022, 2, 1),
    date(2022, 9, 1),
    date(2023, 5, 1),
    date(2023, 11, 1),
    date(2024, 1, 1),
    date(2024, 2, 1),
]
# What happens to each month's claim, by position in MONTHS (varied a little per PCN below).
OUTCOMES = [
    "paid",
    "paid",
    "paid",
    "paid",
    "paid",
    "approved",
    "rejected",
    "approved_lower",
    "queried",
    "submitted",
    "resubmitted",
]


def _at(day: date, hour: int = 10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _user(username, user_type, full_name, pcn):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        first, _, last = full_name.rpartition(" ")
        user = network_services.user_create(
            username=username,
            password=DEMO_PASSWORD,
            user_type=user_type,
            first_name=first,
            last_name=last,
            email=f"{username}@example.nhs.uk",
            pcn=pcn,
        )
    return user


def _people(pcn: PCN):
    """The PCN manager and Clinical Director who act for ``pcn`` (North's are the demo logins)."""
    if pcn.code == "U00001":
        User = get_user_model()
        return User.objects.get(username="pcn.manager.north"), User.objects.get(username="cd.north")
    suffix = pcn.code.lower()
    return (
        _user(f"pcn.manager.{suffix}", UserType.PCN_MANAGER, f"Manager {pcn.code}", pcn),
        _user(f"cd.{suffix}", UserType.CLINICAL_DIRECTOR, pcn.clinical_directors.first().name, pcn),
    )


def _line(staff, role_slug, wte, month_index):
    salary, ni, pension = (Decimal(v) * Decimal(wte) for v in PAY[role_slug])
    uplift = Decimal(1) + Decimal(month_index) / 100  # pay awards over the years
    return services.LineInput(
        staff,
        (salary * uplift).quantize(Decimal("0.01")),
        (ni * uplift).quantize(Decimal("0.01")),
        (pension * uplift).quantize(Decimal("0.01")),
    )


def load() -> bool:
    """Load the workforce demo; returns False (and changes nothing) when it is already there."""
    with notifications.muted(), transaction.atomic():
        return _load()


def _load() -> bool:
    pcns = list(PCN.objects.filter(code__in=PCN_CODES).select_related("commissioner"))
    if not pcns or Staff.objects.filter(pcn__in=pcns).exists():
        return False
    User = get_user_model()
    manager = User.objects.get(username="contract.manager")
    checker = User.objects.get(username="contract.manager2")
    finance = User.objects.get(username="finance")
    roles = {r.slug: r for r in ArrsRole.objects.all()}
    to_pay = defaultdict(list)
    for p, pcn in enumerate(sorted(pcns, key=lambda x: x.code)):
        pcn_manager, cd = _people(pcn)
        baseline = services.baseline_draft(
            pcn=pcn, by=pcn_manager, entries={roles["clinical-pharmacist"]: Decimal("1.0")}
        )
        if pcn.code != DRAFT_BASELINE:
            services.baseline_sign_off(baseline=baseline, by=cd, at=_at(date(2019, 9, 20)))
            services.baseline_accept(baseline=baseline, by=manager, at=_at(date(2019, 9, 24)))
        people = []
        specs = STAFF + ([TRANSFERRED] if pcn.code == "U00001" else [])
        for s, (title, slug, wte, start, in_baseline, transferred) in enumerate(specs):
            staff = services.staff_add(
                pcn=pcn,
                by=pcn_manager,
                name=f"{FIRST_NAMES[(p + s) % len(FIRST_NAMES)]} {title}",
                role=roles[slug],
                wte=Decimal(wte),
                start_date=start,
                band=roles[slug].band,
                in_baseline=in_baseline,
                transferred=transferred,
            )
            people.append((staff, slug, wte))
        if pcn.code == "U00002":  # a dated change: the link worker goes part time
            services.staff_change_terms(
                staff=people[2][0],
                by=pcn_manager,
                effective_from=date(2022, 10, 1),
                role=roles["social-prescribing-link-worker"],
                wte=Decimal("0.8"),
                band="5",
                reason="Reduced hours",
            )
        for m, month in enumerate(MONTHS):
            outcome = (
                OUTCOMES[(m + (p if m >= 6 else 0)) % len(OUTCOMES)] if m >= 6 else OUTCOMES[m]
            )
            if pcn.code == "U00001" and month == MONTHS[-1]:
                outcome = "draft"
            created = _at(month + timedelta(days=20))
            claim = services.claim_create(pcn=pcn, month=month, by=pcn_manager, at=created)
            lines = [
                _line(
                    staff,
                    slug,
                    wte
                    if not (
                        pcn.code == "U00002"
                        and slug.startswith("social")
                        and month >= date(2022, 10, 1)
                    )
                    else "0.8",
                    m,
                )
                for staff, slug, wte in people
                if staff.start_date <= month
                and (not staff.in_baseline or (pcn.code == WITH_BASELINE_STAFF_CLAIMED and m >= 8))
            ]
            services.claim_lines_set(claim=claim, by=pcn_manager, lines=lines)
            if outcome == "draft":
                continue
            submitted = month + timedelta(days=20)
            services.claim_submit(claim=claim, by=pcn_manager, at=_at(submitted))
            decided = _at(submitted + timedelta(days=3), 15)
            decider = checker if m % 2 else manager
            if outcome in ("paid", "approved"):
                services.claim_approve(claim=claim, by=decider, at=decided)
                if outcome == "paid":
                    to_pay[(submitted + timedelta(days=30)).replace(day=28)].append(claim.pk)
            elif outcome == "approved_lower":
                claim.refresh_from_db()
                services.claim_approve(
                    claim=claim,
                    by=decider,
                    amount=(claim.total - Decimal("120.00")).quantize(Decimal("0.01")),
                    reason="Overtime claimed above plain time.",
                    at=decided,
                )
            elif outcome == "rejected":
                services.claim_reject(
                    claim=claim,
                    by=decider,
                    reason="Payslips do not match the amounts claimed.",
                    at=decided,
                )
            elif outcome in ("queried", "resubmitted"):
                services.claim_query(
                    claim=claim,
                    by=decider,
                    question="Please attach the payslips for this month.",
                    at=decided,
                )
                if outcome == "resubmitted":
                    services.claim_resubmit(claim=claim, by=cd, answer="Payslips attached.")
        if pcn.code == "U00001":
            original = pcn.claims.filter(month=MONTHS[1]).first()
            adjustment = services.claim_adjust(
                claim=original,
                by=pcn_manager,
                reason="Pension contributions overstated.",
                at=_at(date(2020, 7, 1)),
            )
            services.claim_lines_set(
                claim=adjustment,
                by=pcn_manager,
                lines=[
                    services.LineInput(
                        line.staff,
                        line.salary,
                        line.employer_ni,
                        line.employer_pension - Decimal("50.00"),
                        line.apprenticeship_levy,
                    )
                    for line in original.lines.select_related("staff")
                ],
            )
            services.claim_submit(claim=adjustment, by=pcn_manager, at=_at(date(2020, 7, 2)))
            services.claim_approve(claim=adjustment, by=checker, at=_at(date(2020, 7, 6)))
    for paid_on, claim_ids in sorted(to_pay.items()):
        services.payment_run_create(
            claim_ids=claim_ids, by=finance, paid_on=paid_on, at=_at(paid_on)
        )
    return True
