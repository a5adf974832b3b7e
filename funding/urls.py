from django.urls import path, register_converter

import pcnadmin.converters  # noqa: F401  (registers the "ods" converter)
from funding import views


class FinancialYearSlug:
    """A financial year in a URL: 2020/21 is written 2020-21."""

    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value).replace("/", "-")


register_converter(FinancialYearSlug, "fy")

app_name = "funding"
urlpatterns = [
    path("funding/", views.funding_index, name="index"),
    path("pcns/<ods:code>/statement/<fy:year>/", views.pcn_statement, name="pcn_statement"),
    path(
        "pcns/<ods:code>/statement/<fy:year>.pdf",
        views.pcn_statement_pdf,
        name="pcn_statement_pdf",
    ),
    path(
        "commissioners/<ods:code>/funding/<fy:year>/",
        views.commissioner_summary,
        name="commissioner_summary",
    ),
    path(
        "commissioners/<ods:code>/funding/<fy:year>.pdf",
        views.commissioner_summary_pdf,
        name="commissioner_summary_pdf",
    ),
    path(
        "commissioners/<ods:code>/payments/<fy:year>/",
        views.payment_schedule,
        name="payment_schedule",
    ),
    path("rates/<slug:kind>/<int:pk>/history/", views.rate_history, name="rate_history"),
    path("rates/schedules/", views.schedule_list, name="schedule_list"),
    path("rates/schedules/copy/", views.schedule_copy, name="schedule_copy"),
    path("rates/schedules/<slug:slug>/", views.schedule_detail, name="schedule_detail"),
    path(
        "rates/schedules/<slug:slug>/role-rates/<int:pk>/",
        views.schedule_role_rate_edit,
        name="schedule_role_rate_edit",
    ),
    # Financial years set up in the browser (funding/views.py).
    path("rates/years/", views.year_list, name="year_list"),
    path("rates/years/new/", views.year_create, name="year_create"),
    path("rates/years/<fy:year>/", views.year_checklist, name="year_checklist"),
    path("rates/years/<fy:year>/ready/", views.year_mark_ready, name="year_mark_ready"),
    path("rates/years/<fy:year>/sum-rule/", views.year_sum_rule, name="year_sum_rule"),
    path(
        "rates/years/<fy:year>/streams/<slug:stream>/",
        views.year_stream_rate,
        name="year_stream_rate",
    ),
    path(
        "rates/years/<fy:year>/roles/<slug:role>/",
        views.year_role_rate,
        name="year_role_rate",
    ),
]
