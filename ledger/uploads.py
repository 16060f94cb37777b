"""Which files the system accepts as uploads: PDF, JPEG or PNG, recognised by their first
bytes, never by their name. One table for the ledger's documents and the scans filed with applications."""

# (magic bytes, extension, content type)
SIGNATURES = [
    (b"%PDF-", "pdf", "application/pdf"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
]


def sniff(head: bytes) -> tuple[str, str] | None:
    """(extension, content type) of a file starting with `head`, or None."""
    for magic, ext, content_type in SIGNATURES:
        if head.startswith(magic):
            return ext, content_type
    return None
