"""The only code that writes workforce rows (style.md §1): baselines, staff, claims, evidence and
payment runs. Views, the admin, the demo loader and tests call these.

Every claim transition runs in one transaction that locks the PCN row and then the claim row
(always in that order, so two transitions cannot deadlock), checks the current state, and writes
an append-only ``ClaimEvent``. Locking the PCN serialises everything that draws on its ARRS sum,
so two claims racing for the last of it cannot both get it.
"""

from workforce.services._common import (  # noqa: F401
    CLINICAL_PHARMACIST,
    BaselineStateError,
    ClaimProblemsError,
    ClaimStateError,
    WorkforceError,
)
from workforce.services.baselines import *  # noqa: F403
from workforce.services.claims import *  # noqa: F403
from workforce.services.decisions import *  # noqa: F403
from workforce.services.evidence import *  # noqa: F403
from workforce.services.payments import *  # noqa: F403
from workforce.services.staff import *  # noqa: F403
