"""Small helpers the workforce rules share: the WTE check and how WTE, money and roles read."""

from __future__ import annotations

from decimal import Decimal


def check_wte(wte: Decimal, who: str = "A claim line") -> None:
    if not 0 < wte <= 1:
        raise ValueError(f"{who} has WTE {wte}: it must be more than 0 and at most 1.0.")


def role_name(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def wte_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"


def money(value: Decimal) -> str:
    return f"£{value:,.2f}"
