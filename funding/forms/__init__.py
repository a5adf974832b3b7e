"""Forms of the funding pages: NHS.UK controls, clear messages, typed input kept. ``schedules``:
a local copy of a rate schedule and its role rates; ``years``: a new year's rates."""

from funding.forms.schedules import MONEY, LocalRoleRateForm, ScheduleCopyForm
from funding.forms.years import RoleRateForm, StreamRateForm, SumRuleForm

__all__ = [
    "MONEY",
    "LocalRoleRateForm",
    "RoleRateForm",
    "ScheduleCopyForm",
    "StreamRateForm",
    "SumRuleForm",
]
