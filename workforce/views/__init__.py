"""Thin views: load through scoped selectors (404 outside scope), call a service (403 for a
wrong role), render what a selector prepared. Rejected forms come back with what was typed.

One module per concern; ``workforce.urls`` reaches every view through this package."""

from workforce.views.baselines import (  # noqa: F401
    baseline,
    baseline_accept,
    baseline_edit,
    baseline_return,
    baseline_sign_off,
    my_baseline,
)
from workforce.views.claims import (  # noqa: F401
    claim_adjust,
    claim_delete,
    claim_detail,
    claim_edit,
    claim_lines_template,
    claim_lines_upload,
    claim_new,
)
from workforce.views.decisions import (  # noqa: F401
    claim_approve,
    claim_query,
    claim_reject,
    claim_resubmit,
    claim_submit,
)
from workforce.views.evidence import evidence_download, evidence_upload  # noqa: F401
from workforce.views.history import baseline_history, claim_history  # noqa: F401
from workforce.views.notices import notice_list, notices_read  # noqa: F401
from workforce.views.payments import payment_run_detail, payment_run_list  # noqa: F401
from workforce.views.queue import (  # noqa: F401
    claim_list,
    claims_bulk_approve,
    payment_run_create,
)
from workforce.views.staff import my_staff, staff_detail, staff_list, staff_new  # noqa: F401
