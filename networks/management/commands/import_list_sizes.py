from networks.imports import import_list_sizes
from networks.management.commands._import import ImportCommand


class Command(ImportCommand):
    help = "Import registered list sizes from NHS Digital's gp-reg-pat-prac-all.csv."
    importer = staticmethod(import_list_sizes)
