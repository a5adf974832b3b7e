"""The demo networks in today's year: list sizes at each 1 January from 2024 to the current
year's reference date, and an inner-London commissioner with one PCN (the ARRS inner London
maxima show on its claims). Added to what ``networks.demo`` loads; idempotent.

Later lists grow as ``networks.demo`` grows them (1.5% a year from the printed 2019 lists; each
practice keeps its weighted factor). Adjusted populations are not published (des-years.md §1): the
demo uses the weighted list as the adjusted population, so statements from 2022/23 can be worked
out. Practice codes and list sizes of the inner-London PCN are made up.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from networks import demo, services
from networks.demo_users import DEMO_PASSWORD
from networks.models import Area, Commissioner, ListSize, Practice
from networks.scopes import UserType

FIRST_NEW_REFERENCE_YEAR = 2024
INNER_LONDON = (
    "08V",
    "NHS Tower Hamlets CCG",
    "U00009",
    "Tower Hamlets Bow and Poplar PCN",
    "Dr S. Rahman",
    [
        ("Bow Common Surgery", 9850),
        ("Poplar High Street Practice", 12400),
        ("Roman Road Surgery", 8120),
    ],
    "F84",
)
INNER_LONDON_MANAGER = ("contract.manager.towerhamlets", "Tanvir Towers")


def reference_dates(today: date) -> list[date]:
    """1 January of every year from 2019 to the one before the financial year containing today."""
    last = today.year if today.month >= 4 else today.year - 1
    return [date(y, 1, 1) for y in range(2019, last + 1)]


def _sizes(registered_2019: int, factor: Decimal, reference_date: date) -> dict:
    listed = demo._grow(registered_2019, reference_date.year - 2019)
    weighted = (listed * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {"registered": listed, "weighted": weighted, "adjusted": weighted}


def _later_lists(today: date) -> None:
    """List sizes from 2024 on for every demo practice, grown from its 2019 list."""
    wanted = [d for d in reference_dates(today) if d.year >= FIRST_NEW_REFERENCE_YEAR]
    first = ListSize.objects.filter(reference_date=date(2019, 1, 1), weighted__isnull=False)
    for row in first.select_related("practice"):
        factor = row.weighted / row.registered
        for reference_date in wanted:
            services.list_size_record(
                practice=row.practice,
                reference_date=reference_date,
                **_sizes(row.registered, factor, reference_date),
            )


def _inner_london(today: date) -> None:
    code, name, pcn_code, pcn_name, cd_name, practices, prefix = INNER_LONDON
    if Commissioner.objects.filter(code=code).exists():
        return
    commissioner = services.commissioner_upsert(code=code, name=name)
    pcn = services.pcn_create(code=pcn_code, name=pcn_name, commissioner=commissioner)
    for index, (practice_name, registered) in enumerate(practices, start=1):
        practice = services.practice_upsert(code=f"{prefix}{index:03d}", name=practice_name)
        services.membership_start(practice=practice, pcn=pcn, start=demo.DES_START)
        factor = demo.weighted_factor(index + 40)
        for reference_date in reference_dates(today):
            services.list_size_record(
                practice=practice,
                reference_date=reference_date,
                **_sizes(registered, factor, reference_date),
            )
        if pcn.nominated_payee_id is None:
            services.pcn_update(pcn, nominated_payee=practice)
    services.pcn_update(pcn, area=Area.INNER_LONDON)
    services.clinical_director_appoint(pcn=pcn, name=cd_name, start=demo.DES_START)
    username, full_name = INNER_LONDON_MANAGER
    first, _, last = full_name.rpartition(" ")
    services.user_create(
        username=username,
        password=DEMO_PASSWORD,
        user_type=UserType.CONTRACT_MANAGER,
        first_name=first,
        last_name=last,
        email=f"{username}@example.nhs.uk",
        commissioners=[commissioner],
    )


@transaction.atomic
def load(today: date | None = None) -> bool:
    """Add the later lists and the inner-London PCN; False when there were no demo networks."""
    from django.utils import timezone

    today = today or timezone.localdate()
    if not Practice.objects.filter(code__startswith="F82").exists():
        return False
    _later_lists(today)
    _inner_london(today)
    return True
