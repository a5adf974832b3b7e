"""Reads of workforce data, scoped by user. Selectors load plain values; ``workforce.rules``
computes; templates only show what these return. One module per concern; the names are
re-exported here, so ``from workforce import selectors`` reaches them all."""

from funding.arrs_use import ArrsUse  # noqa: F401  (services name it as selectors.ArrsUse)
from workforce.selectors.arrs import (  # noqa: F401
    already_reimbursed,
    arrs_paid,
    arrs_use_by_pcn,
    other_adjustments,
    transferred_outside_ceiling,
)
from workforce.selectors.baselines import (  # noqa: F401
    BaselineEditing,
    accepted_baseline,
    baseline_editing,
    baseline_versions,
)
from workforce.selectors.checks import (  # noqa: F401
    PcnYear,
    claim_facts,
    claim_problems,
    pcn_year,
    role_caps_for,
)
from workforce.selectors.claim_page import (  # noqa: F401
    LINES_HEADER,
    Actions,
    ClaimPage,
    claim_line_rows,
    claim_page,
)
from workforce.selectors.history import ClaimHistory, baseline_history, claim_history  # noqa: F401
from workforce.selectors.loaders import (  # noqa: F401
    baselines_for,
    claims_for,
    get_baseline_for,
    get_claim_for,
    get_evidence_for,
    get_staff_for,
)
from workforce.selectors.payments import Payee, by_payee, payment_run_for, payment_runs_for  # noqa: F401
from workforce.selectors.queue import (  # noqa: F401
    claim_queue,
    claim_roles,
    next_to_decide,
    overdue,
    with_role,
)
from workforce.selectors.staff import (  # noqa: F401
    RoleWorkforce,
    StaffChange,
    StaffRow,
    _shown,
    _terms_by_staff,
    claim_edit_people,
    staff_changes,
    staff_claim_lines,
    staff_in_post,
    staff_register,
    term_on,
    workforce_by_role,
)
