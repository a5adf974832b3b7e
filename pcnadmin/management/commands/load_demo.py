from django.core.management.base import BaseCommand

from funding import services as funding_services
from networks import demo as networks_demo
from pcnadmin import demo_users


class Command(BaseCommand):
    help = (
        "Load the rates, the Barking and Dagenham demo and one demo login per user type. "
        "Idempotent: a second run adds nothing."
    )

    def handle(self, *args, **options):
        funding_services.rates_load()
        loaded = networks_demo.load()
        logins = demo_users.load()
        for loader in self.app_loaders():
            loader()
        self.stdout.write("Demo data " + ("loaded." if loaded else "already present."))
        self.stdout.write(f"\nDemo logins (password for all: {demo_users.DEMO_PASSWORD}):")
        for username, description in logins:
            self.stdout.write(f"  {username:<28} {description}")
        self.stdout.write("\nOpen http://127.0.0.1:8000/ and log in.\n")

    def app_loaders(self):
        """Demo data of the apps that build on the networks (each idempotent)."""
        from networks import demo_years
        from workforce import demo as workforce_demo
        from workforce import demo_current

        # Today's years after the 2019–2024 demo: later lists, an inner-London PCN, and claims
        # of the year before and the current one up to last month.
        return [workforce_demo.load, demo_years.load, demo_current.load]
