from django.core.management.base import BaseCommand

from networks import demo as networks_demo
from pcnadmin import demo_users


class Command(BaseCommand):
    help = "Load the Barking and Dagenham demo (idempotent) and print one demo login per user type."

    def handle(self, *args, **options):
        loaded = networks_demo.load()
        for extra in self.extra_loaders():
            extra()
        logins = demo_users.load()
        self.stdout.write("Demo data " + ("loaded." if loaded else "already present."))
        self.stdout.write(f"\nDemo logins (password for all: {demo_users.DEMO_PASSWORD}):")
        for username, description in logins:
            self.stdout.write(f"  {username:<28} {description}")
        self.stdout.write("\nOpen http://127.0.0.1:8000/ and log in.\n")

    def extra_loaders(self):
        """Each app's demo loader after the networks (rates, then workforce)."""
        return []
