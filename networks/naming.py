"""The PCN name field's validator. The rule itself is ``networks.rules.pcn_name_problems``; the
validator stays here because the migrations name it (``networks.naming.validate_pcn_name``)."""

from django.core.exceptions import ValidationError

from networks.rules import pcn_name_problems


def validate_pcn_name(name: str) -> None:
    problems = pcn_name_problems(name)
    if problems:
        raise ValidationError(problems)
