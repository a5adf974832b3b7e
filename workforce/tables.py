import django_tables2 as tables
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.timezone import localtime

from pcnadmin.tables import PreparedRows, text
from workforce.models import Claim, ClaimStatus

NUMERIC = {"td": {"class": "app-numeric"}, "th": {"class": "app-numeric"}}


def _row_class(record):
    return "app-overdue" if getattr(record, "is_overdue", False) else ""


def _amount(value):
    return "—" if value is None else f"{value:,.2f}"


class ClaimTable(PreparedRows, tables.Table):
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
    # Dates are formatted in Python: DateColumn compiles a template for every cell, which was a
    # third of the queue's rendering time.
    month = tables.Column("Month", order_by=("month", "pk"), empty_values=())
    roles = tables.Column("Roles", empty_values=(), orderable=False)
    total = tables.Column("Claimed (£)", attrs={"td": {"class": "app-numeric"}})
    approved_amount = tables.Column("Approved (£)", attrs={"td": {"class": "app-numeric"}})
    status = tables.Column()
    problem_count = tables.Column("Problems", attrs={"td": {"class": "app-numeric"}})
    submitted_at = tables.Column("Submitted", empty_values=())
    # The primary key breaks ties so that pages do not overlap (claims_queue_due_on index).
    due_on = tables.Column("Response due", order_by=("due_on", "pk"), empty_values=())
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
        self.roles_by_claim = {}
        super().__init__(*args, **kwargs)
        if not selectable:
            self.columns.hide("selected")

    def render_reference(self, record):
        return record.reference

    def value_reference(self, record):
        return record.reference

    def _roles(self, record):
        # Set by the view from selectors.claim_roles for the rows shown (one query).
        return self.roles_by_claim.get(record.pk, "")

    def render_month(self, value):
        return "—" if value is None else date_format(value, "M Y")

    # Empty dates show "—" on the page and in CSV, and CSV keeps the stored values, as
    # DateColumn did (empty_values=() so that these methods see None).
    def value_month(self, value):
        return "—" if value is None else value

    def value_submitted_at(self, value):
        return "—" if value is None else value

    def value_due_on(self, value):
        return "—" if value is None else value

    def render_submitted_at(self, value):
        return "—" if value is None else date_format(localtime(value), "j M Y")

    def render_due_on(self, value):
        return "—" if value is None else date_format(value, "j M Y")

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

    def cells(self, record):
        url = reverse("workforce:claim_detail", kwargs={"pk": record.pk})
        return {
            "selected": format_html(
                '<input type="checkbox" name="selected" value="{}" aria-label="Select {}" />',
                record.pk,
                record.reference,
            ),
            "reference": format_html('<a href="{}">{}</a>', url, record.reference),
            "pcn": text(record.pcn.name),
            "month": self.render_month(record.month),
            "roles": self.render_roles(record),
            "total": _amount(record.total),
            "approved_amount": _amount(record.approved_amount),
            "status": self.render_status(record),
            "problem_count": text(
                None if record.problem_count is None else self.render_problem_count(record)
            ),
            "submitted_at": self.render_submitted_at(record.submitted_at),
            "due_on": self.render_due_on(record.due_on),
        }

    def render_problem_count(self, record):
        if record.status == ClaimStatus.DRAFT:
            return "—"
        return record.problem_count or "None"


class YesNoColumn(tables.Column):
    """Yes or No, on the page and in the CSV alike."""

    def render(self, value):
        return "Yes" if value else "No"

    def value(self, value):
        return self.render(value)


class StaffTable(tables.Table):
    """The staff register (``selectors.staff_register`` rows): sortable by any column, exported
    as CSV with every row."""

    name = tables.Column(
        "Name",
        accessor="staff__name",
        linkify=lambda record: reverse("workforce:staff_detail", args=[record.staff.pk]),
    )
    role = tables.Column("Role", accessor="term__role__name", default="—")
    wte = tables.Column("WTE", accessor="term__wte", default="—", attrs=NUMERIC)
    band = tables.Column("Band", accessor="term__band", default="—")
    employer = tables.Column("Employer", accessor="staff__employer__name", default="The PCN")
    start_date = tables.DateColumn("j M Y", verbose_name="Started", accessor="staff__start_date")
    end_date = tables.DateColumn(
        "j M Y", verbose_name="Left", accessor="staff__end_date", default="—"
    )
    in_baseline = YesNoColumn("Baseline", accessor="staff__in_baseline")
    transferred = YesNoColumn("Transferred", accessor="staff__transferred")

    class Meta:
        order_by = "name"
        empty_text = "Nobody is on the register yet."
