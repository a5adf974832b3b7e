"""Evidence files: which kinds are accepted, told by their first bytes (not only their name)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str
    extensions: tuple[str, ...]
    magic: bytes


KINDS = (
    Kind("application/pdf", ".pdf", (".pdf",), b"%PDF-"),
    Kind("image/png", ".png", (".png",), b"\x89PNG\r\n\x1a\n"),
    Kind("image/jpeg", ".jpg", (".jpg", ".jpeg"), b"\xff\xd8\xff"),
)


def evidence_kind(*, name: str, head: bytes, size: int, max_bytes: int) -> Kind:
    """The kind of an evidence upload, or ValueError with a message for the uploader: PDF, PNG or
    JPEG only, the name's extension matching the content, at most ``max_bytes``."""
    if size == 0:
        raise ValueError("The file is empty.")
    if size > max_bytes:
        raise ValueError(
            f"The file is {size / 1024 / 1024:.1f} MB; the limit is {max_bytes / 1024 / 1024:.0f} MB."
        )
    lower = name.lower()
    for kind in KINDS:
        if head.startswith(kind.magic):
            if not lower.endswith(kind.extensions):
                raise ValueError(
                    f"The file's content is {kind.extension[1:].upper()} but its name does not "
                    f"end in {' or '.join(kind.extensions)}."
                )
            return kind
    raise ValueError("Evidence must be a PDF, PNG or JPEG file.")
