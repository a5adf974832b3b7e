from networks.imports import import_register
from networks.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = "Import the PCN Admin register template (PCNs, practices, memberships, list sizes)."
    importer = staticmethod(import_register)
