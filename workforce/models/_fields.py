"""Field sizes the workforce models share."""

WTE_FIELD = {"max_digits": 4, "decimal_places": 2}
MONEY_FIELD = {"max_digits": 12, "decimal_places": 2}
