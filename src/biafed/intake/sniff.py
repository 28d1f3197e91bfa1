"""A quick look at the first bytes of an upload, to refuse what is clearly not an image
before gigabytes are sent. By content only: names and browser types are never trusted.

The full check (format, metadata, previews) runs on the finished file in the
background (`biafed.intake.inspect`); this only turns away PDFs, videos, office
documents and the like early, with a clear message.
"""

SNIFF_BYTES = 512

MAGIC = (
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"II+\x00", "bigtiff"),
    (b"MM\x00+", "bigtiff"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),  # an empty zip: the check will say so
    (b"ZISRAWFILE", "czi"),
    (b"\xda\xce\xbe\x0a", "nd2"),
    (b"\x70\x00\x00\x00", "lif"),
)


def guess(head: bytes) -> str:
    """The family the first bytes announce, or "" when they match no image format."""
    for magic, name in MAGIC:
        if head.startswith(magic):
            return name
    return ""


def is_decidable(head: bytes, *, complete: bool) -> bool:
    """Enough bytes to decide (or the whole file, however short)."""
    return complete or len(head) >= SNIFF_BYTES
