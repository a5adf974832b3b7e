"""The entitlement engine: what each PCN is owed for a financial year.

``load_year`` reads everything a year needs for a set of PCNs in a fixed number of queries (the
streams in force in the year, their rates in the schedule as known on a date, the memberships
overlapping it, the list sizes at its reference date, the care-home beds, the recorded payments
and the ARRS rule); ``compute`` then works from those plain values with ``funding.rules`` only, so
a commissioner's PCNs are all computed from one load of the data (DES rules §2–6).

``values`` holds the plain values, ``load`` the reading, ``compute`` the working and
``instalments`` the payment schedule.
"""

from funding.engine.compute import compute, entitlements
from funding.engine.instalments import instalments
from funding.engine.load import load_year, rates_in_year, streams_in_year
from funding.engine.values import (
    ZERO,
    Instalment,
    Member,
    PcnEntitlement,
    RateSource,
    StreamInfo,
    StreamLine,
    YearInputs,
)

__all__ = [
    "ZERO",
    "Instalment",
    "Member",
    "PcnEntitlement",
    "RateSource",
    "StreamInfo",
    "StreamLine",
    "YearInputs",
    "compute",
    "entitlements",
    "instalments",
    "load_year",
    "rates_in_year",
    "streams_in_year",
]
