import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from networks.models import PCN, Commissioner
from pcnadmin.tables import PreparedRows, text


class CommissionerTable(tables.Table):
    code = tables.Column(
        "ODS code", linkify=("networks:commissioner_detail", {"code": tables.A("code")})
    )
    name = tables.Column()
    kind = tables.Column("Type")
    pcn_count = tables.Column("PCNs", attrs={"td": {"class": "app-numeric"}})

    class Meta:
        model = Commissioner
        fields = ("code", "name", "kind", "pcn_count")
        order_by = "name"
        empty_text = "No commissioners are in your scope."


class PCNTable(PreparedRows, tables.Table):
    code = tables.Column("ODS code", linkify=("networks:pcn_detail", {"code": tables.A("code")}))
    name = tables.Column(linkify=("networks:pcn_detail", {"code": tables.A("code")}))
    commissioner = tables.Column(
        "Commissioner", accessor="commissioner__name", order_by=("commissioner__name",)
    )
    practice_count = tables.Column("Member practices", attrs={"td": {"class": "app-numeric"}})
    registered = tables.Column(
        "Registered patients",
        empty_values=(),
        orderable=False,
        attrs={"td": {"class": "app-numeric"}},
    )
    weighted = tables.Column(
        "Weighted patients",
        empty_values=(),
        orderable=False,
        attrs={"td": {"class": "app-numeric"}},
    )
    nominated_payee = tables.Column(
        "Nominated payee", accessor="nominated_payee__name", order_by=("nominated_payee__name",)
    )

    class Meta:
        model = PCN
        fields = (
            "code",
            "name",
            "commissioner",
            "practice_count",
            "registered",
            "weighted",
            "nominated_payee",
        )
        order_by = "name"
        empty_text = "No PCNs match. Clear the filters to see every PCN in your scope."

    def __init__(self, *args, list_sizes=None, **kwargs):
        self.list_sizes = list_sizes if list_sizes is not None else {}
        super().__init__(*args, **kwargs)

    def render_registered(self, record):
        registered, _ = self.list_sizes.get(record.pk, (None, None))
        return "—" if registered is None else f"{registered:,}"

    def render_weighted(self, record):
        _, weighted = self.list_sizes.get(record.pk, (None, None))
        return format_html("{}", "—" if weighted is None else f"{weighted:,.2f}")

    def cells(self, record):
        url = reverse("networks:pcn_detail", kwargs={"code": record.code})
        payee = record.nominated_payee
        return {
            "code": format_html('<a href="{}">{}</a>', url, record.code),
            "name": format_html('<a href="{}">{}</a>', url, record.name),
            "commissioner": text(record.commissioner.name),
            "practice_count": text(record.practice_count),
            "registered": self.render_registered(record),
            "weighted": self.render_weighted(record),
            "nominated_payee": text(payee.name if payee else None),
        }

    def value_registered(self, record):
        return self.list_sizes.get(record.pk, (None, None))[0]

    def value_weighted(self, record):
        return self.list_sizes.get(record.pk, (None, None))[1]


class PcnUserTable(tables.Table):
    username = tables.Column("Username", linkify=("networks:user_change", {"pk": tables.A("pk")}))
    name = tables.Column("Name", accessor="last_name", order_by=("last_name", "first_name"))
    user_type = tables.Column("Type", empty_values=(), orderable=False)
    pcn = tables.Column("PCN", accessor="scope__pcn__name")
    start = tables.Column("Access from", accessor="scope__start", default="open")
    end = tables.Column("Access until", accessor="scope__end", default="open")
    is_active = tables.BooleanColumn("Account on")

    class Meta:
        fields = ("username", "name", "user_type", "pcn", "start", "end", "is_active")
        order_by = "username"
        empty_text = "No users of your PCNs yet."

    def render_name(self, record):
        return record.get_full_name()

    def render_user_type(self, record):
        from networks.scopes import GROUP_NAMES

        names = {g.name for g in record.groups.all()}
        return next((t.label for t, n in GROUP_NAMES.items() if n in names), "")

    def value_user_type(self, record):
        return self.render_user_type(record)
