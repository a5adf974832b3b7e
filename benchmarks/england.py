"""A deterministic synthetic England for benchmarks: 42 ICBs, 106 sub-ICB locations, about 6,500
practices in 1,259 PCNs, six years of list sizes, then (see ``benchmarks.england_workforce``) baselines,
staff and monthly claims.

It writes with ``bulk_create`` in batches rather than one service call a row: the rows are
synthetic, made to obey the same constraints, and two million claim lines through the services
would take hours. Nothing here runs in the application.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction

from networks.models import PCN, ClinicalDirector, Commissioner, ListSize, Membership, Practice

ICBS = 42
SUB_ICBS = 106
PCNS = 1_259
DES_START = date(2019, 7, 1)
REFERENCE_DATES = [date(y, 1, 1) for y in range(2019, 2025)]
BATCH = 5_000
PLACES = [
    "Aldgate",
    "Barnet",
    "Bexley",
    "Bolton",
    "Bradford",
    "Brent",
    "Bristol",
    "Bury",
    "Calder",
    "Camden",
    "Carlisle",
    "Chester",
    "Corby",
    "Crewe",
    "Derby",
    "Dover",
    "Durham",
    "Ealing",
    "Exeter",
    "Fylde",
    "Gosport",
    "Halton",
    "Harrow",
    "Hull",
    "Ipswich",
    "Kendal",
    "Kirklees",
    "Leeds",
    "Luton",
    "Malvern",
    "Merton",
    "Newham",
    "Norwich",
    "Oldham",
    "Oxford",
    "Penrith",
    "Preston",
    "Reading",
    "Rugby",
    "Salford",
    "Selby",
    "Slough",
    "Stroud",
    "Sutton",
    "Swindon",
    "Telford",
    "Thanet",
    "Truro",
    "Wakefield",
    "Walsall",
    "Wigan",
    "Woking",
    "Worthing",
    "York",
]
NATIONAL_MARKER = "NQ0"  # code of the first synthetic ICB: present once generated


@dataclass
class Progress:
    started: float = field(default_factory=time.monotonic)
    report: object = print

    def __call__(self, message: str) -> None:
        self.report(f"[{time.monotonic() - self.started:7.1f}s] {message}")


def _code(prefix: str, n: int, width: int) -> str:
    return f"{prefix}{n:0{width}d}"


def pcn_target_size(rng: random.Random) -> int:
    """PCN registered populations: mostly 30,000–50,000, a long tail to 200,000+ (DES §1)."""
    roll = rng.random()
    if roll < 0.04:
        return rng.randint(12_000, 30_000)
    if roll < 0.86:
        return rng.randint(30_000, 50_000)
    if roll < 0.985:
        return rng.randint(50_000, 100_000)
    return rng.randint(100_000, 230_000)


def split_into_practices(rng: random.Random, total: int) -> list[int]:
    """Practice lists of 1,000–60,000 adding up to about ``total``."""
    count = max(1, round(total / rng.uniform(7_200, 10_800)))
    weights = [rng.uniform(0.3, 1.7) for _ in range(count)]
    scale = total / sum(weights)
    return [min(60_000, max(1_000, int(w * scale))) for w in weights]


def already_generated() -> bool:
    return Commissioner.objects.filter(code=NATIONAL_MARKER).exists()


@transaction.atomic
def generate_networks(seed: int, progress: Progress, scale: float = 1.0) -> dict[str, int]:
    rng = random.Random(seed)
    pcn_count = max(2, round(PCNS * scale))
    icbs = [
        Commissioner(
            code=f"NQ{i}" if i < 10 else f"N{chr(65 + i // 10)}{i % 10}",
            name=f"NHS Synthetic ICB {i + 1:02d}",
            kind=Commissioner.Kind.ICB,
        )
        for i in range(ICBS)
    ]
    Commissioner.objects.bulk_create(icbs)
    subs = [
        Commissioner(
            code=_code("S", i, 2) if i < 100 else f"T{i - 100:02d}",
            name=f"NHS Synthetic Sub-ICB Location {i + 1:03d}",
            kind=Commissioner.Kind.SUB_ICB,
            parent=icbs[i * ICBS // SUB_ICBS],
        )
        for i in range(SUB_ICBS)
    ]
    Commissioner.objects.bulk_create(subs)
    progress(f"{len(icbs)} ICBs and {len(subs)} sub-ICB locations")

    pcns, practices, plans = [], [], []
    practice_number = 0
    for i in range(pcn_count):
        place = PLACES[i % len(PLACES)]
        pcns.append(
            PCN(
                code=_code("U", 10_000 + i, 5),
                name=f"{place} Synthetic {i + 1:04d} PCN",
                commissioner=subs[i * SUB_ICBS // pcn_count],
            )
        )
        sizes = split_into_practices(rng, pcn_target_size(rng))
        members = []
        for size in sizes:
            practice_number += 1
            practices.append(
                Practice(
                    code=_code(
                        "Y" if practice_number < 100_000 else "Z", practice_number % 100_000, 5
                    ),
                    name=f"{place} Surgery {practice_number}",
                )
            )
            members.append(
                (len(practices) - 1, size, Decimal(str(round(rng.uniform(0.85, 1.25), 3))))
            )
        plans.append(members)
    PCN.objects.bulk_create(pcns, batch_size=BATCH)
    Practice.objects.bulk_create(practices, batch_size=BATCH)
    progress(f"{len(pcns)} PCNs and {len(practices)} practices")

    memberships, list_sizes, payees = [], [], []
    mover_day = date(2021, 10, 1)
    for pcn_index, members in enumerate(plans):
        pcn = pcns[pcn_index]
        payees.append((pcn, practices[members[0][0]]))
        for practice_index, size, factor in members:
            practice = practices[practice_index]
            # About 1 in 100 practices moves to the next PCN of its sub-ICB on 1 October 2021.
            neighbour = pcns[pcn_index + 1] if pcn_index + 1 < pcn_count else None
            if (
                neighbour is not None
                and neighbour.commissioner_id == pcn.commissioner_id
                and len(members) > 1
                and rng.random() < 0.01
            ):
                memberships.append(
                    Membership(practice=practice, pcn=pcn, start=DES_START, end=date(2021, 9, 30))
                )
                memberships.append(Membership(practice=practice, pcn=neighbour, start=mover_day))
            else:
                memberships.append(Membership(practice=practice, pcn=pcn, start=DES_START))
            registered = size
            for reference_date in REFERENCE_DATES:
                list_sizes.append(
                    ListSize(
                        practice=practice,
                        reference_date=reference_date,
                        registered=registered,
                        weighted=(registered * factor).quantize(Decimal("0.01")),
                    )
                )
                registered = max(1_000, int(registered * rng.uniform(0.99, 1.035)))
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    ListSize.objects.bulk_create(list_sizes, batch_size=BATCH)
    progress(f"{len(memberships)} memberships and {len(list_sizes)} list sizes")
    for pcn, practice in payees:
        pcn.nominated_payee = practice
    PCN.objects.bulk_update(pcns, ["nominated_payee"], batch_size=BATCH)
    ClinicalDirector.objects.bulk_create(
        [
            ClinicalDirector(
                pcn=pcn, name=f"Dr {PLACES[i % len(PLACES)]} Director", start=DES_START
            )
            for i, pcn in enumerate(pcns)
        ],
        batch_size=BATCH,
    )
    progress("nominated payees and Clinical Directors")
    return {
        "commissioners": len(icbs) + len(subs),
        "pcns": len(pcns),
        "practices": len(practices),
        "list_sizes": len(list_sizes),
    }


def vacuum_analyze() -> None:
    """After a bulk load (outside its transaction): fresh statistics, and a visibility map so
    index-only scans need not visit the heap. Autovacuum would get there, minutes later."""
    from django.db import connection

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return  # VACUUM cannot run in a transaction (tests run the command in one)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


@transaction.atomic
def generate(*, seed: int, scale: float = 1.0, progress: Progress) -> dict[str, int]:
    """Networks first, then each app's synthetic data over them, in one transaction: a failure
    part-way leaves nothing behind, so the next run starts again."""
    counts = generate_networks(seed, progress, scale)
    try:
        from benchmarks import england_workforce as workforce_national
    except ImportError:  # the workforce generator is optional
        return counts
    counts.update(workforce_national.generate(seed=seed, progress=progress, scale=scale))
    return counts
