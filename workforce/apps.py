from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "workforce"
    verbose_name = "Workforce"

    def ready(self):
        # Funding's statements learn the ARRS use from the claims without importing workforce.
        from funding import arrs_use
        from workforce.selectors import arrs_paid, arrs_use_by_pcn

        arrs_use.register(arrs_use_by_pcn)
        arrs_use.register_paid(arrs_paid)
        # The year checklist learns which roles have someone in post the same way.
        from funding.selectors import checklist as year_setup
        from workforce.readiness import roles_in_use

        year_setup.register_roles_in_use(roles_in_use)
