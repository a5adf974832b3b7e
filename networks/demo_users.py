"""One demo login per user type, created through networks.services (`make run` prints them)."""

from django.contrib.auth import get_user_model

from networks import services
from networks.models import PCN, Commissioner
from networks.scopes import UserType

DEMO_PASSWORD = "demo-pcn-admin"

# (username, user type, full name, commissioner codes, PCN code)
DEMO_USERS = [
    ("admin", UserType.ADMINISTRATOR, "Alex Administrator", [], None),
    ("contract.manager", UserType.CONTRACT_MANAGER, "Casey Contracts", ["07L"], None),
    ("contract.manager2", UserType.CONTRACT_MANAGER, "Chris Checker", ["07L"], None),
    ("finance", UserType.FINANCE, "Frankie Finance", ["07L"], None),
    ("cd.north", UserType.CLINICAL_DIRECTOR, "Dr N. Teotia", [], "U00001"),
    ("pcn.manager.north", UserType.PCN_MANAGER, "Pat Manager", [], "U00001"),
    ("contract.manager.havering", UserType.CONTRACT_MANAGER, "Harper Havering", ["08F"], None),
]
# Contract managers who are also their commissioner's administrator (manage its PCNs' users).
COMMISSIONER_ADMINISTRATORS = {"contract.manager"}


def load() -> list[tuple[str, str]]:
    """Create any missing demo users; returns (username, description) for each."""
    User = get_user_model()
    logins = []
    for username, user_type, full_name, commissioner_codes, pcn_code in DEMO_USERS:
        commissioners = list(Commissioner.objects.filter(code__in=commissioner_codes))
        pcn = PCN.objects.filter(code=pcn_code).first() if pcn_code else None
        if not User.objects.filter(username=username).exists():
            first, _, last = full_name.rpartition(" ")
            services.user_create(
                username=username,
                password=DEMO_PASSWORD,
                user_type=user_type,
                first_name=first,
                last_name=last,
                email=f"{username}@example.nhs.uk",
                commissioners=commissioners,
                pcn=pcn,
                manages_users=username in COMMISSIONER_ADMINISTRATORS,
            )
        where = ", ".join(c.name for c in commissioners) or (pcn.name if pcn else "everything")
        logins.append((username, f"{user_type.label} — {where}"))
    return logins
