from django.core.management.base import BaseCommand

from funding import services as funding_services
from networks import demo as networks_demo
from networks import demo_users, demo_years
from workforce import demo as workforce_demo
from workforce import demo_current


class Command(BaseCommand):
    help = (
        "Load the rates, the Barking and Dagenham demo and one demo login per user type, then "
        "today's years: later lists, an inner-London PCN, and claims of the year before and the "
        "current one up to last month. Idempotent: a second run adds nothing."
    )

    def handle(self, *args, **options):
        funding_services.rates_load()
        loaded = networks_demo.load()
        logins = demo_users.load()
        workforce_demo.load()
        if demo_years.load():
            username = demo_years.INNER_LONDON_MANAGER[0]
            logins.append((username, "Contract manager — inner London (Tower Hamlets, 08V)"))
        demo_current.load()
        self.stdout.write("Demo data " + ("loaded." if loaded else "already present."))
        self.stdout.write(f"\nDemo logins (password for all: {demo_users.DEMO_PASSWORD}):")
        for username, description in logins:
            self.stdout.write(f"  {username:<30} {description}")
        self.stdout.write("\nOpen http://127.0.0.1:8000/ and log in.\n")
