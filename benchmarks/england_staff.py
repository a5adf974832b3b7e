"""The synthetic workforce's people: the calendar of the data, the names on it, who is recruited
to which role on what pay, and each claim line's amounts (see ``benchmarks.england_workforce``)."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from benchmarks.pgcopy import text
from funding.models import ArrsRole
from networks.models import PCN, ListSize, Membership
from workforce import rules
from workforce.models import Baseline, BaselineEntry, BaselineStatus

FIRST_MONTH = date(2019, 7, 1)  # the DES starts
LAST_MONTH = date(2024, 3, 1)  # the synthetic claims stop at March 2024
AS_OF = date(2024, 4, 26)  # the data's "today": March 2024 claims are still being decided
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


def _months() -> list[date]:
    months, month = [], FIRST_MONTH
    while month <= LAST_MONTH:
        months.append(month)
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return months


MONTHS = _months()


def fy_index(month: date) -> int:
    """0 for 2019/20, 1 for 2020/21, ..."""
    return rules.financial_year_start(month).year - 2019


def moment_on(day: date, rng: random.Random) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=UTC)


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
        key = (person.id, term[0], fy_index(month))
        if key not in self.cache:
            self.cache[key] = self._compute(person, term, month)
        return self.cache[key]

    def _compute(self, person: Person, term, month: date) -> tuple[str, Decimal] | None:
        _, role_id, wte = term
        rate = rules.rate_in_force(self.rates.get(role_id, []), month)
        if rate is None or rate.max_annual_per_wte is None:
            return None  # not reimbursable (or not priced) that month: no line is claimed
        annual = person.annual * PAY_UPLIFT ** fy_index(month)
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
        # Columns after claim_id and staff_id, as workforce.services stores them.
        columns = "\t".join(
            text(v)
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
        return columns, working.reimbursable


def pcn_populations(pcn_ids: list[int]) -> tuple[dict[int, int], dict[int, list[int]]]:
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


def make_baselines(rng: random.Random, pcns: list[PCN], roles: dict[str, ArrsRole]) -> int:
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


def staff_for_pcn(
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
