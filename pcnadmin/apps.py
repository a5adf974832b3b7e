from django.apps import AppConfig


class PcnAdminConfig(AppConfig):
    name = "pcnadmin"
    verbose_name = "PCN Admin"
