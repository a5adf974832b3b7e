"""The engine's plain values: the year's inputs for a set of PCNs, and what each PCN is owed."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from funding import rules
from funding.models import FinancialYear
from networks.models import PCN
from networks.rules import Flag

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class StreamInfo:
    """A payment stream in force in the year, as plain values."""

    slug: str
    name: str
    paid_to: str
    recorded: bool


@dataclass(frozen=True)
class Member:
    """A membership overlapping the year, with the practice's lists at the reference date."""

    practice_id: int
    practice_code: str
    practice_name: str
    start: date
    end: date | None
    registered: int
    weighted: Decimal
    has_list: bool
    has_weighted: bool
    adjusted: Decimal = Decimal(0)
    has_adjusted: bool = False

    def as_member_list(self) -> rules.MemberList:
        return rules.MemberList(
            self.practice_code,
            self.practice_name,
            self.registered,
            self.weighted,
            self.start,
            self.end,
            self.adjusted,
        )

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class RateSource:
    """Where a rate row comes from, for statements: source, status and announcement date."""

    source: str
    status: str
    announced_on: date


@dataclass(frozen=True)
class StreamLine:
    """One rate row applied to one PCN: the stream's amount for the rate's period, with the
    practices' shares (each member's part for a practice-paid stream). For a stream paid on the
    commissioner's assessment, ``amount`` is what was recorded (None: nothing recorded yet) and
    ``ceiling`` what the rate allows."""

    rate: rules.StreamRate
    amount: Decimal | None
    full_period_list_size: Decimal
    pooled_amount: Decimal
    shares: tuple[rules.PracticeShare, ...]
    stream_name: str = ""
    sizes: tuple[Decimal, ...] = ()
    ceiling: Decimal | None = None
    bed_months: int = 0
    source: RateSource | None = None
    recorded: tuple = ()

    @property
    def stream(self) -> str:
        return self.rate.stream

    @property
    def label(self) -> str:
        return self.stream_name or self.rate.stream

    @property
    def part_shares(self) -> tuple[rules.PracticeShare, ...]:
        return tuple(s for s in self.shares if not s.whole_period)


class Instalment(NamedTuple):
    """One monthly payment of one stream to one payee (DES rules §3: equal instalments over the
    period, rounding pennies in the last month). A named tuple, not a frozen dataclass: a
    commissioner's payment schedule makes over a thousand a request, and a frozen dataclass
    takes six times as long to create."""

    pcn_code: str
    pcn_name: str
    payee_code: str
    payee_name: str
    stream: str
    month: date
    amount: Decimal
    stream_label: str = ""


@dataclass
class PcnEntitlement:
    """Everything one PCN is owed for the year. ``missing`` names the streams in force in the
    year that have no rate in the schedule: then the total is not known (``total`` is None)."""

    pcn: PCN
    members: list[Member]
    census_day: date
    registered: int
    weighted: Decimal
    lines: list[StreamLine]
    stream_totals: dict[str, Decimal | None]
    arrs: rules.ArrsEntitlement | None
    flags: list[Flag] = field(default_factory=list)
    missing: list[StreamInfo] = field(default_factory=list)
    not_recorded: list[StreamInfo] = field(default_factory=list)
    adjusted: Decimal = Decimal(0)
    beds: dict[date, int] = field(default_factory=dict)

    @property
    def streams_total(self) -> Decimal:
        """The streams whose amounts are known (a stream not recorded counts nothing)."""
        return sum((v for v in self.stream_totals.values() if v is not None), ZERO)

    @property
    def arrs_sum(self) -> Decimal:
        return self.arrs.amount if self.arrs else ZERO

    @property
    def gp_sum(self) -> Decimal | None:
        return self.arrs.gp_amount if self.arrs else None

    @property
    def complete(self) -> bool:
        return not self.missing and self.arrs is not None

    @property
    def total(self) -> Decimal | None:
        """The payment streams plus the ARRS sums; None while a stream's rate or the ARRS rule is
        missing, so no wrong total is ever shown."""
        if not self.complete:
            return None
        return self.streams_total + self.arrs_sum + (self.gp_sum or ZERO)


@dataclass
class YearInputs:
    """A year's inputs for a set of PCNs, as plain values."""

    year: FinancialYear
    pcns: list[PCN]
    streams: list[StreamInfo]
    rates: list[tuple[rules.StreamRate, RateSource]]
    arrs_terms: rules.ArrsTerms | None
    members: dict[int, list[Member]]
    beds: dict[int, dict[date, int]] = field(default_factory=dict)
    recorded: dict[tuple[int, str], list] = field(default_factory=dict)
    schedule: str = "national"
    as_known_on: date | None = None

    @property
    def census_day(self) -> date:
        """The day whose members give a PCN's list size for the year: the day the ARRS sum is set
        (1 April; 1 July 2019, the DES start, in 2019/20), so the weighted population shown is the
        one the ARRS sum uses."""
        return self.arrs_terms.period_start if self.arrs_terms else self.year.start

    @property
    def stream_names(self) -> dict[str, str]:
        return {s.slug: s.name for s in self.streams}
