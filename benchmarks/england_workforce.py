"""Synthetic ARRS workforce over the synthetic England of ``benchmarks.england``: baselines, about
40,000 staff with their terms, monthly claims July 2019 – March 2024 in realistic statuses (about
2 million claim lines) and the claims' audit events.

Benchmark data only; nothing here runs in the application. Staff, terms, claims, lines and events
are written with PostgreSQL ``COPY`` (text format from an in-memory buffer): two million lines
through the services would take hours, and even ``bulk_create`` spends most of its time building
model instances. The rows obey the same constraints as the services' rows, and each line's
amounts come from ``workforce.rules.reimbursable_amount`` with the rate in force that month, so
the stored percent, maximum, cap and reimbursable agree as they would after a real submission.

Deterministic for a seed: one ``random.Random`` walks the PCNs in code order, and every date is
fixed relative to the end of the data (``AS_OF``), never to the clock.
"""

from __future__ import annotations

import io
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import holidays as bank_holidays
from django.db import connection

from funding import selectors as funding_selectors
from funding.models import ArrsRole, FinancialYear
from networks.models import PCN, ListSize, Membership
from workforce import rules
from workforce.models import (
    Baseline,
    BaselineEntry,
    BaselineStatus,
    Claim,
    ClaimEvent,
    ClaimLine,
    ClaimStatus,
    PaymentRun,
    Staff,
    StaffTerm,
)

STAFF = 42_000  # at scale 1 (1,259 PCNs): with the start dates below, about 1.9 million lines
PCNS_AT_FULL_SCALE = 1_259
FIRST_MONTH = date(2019, 7, 1)  # the DES starts
LAST_MONTH = date(2024, 3, 1)  # the synthetic claims stop at March 2024
AS_OF = date(2024, 4, 26)  # the data's "today": March 2024 claims are still being decided
FLUSH_LINES = 200_000
PENNY = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")
ZERO = Decimal(0)

FIRST_NAMES = (
    "Aisha Alex Amir Anna Ben Chloe Daniel Deepa Ella Emeka Farah George Grace Hannah Harry Isla "
    "Jack James Jaspreet Kate Kwame Laura Leah Liam Maria Mohammed Nadia Noah Olivia Omar Priya "
    "Rachel Ravi Rosa Ryan Sam Sara Sophie Tom Yusuf Zara"
).split()
LAST_NAMES = (
    "Adams Ahmed Ali Bailey Begum Brown Campbell Chen Clarke Davies Edwards Evans Green Hall "
    "Hughes Hussain Jackson James Jones Khan Kaur Lewis Martin Mensah Morgan Nguyen Okafor Patel "
    "Price Roberts Robinson Shah Singh Smith Taylor Thomas Walker Ward White Williams Wilson Wood"
).split()

# role slug -> (share of staff, Agenda for Change band, annual salary at 1.0 WTE in 2019/20)
ROLE_MIX = {
    "clinical-pharmacist": (0.40, "7", 41_000),
    "social-prescribing-link-worker": (0.28, "5", 25_500),
    "first-contact-physiotherapist": (0.14, "7", 40_500),
    "pharmacy-technician": (0.08, "5", 26_000),
    "care-coordinator": (0.10, "4", 22_500),
}
WTES = [Decimal(w) for w in ("1.00",) * 6 + ("0.80", "0.80", "0.60", "0.50", "0.40")]
PAY_UPLIFT = Decimal("1.03")  # a year
NI_RATE, NI_THRESHOLD = Decimal("0.138"), Decimal("758")  # employer NI on monthly pay above
PENSION_RATE = Decimal("0.1438")  # NHS Pension Scheme employer contribution paid by employers

PCN_USER = "Synthetic PCN manager"
CONTRACT_MANAGER = "Synthetic contract manager"
FINANCE = "Synthetic finance officer"
QUESTIONS = (
    "Please send the employment contract for the new starter.",
    "The WTE on one line differs from the staff register; please check.",
    "Please confirm the employer pension figure for this month.",
)


def _months() -> list[date]:
    months, month = [], FIRST_MONTH
    while month <= LAST_MONTH:
        months.append(month)
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


MONTHS = _months()


def _fy_index(month: date) -> int:
    """0 for 2019/20, 1 for 2020/21, ..."""
    return rules.financial_year_start(month).year - 2019


def _at(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=UTC)


def _text(value) -> str:
    """A value in PostgreSQL COPY text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def _row(*values) -> str:
    return "\t".join(_text(v) for v in values) + "\n"


def _copy(model, columns: list[str], buffer: io.StringIO) -> None:
    buffer.seek(0)
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    buffer.seek(0)
    buffer.truncate()


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def _reset_sequence(model) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


@dataclass
class Person:
    id: int
    pcn_id: int
    start: date
    end: date | None
    transferred: bool
    annual: Decimal  # salary at 1.0 WTE in the first financial year of the data
    terms: list[tuple[date, int, Decimal]] = field(default_factory=list)  # from, role id, WTE
    band: str = ""
    employer: int | None = None
    name: str = ""

    def term_for(self, month: date) -> tuple[date, int, Decimal] | None:
        last_day = rules.month_end(month)
        current = None
        for term in self.terms:
            if term[0] <= last_day:
                current = term
        return current


class LineMaker:
    """A claim line's amounts, computed once per staff member, term and financial year (the
    pay, the rate in force and so the whole line are the same each month of a year)."""

    def __init__(self, rates: dict[int, list[rules.RoleRate]]):
        self.rates = rates
        self.cache: dict[tuple, str | None] = {}

    def line(self, person: Person, term: tuple[date, int, Decimal], month: date):
        key = (person.id, term[0], _fy_index(month))
        if key not in self.cache:
            self.cache[key] = self._compute(person, term, month)
        return self.cache[key]

    def _compute(self, person: Person, term, month: date) -> tuple[str, Decimal] | None:
        _, role_id, wte = term
        rate = rules.rate_in_force(self.rates.get(role_id, []), month)
        if rate is None or rate.max_annual_per_wte is None:
            return None  # not reimbursable (or not priced) that month: no line is claimed
        annual = person.annual * PAY_UPLIFT ** _fy_index(month)
        salary = rules.to_penny(annual * wte / 12)
        ni = rules.to_penny(max(ZERO, salary - NI_THRESHOLD) * NI_RATE)
        pension = rules.to_penny(salary * PENSION_RATE)
        levy = Decimal("0.00")
        actual = salary + ni + pension + levy
        working = rules.reimbursable_amount(
            actual_cost=actual,
            wte=wte,
            percent=rate.percent,
            monthly_maxima=[rate.max_annual_per_wte],
        )
        # Columns after claim_id and staff_id, as services._compute stores them.
        text = "\t".join(
            _text(v)
            for v in (
                role_id,
                wte,
                salary,
                ni,
                pension,
                levy,
                actual,
                rate.percent,
                rate.max_annual_per_wte,
                working.percentage_amount.quantize(FOUR_PLACES),
                working.cap.quantize(FOUR_PLACES),
                working.capped,
                working.reimbursable,
                None,
                working.reimbursable,
                "national",
                "",
                False,
            )
        )
        return text, working.reimbursable


LINE_COLUMNS = [
    "claim_id",
    "staff_id",
    "role_id",
    "wte",
    "salary",
    "employer_ni",
    "employer_pension",
    "apprenticeship_levy",
    "actual_cost",
    "percent",
    "max_annual_per_wte",
    "percentage_amount",
    "cap",
    "capped",
    "reimbursable",
    "previous_reimbursable",
    "amount",
    "area",
    "max_note",
    "counts_against_gp_sum",
]
CLAIM_COLUMNS = [
    "id",
    "pcn_id",
    "month",
    "financial_year_id",
    "status",
    "adjusts_id",
    "adjustment_reason",
    "total",
    "approved_amount",
    "created_by_id",
    "created_by_name",
    "created_at",
    "submitted_by_id",
    "submitted_by_name",
    "submitted_at",
    "due_on",
    "decided_by_name",
    "decided_at",
    "problem_count",
    "payment_run_id",
]
EVENT_COLUMNS = [
    "claim_id",
    "at",
    "by_id",
    "by_name",
    "from_status",
    "to_status",
    "amount",
    "reason",
]
STAFF_COLUMNS = [
    "id",
    "pcn_id",
    "name",
    "employer_id",
    "start_date",
    "end_date",
    "in_baseline",
    "transferred",
    "area",
    "created_at",
]
TERM_COLUMNS = [
    "staff_id",
    "effective_from",
    "role_id",
    "wte",
    "band",
    "reason",
    "recorded_by_name",
    "recorded_at",
]


def claim_status(rng: random.Random, months_before_end: int) -> str:
    """Realistic statuses by age: the last month mostly waiting for the commissioner, the one
    before mostly approved, older months paid, a few rejected throughout."""
    roll = rng.random()
    S = ClaimStatus
    if months_before_end == 0:
        table = ((0.08, S.DRAFT), (0.70, S.SUBMITTED), (0.85, S.QUERIED), (0.97, S.APPROVED))
    elif months_before_end == 1:
        table = ((0.08, S.SUBMITTED), (0.15, S.QUERIED), (0.75, S.APPROVED), (0.98, S.PAID))
    elif months_before_end == 2:
        table = ((0.15, S.APPROVED), (0.98, S.PAID))
    else:
        table = ((0.985, S.PAID),)
    for limit, status in table:
        if roll < limit:
            return status
    return S.REJECTED


def _pcn_populations(pcn_ids: list[int]) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Registered patients per PCN at 1 January 2023 and each PCN's member practice ids (two
    queries, summed here rather than joined: memberships and list sizes are 6,500 rows each)."""
    members: dict[int, list[int]] = defaultdict(list)
    for practice_id, pcn_id in Membership.objects.filter(
        pcn_id__in=pcn_ids, end__isnull=True
    ).values_list("practice_id", "pcn_id"):
        members[pcn_id].append(practice_id)
    sizes = dict(
        ListSize.objects.filter(reference_date=date(2023, 1, 1)).values_list(
            "practice_id", "registered"
        )
    )
    population = {
        pcn_id: sum(sizes.get(p, 0) for p in practice_ids)
        for pcn_id, practice_ids in members.items()
    }
    return population, members


def _baselines(rng: random.Random, pcns: list[PCN], roles: dict[str, ArrsRole]) -> int:
    signed = datetime(2019, 9, 20, 10, tzinfo=UTC)
    accepted = datetime(2019, 10, 15, 14, tzinfo=UTC)
    baselines, corrections = [], []
    for pcn in pcns:
        baselines.append(
            Baseline(
                pcn=pcn,
                version=1,
                status=BaselineStatus.ACCEPTED,
                drafted_by_name=PCN_USER,
                signed_off_by_name=f"Clinical Director, {pcn.code}",
                signed_off_at=signed,
                accepted_by_name=CONTRACT_MANAGER,
                accepted_at=accepted,
            )
        )
        roll = rng.random()
        if roll < 0.05:  # a correction signed off, waiting for the commissioner (or a draft one)
            corrections.append(
                Baseline(
                    pcn=pcn,
                    version=2,
                    status=BaselineStatus.SIGNED_OFF if roll < 0.04 else BaselineStatus.DRAFT,
                    reason="A clinical pharmacist in post at 31 March 2019 was missed.",
                    drafted_by_name=PCN_USER,
                    signed_off_by_name=f"Clinical Director, {pcn.code}" if roll < 0.04 else "",
                    signed_off_at=datetime(2024, 4, 2, 11, tzinfo=UTC) if roll < 0.04 else None,
                )
            )
    Baseline.objects.bulk_create(baselines + corrections, batch_size=5_000)
    entries = []
    pharmacist, link_worker = roles["clinical-pharmacist"], roles["social-prescribing-link-worker"]
    for baseline in baselines + corrections:
        wte = Decimal(rng.choice(("0.00", "0.00", "0.50", "1.00")))
        if baseline.version == 2:
            wte += 1
        entries.append(BaselineEntry(baseline=baseline, role=pharmacist, wte=wte))
        entries.append(
            BaselineEntry(
                baseline=baseline, role=link_worker, wte=Decimal(rng.choice(("0.00", "0.50")))
            )
        )
    BaselineEntry.objects.bulk_create(entries, batch_size=5_000)
    return len(baselines) + len(corrections)


def _staff_for_pcn(
    rng: random.Random,
    pcn: PCN,
    count: int,
    practices: list[int],
    roles: dict[str, ArrsRole],
    rates: dict[int, list[rules.RoleRate]],
    next_id: int,
) -> list[Person]:
    people = []
    slugs = list(ROLE_MIX)
    weights = [ROLE_MIX[s][0] for s in slugs]
    for _ in range(count):
        slug = rng.choices(slugs, weights)[0]
        role = roles[slug]
        first_rate = min(r.effective_from for r in rates[role.pk])
        earliest = max(FIRST_MONTH, first_rate)
        span = (LAST_MONTH.year - earliest.year) * 12 + LAST_MONTH.month - earliest.month
        # Most recruitment early in a role's life: the mean person is claimed for ~46 months.
        offset = int(rng.betavariate(1, 9) * (span + 1))
        month = date(
            earliest.year + (earliest.month - 1 + offset) // 12,
            (earliest.month - 1 + offset) % 12 + 1,
            1,
        )
        start = month + timedelta(days=rng.choice((0, 0, 0, 4, 13)))
        transferred = False
        if slug == "clinical-pharmacist" and month == FIRST_MONTH and rng.random() < 0.25:
            transferred, start = True, date(2018, rng.randint(1, 12), 1)
        end = None
        if rng.random() < 0.08:  # leavers
            months_in = rng.randint(3, 36)
            end_month = month + timedelta(days=31 * months_in)
            if end_month < LAST_MONTH:
                end = rules.month_end(end_month)
        band, base = ROLE_MIX[slug][1], ROLE_MIX[slug][2]
        person = Person(
            id=next_id + len(people),
            pcn_id=pcn.pk,
            start=start,
            end=end,
            transferred=transferred,
            annual=Decimal(round(base * rng.uniform(0.93, 1.08))),
        )
        wte = rng.choice(WTES)
        person.terms.append((start, role.pk, wte))
        if rng.random() < 0.15:  # a change of hours a year or more later
            changed = (month + timedelta(days=rng.randint(365, 900))).replace(day=1)
            if changed <= LAST_MONTH and (end is None or changed < end):
                new_wte = rng.choice([w for w in WTES if w != wte])
                person.terms.append((changed, role.pk, new_wte))
        person.band = band
        person.employer = rng.choice(practices) if practices and rng.random() < 0.3 else None
        person.name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        people.append(person)
    return people


def _holiday_set() -> set[date]:
    return set(bank_holidays.UK(subdiv="ENG", years=range(2019, 2026)))


def generate(*, seed: int, progress, scale: float = 1.0) -> dict[str, int]:
    """Baselines, staff, terms, claims, lines and events over every PCN in the database (the
    synthetic ones: run after ``benchmarks.england.generate_networks``). Call inside a
    transaction."""
    rng = random.Random(seed * 7919 + 1)
    roles = {r.slug: r for r in ArrsRole.objects.all()}
    missing = set(ROLE_MIX) - set(roles)
    if missing:
        raise RuntimeError(
            f"ARRS roles {', '.join(sorted(missing))} are missing: run load_rates first."
        )
    rates = funding_selectors.role_rates()
    years = {y.start.year - 2019: y.pk for y in FinancialYear.objects.all()}
    pcns = list(PCN.objects.filter(name__contains=" Synthetic ").order_by("code"))
    pcn_ids = [p.pk for p in pcns]
    population, practices = _pcn_populations(pcn_ids)
    total_population = sum(population.values()) or 1
    staff_target = round(STAFF * len(pcns) / PCNS_AT_FULL_SCALE)
    holidays = _holiday_set()

    counts = {"baselines": _baselines(rng, pcns, roles)}
    progress(f"{counts['baselines']:,} baselines (accepted, a few corrections signed off)")

    # Payment runs: finance pays the approved claims of month M on the 20th of month M + 2.
    paid_on = {m: (m + timedelta(days=62)).replace(day=20) for m in MONTHS}
    runs = PaymentRun.objects.bulk_create(
        [
            PaymentRun(paid_on=day, created_by_name=FINANCE, note="Monthly ARRS payment run")
            for day in sorted(set(paid_on.values()))
        ]
    )
    run_for = {run.paid_on: run.pk for run in runs}

    staff_id = first_staff_id = _next_id(Staff)
    claim_id = _next_id(Claim)
    maker = LineMaker(rates)
    buffers = {m: io.StringIO() for m in (Staff, StaffTerm, Claim, ClaimLine, ClaimEvent)}
    counts.update(staff=0, staff_terms=0, claims=0, claim_lines=0, claim_events=0)
    pending_lines = 0
    recorded = datetime(2019, 7, 1, 9, tzinfo=UTC)

    def flush():
        _copy(Staff, STAFF_COLUMNS, buffers[Staff])
        _copy(StaffTerm, TERM_COLUMNS, buffers[StaffTerm])
        _copy(Claim, CLAIM_COLUMNS, buffers[Claim])
        _copy(ClaimLine, LINE_COLUMNS, buffers[ClaimLine])
        _copy(ClaimEvent, EVENT_COLUMNS, buffers[ClaimEvent])

    for number, pcn in enumerate(pcns, 1):
        count = max(3, round(staff_target * population.get(pcn.pk, 0) / total_population))
        people = _staff_for_pcn(rng, pcn, count, practices.get(pcn.pk, []), roles, rates, staff_id)
        staff_id += len(people)
        staff_buffer, term_buffer = buffers[Staff], buffers[StaffTerm]
        for p in people:
            staff_buffer.write(
                _row(
                    p.id,
                    p.pcn_id,
                    p.name,
                    p.employer,
                    p.start,
                    p.end,
                    False,
                    p.transferred,
                    "",
                    recorded,
                )
            )
            for i, (effective, role_id, wte) in enumerate(p.terms):
                term_buffer.write(
                    _row(
                        p.id,
                        effective,
                        role_id,
                        wte,
                        p.band,
                        "Hours changed" if i else "Started in post",
                        PCN_USER,
                        datetime.combine(effective, time(9), tzinfo=UTC),
                    )
                )
        counts["staff"] += len(people)
        counts["staff_terms"] += sum(len(p.terms) for p in people)

        line_buffer, claim_buffer, event_buffer = (
            buffers[ClaimLine],
            buffers[Claim],
            buffers[ClaimEvent],
        )
        for index, month in enumerate(MONTHS):
            last_day = rules.month_end(month)
            lines, total = [], Decimal("0.00")
            for p in people:
                if p.start > last_day or (p.end is not None and p.end < month):
                    continue
                term = p.term_for(month)
                made = maker.line(p, term, month) if term else None
                if made is None:
                    continue
                lines.append((p.id, made[0]))
                total += made[1]
            if not lines:
                continue
            age = len(MONTHS) - 1 - index
            status = claim_status(rng, age)
            next_month = last_day + timedelta(days=1)
            created = _at(next_month + timedelta(days=rng.randint(0, 4)), rng)
            events = [(created, "", ClaimStatus.DRAFT, None, "")]
            submitted = due = decided = run = approved = None
            decided_by = ""
            problems = 0
            if status != ClaimStatus.DRAFT:
                submitted = created + timedelta(days=rng.randint(1, 10), hours=rng.randint(0, 5))
                due = rules.due_date(submitted.date(), holidays)
                problems = 1 if rng.random() < 0.06 else 0
                events.append((submitted, ClaimStatus.DRAFT, ClaimStatus.SUBMITTED, total, ""))
                queried = status == ClaimStatus.QUERIED or (
                    status != ClaimStatus.SUBMITTED and rng.random() < 0.05
                )
                moment = submitted
                if queried:
                    moment = moment + timedelta(days=rng.randint(1, 6))
                    question = rng.choice(QUESTIONS)
                    events.append(
                        (moment, ClaimStatus.SUBMITTED, ClaimStatus.QUERIED, None, question)
                    )
                    if status != ClaimStatus.QUERIED:
                        moment = moment + timedelta(days=rng.randint(1, 8))
                        submitted = moment
                        due = rules.due_date(moment.date(), holidays)
                        events.append(
                            (
                                moment,
                                ClaimStatus.QUERIED,
                                ClaimStatus.SUBMITTED,
                                total,
                                "Attached as asked.",
                            )
                        )
                if status in (ClaimStatus.APPROVED, ClaimStatus.PAID, ClaimStatus.REJECTED):
                    # Most within the 5 working days, some late.
                    decided = moment + timedelta(days=rng.choice((1, 2, 3, 4, 5, 6, 9)))
                    decided_by = CONTRACT_MANAGER
                    if status == ClaimStatus.REJECTED:
                        events.append(
                            (
                                decided,
                                ClaimStatus.SUBMITTED,
                                ClaimStatus.REJECTED,
                                None,
                                "Staff member already claimed through another scheme.",
                            )
                        )
                    else:
                        approved = total
                        events.append(
                            (decided, ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, total, "")
                        )
                if status == ClaimStatus.PAID:
                    run = run_for[paid_on[month]]
                    events.append(
                        (
                            datetime.combine(paid_on[month], time(16), tzinfo=UTC),
                            ClaimStatus.APPROVED,
                            ClaimStatus.PAID,
                            total,
                            "",
                        )
                    )
            claim_buffer.write(
                _row(
                    claim_id,
                    pcn.pk,
                    month,
                    years[_fy_index(month)],
                    status,
                    None,
                    "",
                    total,
                    approved,
                    None,
                    PCN_USER,
                    created,
                    None,
                    PCN_USER if submitted else "",
                    submitted,
                    due,
                    decided_by,
                    decided,
                    problems,
                    run,
                )
            )
            prefix = f"{claim_id}\t"
            line_buffer.writelines(f"{prefix}{sid}\t{text}\n" for sid, text in lines)
            for at, from_status, to_status, amount, reason in events:
                by = (
                    FINANCE
                    if to_status == ClaimStatus.PAID
                    else (
                        CONTRACT_MANAGER
                        if to_status
                        in (ClaimStatus.APPROVED, ClaimStatus.REJECTED, ClaimStatus.QUERIED)
                        else PCN_USER
                    )
                )
                event_buffer.write(
                    _row(claim_id, at, None, by, from_status, to_status, amount, reason)
                )
            counts["claims"] += 1
            counts["claim_lines"] += len(lines)
            counts["claim_events"] += len(events)
            pending_lines += len(lines)
            claim_id += 1
        if pending_lines >= FLUSH_LINES or number == len(pcns):
            flush()
            pending_lines = 0
            progress(
                f"{number:,}/{len(pcns):,} PCNs: {counts['staff']:,} staff, "
                f"{counts['claims']:,} claims, {counts['claim_lines']:,} claim lines, "
                f"{counts['claim_events']:,} events"
            )
    for model in (Staff, StaffTerm, Claim, ClaimLine, ClaimEvent):
        _reset_sequence(model)
    with connection.cursor() as cursor:
        for model in (Staff, StaffTerm, Claim, ClaimLine, ClaimEvent, Baseline, BaselineEntry):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    progress(
        f"sequences reset and tables analysed (staff ids from {first_staff_id}); committing "
        "next, when PostgreSQL checks the deferred foreign keys (about half a minute)"
    )
    counts["payment_runs"] = len(runs)
    return counts
