"""Evidence attached to a claim: checked by its first bytes and size, stored outside the web root."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction

from workforce import permissions, uploads
from workforce.models import (
    Claim,
    Evidence,
)
from workforce.services._common import (
    WorkforceError,
    _name,
    _save,
)
from workforce.services.claims import (
    _locked,
    _require,
)

# --- evidence -----------------------------------------------------------------------------------


@transaction.atomic
def evidence_add(*, claim: Claim, by, upload) -> Evidence:
    """Attach a PDF, PNG or JPEG to a claim that is not decided yet. The type is told by the
    file's first bytes; the stored name is random (the uploader's name is kept as text)."""
    claim = _locked(claim)
    permissions.require_pcn_user(by, claim.pcn)
    _require(claim, "add_evidence")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    try:
        kind = uploads.evidence_kind(
            name=upload.name, head=head, size=upload.size, max_bytes=settings.EVIDENCE_MAX_BYTES
        )
    except ValueError as error:
        raise WorkforceError(str(error)) from error
    evidence = Evidence(
        claim=claim,
        token=secrets.token_hex(16),
        extension=kind.extension,
        original_name=upload.name[-200:],
        content_type=kind.content_type,
        size=upload.size,
        uploaded_by=by,
        uploaded_by_name=_name(by),
    )
    evidence.file.save("evidence", upload, save=False)
    try:
        _save(evidence)
    except Exception:
        default_storage.delete(evidence.file.name)
        raise
    return evidence
