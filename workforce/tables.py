import django_tables2 as tables
from django.utils.html import format_html

from workforce.models import Claim, ClaimStatus


def _row_class(record):
    return "app-overdue" if getattr(record, "is_overdue", False) else ""


class ClaimTable(tables.Table):
    selected = tables.CheckBoxColumn(
        accessor="pk",
        attrs={
            "th__input": {"aria-label": "Select all"},
            "td__input": {"aria-label": lambda record: f"Select {record.reference}"},
        },
        exclude_from_export=True,
    )
    reference = tables.Column(
        "Claim", accessor="pk", linkify=("workforce:claim_detail", {"pk": tables.A("pk")})
    )
    pcn = tables.Column("PCN", accessor="pcn__name", order_by=("pcn__name",))
    month = tables.DateColumn(format="M Y", verbose_name="Month")
    roles = tables.Column("Roles", empty_values=(), orderable=False)
    total = tables.Column("Claimed (£)", attrs={"td": {"class": "app-numeric"}})
    approved_amount = tables.Column("Approved (£)", attrs={"td": {"class": "app-numeric"}})
    status = tables.Column()
    problem_count = tables.Column("Problems", attrs={"td": {"class": "app-numeric"}})
    submitted_at = tables.DateTimeColumn(format="j M Y", verbose_name="Submitted")
    due_on = tables.DateColumn(format="j M Y", verbose_name="Response due")
    overdue = tables.Column("Overdue", accessor="is_overdue", orderable=False, visible=False)

    class Meta:
        model = Claim
        fields = ()
        sequence = (
            "selected",
            "reference",
            "pcn",
            "month",
            "roles",
            "total",
            "approved_amount",
            "status",
            "problem_count",
            "submitted_at",
            "due_on",
        )
        order_by = ("due_on",)
        row_attrs = {"class": _row_class, "data-status": lambda record: record.status}
        empty_text = "No claims match. Clear the filters to see every claim in your scope."

    def __init__(self, *args, selectable=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not selectable:
            self.columns.hide("selected")

    def render_reference(self, record):
        return record.reference

    def value_reference(self, record):
        return record.reference

    def _roles(self, record):
        return ", ".join(sorted({line.role.name for line in record.lines.all()}))

    def render_roles(self, record):
        return self._roles(record) or "—"

    def value_roles(self, record):
        return self._roles(record)

    def render_status(self, record):
        label = record.get_status_display()
        if record.is_adjustment:
            label += " (adjustment)"
        if getattr(record, "is_overdue", False):
            return format_html(
                '<span class="app-status app-status--{}">{}</span> <strong class="app-overdue">Overdue</strong>',
                record.status,
                label,
            )
        return format_html(
            '<span class="app-status app-status--{}">{}</span>', record.status, label
        )

    def value_status(self, record):
        return record.get_status_display()

    def value_overdue(self, record):
        return "yes" if getattr(record, "is_overdue", False) else ""

    def render_approved_amount(self, value):
        return f"{value:,.2f}"

    def render_total(self, value):
        return f"{value:,.2f}"

    def render_problem_count(self, record):
        if record.status == ClaimStatus.DRAFT:
            return "—"
        return record.problem_count or "None"
