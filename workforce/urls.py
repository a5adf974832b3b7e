from django.urls import path

import pcnadmin.converters  # noqa: F401  (registers the "ods" converter)
from workforce import views

app_name = "workforce"
urlpatterns = [
    path("claims/", views.claim_list, name="claim_list"),
    path("notifications/", views.notice_list, name="notice_list"),
    path("notifications/read/", views.notices_read, name="notices_read"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/bulk-approve/", views.claims_bulk_approve, name="claims_bulk_approve"),
    path("claims/payment-runs/", views.payment_run_list, name="payment_run_list"),
    path("claims/payment-runs/new/", views.payment_run_create, name="payment_run_create"),
    path("claims/payment-runs/<int:pk>/", views.payment_run_detail, name="payment_run_detail"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/lines/", views.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/lines.csv", views.claim_lines_template, name="claim_lines_template"),
    path("claims/<int:pk>/lines/upload/", views.claim_lines_upload, name="claim_lines_upload"),
    path("claims/<int:pk>/submit/", views.claim_submit, name="claim_submit"),
    path("claims/<int:pk>/resubmit/", views.claim_resubmit, name="claim_resubmit"),
    path("claims/<int:pk>/approve/", views.claim_approve, name="claim_approve"),
    path("claims/<int:pk>/reject/", views.claim_reject, name="claim_reject"),
    path("claims/<int:pk>/query/", views.claim_query, name="claim_query"),
    path("claims/<int:pk>/adjust/", views.claim_adjust, name="claim_adjust"),
    path("claims/<int:pk>/delete/", views.claim_delete, name="claim_delete"),
    path("claims/<int:pk>/history/", views.claim_history, name="claim_history"),
    path("claims/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("baseline/", views.my_baseline, name="my_baseline"),
    path("staff/", views.my_staff, name="my_staff"),
    path("pcns/<ods:code>/baseline/", views.baseline, name="baseline"),
    path("pcns/<ods:code>/baseline/history/", views.baseline_history, name="baseline_history"),
    path("pcns/<ods:code>/baseline/edit/", views.baseline_edit, name="baseline_edit"),
    path("baselines/<int:pk>/sign-off/", views.baseline_sign_off, name="baseline_sign_off"),
    path("baselines/<int:pk>/accept/", views.baseline_accept, name="baseline_accept"),
    path("baselines/<int:pk>/return/", views.baseline_return, name="baseline_return"),
    path("pcns/<ods:code>/staff/", views.staff_list, name="staff_list"),
    path("pcns/<ods:code>/staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
]
