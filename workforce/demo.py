"""Workforce demo data (baselines, staff, claims) for the Barking and Dagenham PCNs."""


def load() -> bool:
    return False
