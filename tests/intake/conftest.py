"""Helpers for the intake's tests: a booking with its cast, tus requests, a fake inspector."""

import base64
import hashlib
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from biafed.intake.registry import target_key
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    RequesterFactory,
    seat,
    submitted_booking,
)

TIFF_HEAD = b"II*\x00\x08\x00\x00\x00"


def image_bytes(size: int, *, seed: int = 0) -> bytes:
    """`size` bytes that start like a TIFF (enough for the upload's content check)."""
    body = hashlib.sha256(str(seed).encode()).digest() * (size // 32 + 1)
    return (TIFF_HEAD + body)[:size]


def tus_headers(**extra) -> dict:
    return {"Tus-Resumable": "1.0.0", **extra}


def metadata(**values) -> str:
    return ",".join(f"{k} {base64.b64encode(str(v).encode()).decode()}" for k, v in values.items())


def tus_create(client, target, length: int, *, filename="cells.tif", **meta):
    return client.post(
        "/files/tus/",
        headers=tus_headers(
            Upload_Length=str(length),
            Upload_Metadata=metadata(filename=filename, target=target_key(target), **meta),
        ),
    )


def upload_token(person, key: str) -> str:
    """An upload key as the file panel shows it: tied to a logged-in session of `person`."""
    from django.test import Client

    from biafed.intake.tokens import make_token

    browser = Client()
    browser.force_login(person)
    return make_token(person=person, target_key=key, session_key=browser.session.session_key)


def upload_path(response) -> str:
    return urlsplit(response["Location"]).path


def tus_patch(client, path: str, offset: int, data: bytes, *, environ=None, **headers):
    """PATCH `data` at `offset`; `environ` overrides WSGI values (e.g. a cut connection)."""
    return client.generic(
        "PATCH",
        path,
        data=data,
        content_type="application/offset+octet-stream",
        headers=tus_headers(Upload_Offset=str(offset), **headers),
        **{"CONTENT_TYPE": "application/offset+octet-stream", **(environ or {})},
    )


class CutConnection:
    """A request body that stops after the bytes given, as when the network drops."""

    def __init__(self, data: bytes, *, error: bool = False):
        self.data, self.position, self.error = data, 0, error

    def read(self, size: int = -1) -> bytes:
        if self.position >= len(self.data):
            if self.error:
                raise ConnectionResetError("connection reset by peer")
            return b""
        end = len(self.data) if size < 0 else self.position + size
        chunk = self.data[self.position : end]
        self.position += len(chunk)
        return chunk

    def readline(self, size: int = -1) -> bytes:
        return self.read(size)


def tus_head(client, path: str):
    return client.head(path, headers=tus_headers())


@dataclass
class Cast:
    booking: object
    requester: object
    panelist: object
    outsider: object
    other_requester: object
    coordinator: object


@pytest.fixture
def cast(db) -> Cast:
    requester = RequesterFactory()
    booking = submitted_booking(requester=requester)
    panelist = AnalystFactory()
    seat(booking, panelist)
    return Cast(
        booking=booking,
        requester=requester,
        panelist=panelist,
        outsider=AnalystFactory(),
        other_requester=RequesterFactory(),
        coordinator=CoordinatorFactory(),
    )


TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


@pytest.fixture
def fake_inspector(monkeypatch):
    """Replace the sandboxed inspector: a file starting like `image_bytes` is a valid
    2-channel OME-TIFF with previews; anything else is unreadable."""
    from biafed.intake import inspection

    calls = []

    def inspect(path, out_dir, *, memory_mb, timeout_s):
        calls.append(path)
        from pathlib import Path

        head = Path(path).read_bytes()[:4]
        if head != TIFF_HEAD[:4]:
            return {"status": "unreadable", "reason": "truncated TIFF: strip 3 ends past end"}
        (Path(out_dir) / "thumbnail.png").write_bytes(TINY_PNG)
        (Path(out_dir) / "composite.png").write_bytes(TINY_PNG)
        return {
            "status": "ok",
            "reason": "",
            "format": "ome-tiff",
            "metadata": {
                "dims": {"T": 1, "C": 2, "Z": 5, "Y": 64, "X": 64},
                "dtype": "uint16",
                "channels": [
                    {"name": "DAPI", "color": "#0000ff"},
                    {"name": "GFP", "color": "#00ff00"},
                ],
                "pixel_sizes": {"x": {"value": 0.1, "unit": "µm", "verified": True}},
            },
            "previews": {"thumbnail": "thumbnail.png", "composite": "composite.png"},
            "members": [],
        }

    def render_plane(path, out_png, *, z, t, channel, max_size, memory_mb):
        calls.append(("plane", z, t, channel))
        from pathlib import Path

        Path(out_png).write_bytes(TINY_PNG)
        return {"z": z, "t": t, "channel": channel, "width": 1, "height": 1}

    monkeypatch.setattr(inspection, "inspect", inspect)
    monkeypatch.setattr(inspection, "render_plane", render_plane)
    monkeypatch.setattr(inspection, "available", lambda: True)
    return calls
