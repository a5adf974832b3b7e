#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcnadmin.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018  (loads the settings)
    except ImproperlyConfigured as exc:
        # A missing or wrong setting is the operator's to fix: say which, without a traceback.
        sys.exit(f"Settings: {exc}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
