"""Demo data: the six Barking and Dagenham PCNs of 2019 (DES rules §9) and a second, smaller
commissioner so that scoping shows. Everything goes through ``networks.services``.

Practice and PCN ODS codes are made up. Registered lists at 1 January 2019 are as printed in the
2019 paper; later years grow them by 1.5% a year (rounded to whole patients). Weighted lists are
not published, so the demo derives them: registered × a practice factor between 1.02 and 1.10
(1 + ((i × 7) mod 9 + 2) / 100 for the i-th practice), rounded to the penny.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction

from networks import services
from networks.models import Commissioner

DES_START = date(2019, 7, 1)
REFERENCE_DATES = [date(y, 1, 1) for y in range(2019, 2024)]
GROWTH = Decimal("1.015")

BARKING_AND_DAGENHAM = (
    "07L",
    "NHS Barking and Dagenham CCG",
    [
        (
            "U00001",
            "Barking & Dagenham North PCN",
            "Dr N. Teotia",
            [
                ("Green Lane Surgery", 5740),
                ("Dr S Helder & Partners", 5704),
                ("Dr A K Sharma", 4673),
                ("Dr A Gill", 4553),
                ("Five Kings Medical Practice", 4057),
                ("Gebres Surgery", 4076),
                ("Dr M Khan", 3000),
                ("Dr B S Akmal", 5415),
            ],
        ),
        (
            "U00002",
            "Barking & Dagenham North West PCN",
            "Dr Ravi Goriparthi",
            [
                ("Marks Gate Health Centre", 2600),
                ("Tulse Medical Centre", 31062),
                ("Becontree Medical Centre", 9555),
            ],
        ),
        (
            "U00003",
            "Barking & Dagenham West One PCN",
            "Dr Shanika Sharma",
            [
                ("Dr P Prasad", 2430),
                ("Dr Chibber & Gupta", 4466),
                ("Dr Sharma & Rai", 5482),
                ("Highgrove Surgery", 7961),
                ("Dr Anwar & Anwar", 8270),
                ("The Barking Medical Group Practice", 11348),
                ("The John Smith Medical Centre", 2263),
            ],
        ),
        (
            "U00004",
            "Barking & Dagenham New West PCN",
            "Dr G Niranjan",
            [
                ("Abbey Medical Centre", 6546),
                ("Dr O Khatat", 3536),
                ("Dr N Niranjan", 4888),
                ("Dr John & John", 3415),
                ("Shifa Medical Practice", 2200),
            ],
        ),
        (
            "U00005",
            "Barking & Dagenham East PCN",
            "Simi Adedeji",
            [
                ("Wood Street Medical Centre", 6553),
                ("Porters Avenue Surgery", 8888),
                ("Church Hill", 6004),
                ("Hallam Street Surgery", 6779),
                ("Child and Family Health", 11234),
            ],
        ),
        (
            "U00006",
            "Barking & Dagenham East One PCN",
            "Natalia Bila",
            [
                ("Dr Akshay Surgery", 4652),
                ("Port Avenue Surgery", 5401),
                ("Healthway Medical Centre", 4895),
                ("Hedgerston Road", 5717),
                ("Parview", 3988),
                ("St Albans Surgery", 5676),
                ("The Surgery (Dr Osh)", 5785),
            ],
        ),
    ],
    "F82",
)
HAVERING = (
    "08F",
    "NHS Havering CCG",
    [
        (
            "U00007",
            "Havering Romford Central PCN",
            "Dr R. Patel",
            [
                ("Romford Market Surgery", 14210),
                ("Mawney Road Practice", 11980),
                ("Victoria Road Surgery", 9870),
            ],
        ),
        (
            "U00008",
            "Havering Hornchurch PCN",
            "Dr L. Okafor",
            [
                ("Hornchurch Station Surgery", 16450),
                ("Elm Park Medical Centre", 12320),
                ("Upminster Bridge Practice", 8740),
            ],
        ),
    ],
    "F83",
)


def weighted_factor(index: int) -> Decimal:
    return 1 + Decimal((index * 7) % 9 + 2) / 100


def _grow(registered: int, years: int) -> int:
    return int((registered * GROWTH**years).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@transaction.atomic
def load() -> bool:
    """Load the demo networks; returns False (and changes nothing) when they are already there."""
    if Commissioner.objects.filter(code=BARKING_AND_DAGENHAM[0]).exists():
        return False
    index = 0
    for code, name, pcns, prefix in (BARKING_AND_DAGENHAM, HAVERING):
        commissioner = services.commissioner_upsert(code=code, name=name)
        for pcn_code, pcn_name, cd_name, practices in pcns:
            pcn = services.pcn_create(code=pcn_code, name=pcn_name, commissioner=commissioner)
            for practice_name, registered in practices:
                index += 1
                practice = services.practice_upsert(code=f"{prefix}{index:03d}", name=practice_name)
                services.membership_start(practice=practice, pcn=pcn, start=DES_START)
                factor = weighted_factor(index)
                for years, reference_date in enumerate(REFERENCE_DATES):
                    listed = _grow(registered, years)
                    services.list_size_record(
                        practice=practice,
                        reference_date=reference_date,
                        registered=listed,
                        weighted=(listed * factor).quantize(
                            Decimal("0.01"), rounding=ROUND_HALF_UP
                        ),
                    )
                if pcn.nominated_payee_id is None:
                    services.pcn_update(pcn, nominated_payee=practice)
            services.clinical_director_appoint(pcn=pcn, name=cd_name, start=DES_START)
    return True
