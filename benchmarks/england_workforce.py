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

The module is in four parts: ``england_staff`` (the calendar, the people and their pay, each
line's amounts), ``england_claims`` (a claim's status and audit trail), ``pgcopy`` (COPY and the
tables' column orders) and this one, which walks the PCNs and writes.
"""

from __future__ import annotations

import io
import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import holidays as bank_holidays
from django.db import connection

from benchmarks.england_claims import claim_row, claim_status, claim_story, event_rows
from benchmarks.england_staff import (
    FINANCE,
    MONTHS,
    PCN_USER,
    ROLE_MIX,
    LineMaker,
    Person,
    fy_index,
    make_baselines,
    moment_on,
    pcn_populations,
    staff_for_pcn,
)
from benchmarks.pgcopy import (
    CLAIM_COLUMNS,
    EVENT_COLUMNS,
    LINE_COLUMNS,
    STAFF_COLUMNS,
    TERM_COLUMNS,
    copy_rows,
    next_id,
    reset_sequence,
    row,
)
from funding import selectors as funding_selectors
from funding.models import ArrsRole, FinancialYear
from networks.models import PCN
from workforce import rules
from workforce.models import (
    Baseline,
    BaselineEntry,
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
FLUSH_LINES = 200_000
COPIED = {
    Staff: STAFF_COLUMNS,
    StaffTerm: TERM_COLUMNS,
    Claim: CLAIM_COLUMNS,
    ClaimLine: LINE_COLUMNS,
    ClaimEvent: EVENT_COLUMNS,
}


def _holiday_set() -> set[date]:
    return set(bank_holidays.UK(subdiv="ENG", years=range(2019, 2026)))


def _roles() -> dict[str, ArrsRole]:
    roles = {r.slug: r for r in ArrsRole.objects.all()}
    missing = set(ROLE_MIX) - set(roles)
    if missing:
        raise RuntimeError(
            f"ARRS roles {', '.join(sorted(missing))} are missing: run load_rates first."
        )
    return roles


def _payment_runs() -> tuple[dict[date, date], dict[date, int], int]:
    """Finance pays the approved claims of month M on the 20th of month M + 2: each month's
    payment day, each day's run, and how many runs."""
    paid_on = {m: (m + timedelta(days=62)).replace(day=20) for m in MONTHS}
    runs = PaymentRun.objects.bulk_create(
        [
            PaymentRun(paid_on=day, created_by_name=FINANCE, note="Monthly ARRS payment run")
            for day in sorted(set(paid_on.values()))
        ]
    )
    return paid_on, {run.paid_on: run.pk for run in runs}, len(runs)


def _write_people(buffers, people: list[Person], recorded: datetime) -> None:
    for p in people:
        buffers[Staff].write(
            row(
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
            buffers[StaffTerm].write(
                row(
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


def _month_lines(people: list[Person], month: date, maker: LineMaker):
    """The claim lines of ``month`` for the people in post, and their total."""
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
    return lines, total


class Writer:
    """Walks one PCN's months, writing each claim, its lines and its events to the buffers."""

    def __init__(self, rng, *, years, paid_on, run_for, maker, holidays, first_claim_id):
        self.rng, self.years, self.maker, self.holidays = rng, years, maker, holidays
        self.paid_on, self.run_for = paid_on, run_for
        self.claim_id = first_claim_id
        self.buffers = {model: io.StringIO() for model in COPIED}
        self.counts = dict(claims=0, claim_lines=0, claim_events=0)
        self.pending_lines = 0

    def flush(self) -> None:
        for model, columns in COPIED.items():
            copy_rows(model, columns, self.buffers[model])
        self.pending_lines = 0

    def claims(self, pcn: PCN, people: list[Person]) -> None:
        rng = self.rng
        for index, month in enumerate(MONTHS):
            lines, total = _month_lines(people, month, self.maker)
            if not lines:
                continue
            status = claim_status(rng, len(MONTHS) - 1 - index)
            next_month = rules.month_end(month) + timedelta(days=1)
            created = moment_on(next_month + timedelta(days=rng.randint(0, 4)), rng)
            story = claim_story(rng, status, created, total, self.holidays, self.paid_on[month])
            run = self.run_for[self.paid_on[month]] if status == ClaimStatus.PAID else None
            year_id = self.years[fy_index(month)]
            self.buffers[Claim].write(
                claim_row(self.claim_id, pcn.pk, month, year_id, status, total, story, run)
            )
            prefix = f"{self.claim_id}\t"
            self.buffers[ClaimLine].writelines(f"{prefix}{sid}\t{text}\n" for sid, text in lines)
            self.buffers[ClaimEvent].writelines(event_rows(self.claim_id, story))
            self.counts["claims"] += 1
            self.counts["claim_lines"] += len(lines)
            self.counts["claim_events"] += len(story.events)
            self.pending_lines += len(lines)
            self.claim_id += 1


def _finish(first_staff_id: int, progress) -> None:
    for model in COPIED:
        reset_sequence(model)
    with connection.cursor() as cursor:
        for model in (*COPIED, Baseline, BaselineEntry):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    progress(
        f"sequences reset and tables analysed (staff ids from {first_staff_id}); committing "
        "next, when PostgreSQL checks the deferred foreign keys (about half a minute)"
    )


def generate(*, seed: int, progress, scale: float = 1.0) -> dict[str, int]:
    """Baselines, staff, terms, claims, lines and events over every PCN in the database (the
    synthetic ones: run after ``benchmarks.england.generate_networks``). Call inside a
    transaction."""
    rng = random.Random(seed * 7919 + 1)
    roles = _roles()
    rates = funding_selectors.role_rates()
    years = {y.start.year - 2019: y.pk for y in FinancialYear.objects.all()}
    pcns = list(PCN.objects.filter(name__contains=" Synthetic ").order_by("code"))
    population, practices = pcn_populations([p.pk for p in pcns])
    total_population = sum(population.values()) or 1
    staff_target = round(STAFF * len(pcns) / PCNS_AT_FULL_SCALE)

    counts = {"baselines": make_baselines(rng, pcns, roles)}
    progress(f"{counts['baselines']:,} baselines (accepted, a few corrections signed off)")
    paid_on, run_for, run_count = _payment_runs()
    staff_id = first_staff_id = next_id(Staff)
    writer = Writer(
        rng,
        years=years,
        paid_on=paid_on,
        run_for=run_for,
        maker=LineMaker(rates),
        holidays=_holiday_set(),
        first_claim_id=next_id(Claim),
    )
    counts.update(staff=0, staff_terms=0)
    recorded = datetime(2019, 7, 1, 9, tzinfo=UTC)
    for number, pcn in enumerate(pcns, 1):
        count = max(3, round(staff_target * population.get(pcn.pk, 0) / total_population))
        people = staff_for_pcn(rng, pcn, count, practices.get(pcn.pk, []), roles, rates, staff_id)
        staff_id += len(people)
        _write_people(writer.buffers, people, recorded)
        counts["staff"] += len(people)
        counts["staff_terms"] += sum(len(p.terms) for p in people)
        writer.claims(pcn, people)
        if writer.pending_lines >= FLUSH_LINES or number == len(pcns):
            writer.flush()
            done = {**counts, **writer.counts}
            progress(
                f"{number:,}/{len(pcns):,} PCNs: {done['staff']:,} staff, "
                f"{done['claims']:,} claims, {done['claim_lines']:,} claim lines, "
                f"{done['claim_events']:,} events"
            )
    _finish(first_staff_id, progress)
    return {**counts, **writer.counts, "payment_runs": run_count}
