"""The tus 1.0 resumable-upload protocol, the parts that are plain data (no Django).

Spec: https://tus.io/protocols/resumable-upload (core, creation, expiration,
termination, checksum). The views in views/tus.py use these helpers.
"""

import base64
import binascii
import hashlib
from datetime import datetime
from email.utils import format_datetime

TUS_VERSION = "1.0.0"
EXTENSIONS = ("creation", "expiration", "termination", "checksum")
CHECKSUM_ALGORITHMS = ("sha1", "sha256", "md5")
OFFSET_CONTENT_TYPE = "application/offset+octet-stream"
CHECKSUM_MISMATCH = 460  # tus checksum extension


class ProtocolError(ValueError):
    """A request that does not follow the protocol; `status` is the HTTP answer."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def parse_metadata(header: str) -> dict[str, str]:
    """`Upload-Metadata: filename d29ybGQ=,is_confidential` -> {"filename": "world", ...}."""
    result: dict[str, str] = {}
    for pair in (header or "").split(","):
        pair = pair.strip()
        if not pair:
            continue
        key, _sep, value = pair.partition(" ")
        if not key or " " in value.strip():
            raise ProtocolError(f"malformed Upload-Metadata pair {pair!r}")
        try:
            result[key] = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise ProtocolError(f"Upload-Metadata value of {key!r} is not base64 UTF-8") from None
    return result


def encode_metadata(metadata: dict[str, str]) -> str:
    return ",".join(
        f"{key} {base64.b64encode(str(value).encode()).decode()}" if value != "" else key
        for key, value in metadata.items()
    )


def parse_checksum(header: str):
    """`Upload-Checksum: sha1 <base64 digest>` -> (hashlib object, expected digest bytes)."""
    algorithm, _sep, encoded = (header or "").strip().partition(" ")
    algorithm = algorithm.lower()
    if algorithm not in CHECKSUM_ALGORITHMS:
        raise ProtocolError(f"checksum algorithm {algorithm!r} is not supported", status=400)
    try:
        expected = base64.b64decode(encoded.strip(), validate=True)
    except binascii.Error:
        raise ProtocolError("Upload-Checksum digest is not base64") from None
    return hashlib.new(algorithm), expected


def parse_length(value: str | None, name: str) -> int:
    if value is None or not value.strip().isdigit():
        raise ProtocolError(f"{name} must be a non-negative whole number")
    return int(value)


def http_date(moment: datetime) -> str:
    """RFC 9110 date, as `Upload-Expires` wants it."""
    return format_datetime(moment, usegmt=True)
