"""What the benchmark measures: the users, the pages and the commands."""

from datetime import date

from django.contrib.auth import get_user_model

from networks import services
from networks.models import PCN, Commissioner
from networks.scopes import UserType

USERS = {
    "bench.cm": UserType.CONTRACT_MANAGER,
    "bench.finance": UserType.FINANCE,
    "bench.cd": UserType.CLINICAL_DIRECTOR,
    "bench.admin": UserType.ADMINISTRATOR,
}


def prepare(password: str) -> dict:
    """One user of each type: commissioner users on the busiest sub-ICB location, the Clinical
    Director of its largest PCN."""
    from django.db.models import Count

    commissioner = (
        Commissioner.objects.filter(kind=Commissioner.Kind.SUB_ICB)
        .annotate(n=Count("pcns"))
        .order_by("-n", "code")
        .first()
    )
    pcn = PCN.objects.filter(commissioner=commissioner).order_by("code").first()
    User = get_user_model()
    for username, user_type in USERS.items():
        if not User.objects.filter(username=username).exists():
            services.user_create(
                username=username,
                password=password,
                user_type=user_type,
                commissioners=[commissioner]
                if user_type in (UserType.CONTRACT_MANAGER, UserType.FINANCE)
                else [],
                pcn=pcn if user_type == UserType.CLINICAL_DIRECTOR else None,
            )
    from workforce.models import Claim, ClaimStatus

    # The claim a contract manager opens from the queue: the largest claim waiting for them
    # (the most lines and workforce rows to show).
    claim = (
        Claim.objects.filter(pcn__commissioner=commissioner, status=ClaimStatus.SUBMITTED)
        .annotate(n=Count("lines"))
        .order_by("-n", "pk")
        .first()
    ) or Claim.objects.filter(pcn__commissioner=commissioner).order_by("-month", "pk").first()
    # The Clinical Director looks back at the last claim of the statement's year (decided).
    cd_claim = (
        Claim.objects.filter(pcn=pcn, month__lt=date(2023, 4, 1))
        .order_by("-month", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    return {
        "claim": claim.pk if claim else None,
        "cd_claim": cd_claim,
        "commissioner": commissioner.code,
        "pcn": pcn.code,
        "year": "2022-23",
        "year_label": "2022/23",
    }


def pages(c: dict) -> list[dict]:
    scoped, england = "p50≤25×", "p50≤100×"
    return [
        {"name": "Home (contract manager)", "user": "bench.cm", "path": "/", "target": scoped},
        {"name": "Home (finance)", "user": "bench.finance", "path": "/", "target": scoped},
        {"name": "Home (Clinical Director)", "user": "bench.cd", "path": "/", "target": scoped},
        {"name": "Home (administrator)", "user": "bench.admin", "path": "/", "target": england},
        {
            "name": "PCN list (commissioner scope)",
            "user": "bench.cm",
            "path": "/pcns/",
            "target": scoped,
        },
        {
            "name": "PCN list (all England, page 2)",
            "user": "bench.admin",
            "path": "/pcns/?page=2",
            "target": england,
        },
        {
            "name": "PCN list CSV (all England)",
            "user": "bench.admin",
            "path": "/pcns/?export=csv",
            "target": england,
        },
        {"name": "PCN detail", "user": "bench.cd", "path": f"/pcns/{c['pcn']}/", "target": scoped},
        {
            "name": "CD statement",
            "user": "bench.cd",
            "path": f"/pcns/{c['pcn']}/statement/{c['year']}/",
            "target": scoped,
        },
        {
            "name": "CD statement PDF",
            "user": "bench.cd",
            "path": f"/pcns/{c['pcn']}/statement/{c['year']}.pdf",
            "target": "≤2 s",
        },
        {
            "name": "Commissioner funding summary",
            "user": "bench.finance",
            "path": f"/commissioners/{c['commissioner']}/funding/{c['year']}/",
            "target": scoped,
        },
        {
            "name": "Commissioner funding summary PDF",
            "user": "bench.finance",
            "path": f"/commissioners/{c['commissioner']}/funding/{c['year']}.pdf",
            "target": "≤2 s",
        },
        {
            "name": "Payment schedule (first page)",
            "user": "bench.finance",
            "path": f"/commissioners/{c['commissioner']}/payments/{c['year']}/",
            "target": scoped,
        },
        {
            "name": "Claims queue (first page)",
            "user": "bench.cm",
            "path": "/claims/",
            "target": scoped,
        },
        {
            "name": "Claims queue (one PCN)",
            "user": "bench.cm",
            "path": f"/claims/?pcn={c['pcn']}",
            "target": scoped,
        },
        {
            "name": "Claims queue (submitted, by due date)",
            "user": "bench.cm",
            "path": "/claims/?status=submitted&sort=due_on",
            "target": scoped,
        },
        {
            "name": "Claims queue (overdue, latest due first)",
            "user": "bench.cm",
            "path": "/claims/?overdue=on&sort=-due_on",
            "target": scoped,
        },
        {
            "name": "Claims queue (all England, page 3)",
            "user": "bench.admin",
            "path": "/claims/?page=3",
            "target": england,
        },
        {
            "name": "Claims queue (all England, queried)",
            "user": "bench.admin",
            "path": "/claims/?status=queried&sort=-month",
            "target": england,
        },
        {
            "name": "Claim detail",
            "user": "bench.cm",
            "path": f"/claims/{c['claim']}/",
            "target": scoped,
        },
        {
            "name": "Claim detail (Clinical Director)",
            "user": "bench.cd",
            "path": f"/claims/{c['cd_claim']}/",
            "target": scoped,
        },
    ]


def commands(c: dict) -> list[dict]:
    return [
        {
            "name": f"entitlements --year {c['year_label']} (all England)",
            "command": "entitlements",
            "args": ["--year", c["year_label"], "--format", "csv"],
            "target": "≤2 s",
        },
    ]
