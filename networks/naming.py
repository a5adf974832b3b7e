"""PCN naming convention. Source: NHS England PCN naming guidance, Sept 2019 (DES rules §1)."""

import re

from django.core.exceptions import ValidationError

SUFFIX = " PCN"
MAX_LENGTH = 40
_POOR_WORDS = {"north", "south", "east", "west", "central", "one", "two", "three", "new"}


def pcn_name_problems(name: str) -> list[str]:
    """Every way ``name`` breaks the convention: ends with ' PCN', at most 40 characters
    including the suffix, and says more than a bare number or direction."""
    problems = []
    if not name.endswith(SUFFIX):
        problems.append(
            f"A PCN name must end with the suffix '{SUFFIX.strip()}' (e.g. 'Barking & Dagenham North PCN')."
        )
    if len(name) > MAX_LENGTH:
        problems.append(
            f"A PCN name may have at most {MAX_LENGTH} characters including the suffix; "
            f"this one has {len(name)}."
        )
    stem = name.removesuffix(SUFFIX).strip()
    words = [w for w in re.split(r"[\s&]+", stem.lower()) if w]
    if not words or all(w.isdigit() or w in _POOR_WORDS for w in words):
        problems.append(
            "A PCN name needs a place as well as any number or direction "
            "('North PCN' is poor, 'Barking & Dagenham North PCN' is good)."
        )
    return problems


def validate_pcn_name(name: str) -> None:
    problems = pcn_name_problems(name)
    if problems:
        raise ValidationError(problems)
