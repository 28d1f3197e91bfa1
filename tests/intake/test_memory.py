"""The upload view streams: a 50 MB PATCH never sits in the server's memory (a few 1 MiB
blocks at most: the one being written and two waiting for the hashing thread)."""

import hashlib
import tracemalloc

import pytest

from biafed.intake.models import DataFile
from tests.intake.conftest import TIFF_HEAD, tus_create, tus_patch, upload_path

pytestmark = pytest.mark.django_db

SIZE = 50 * 1024 * 1024


class GeneratedBody:
    """A request body produced on demand, as a socket would deliver it."""

    def __init__(self, size: int):
        self.size, self.position = size, 0
        self.pattern = (TIFF_HEAD + hashlib.sha256(b"seed").digest() * 32768)[: 1024 * 1024]

    def read(self, n: int = -1) -> bytes:
        n = self.size - self.position if n < 0 else min(n, self.size - self.position)
        start = self.position % len(self.pattern)
        chunk = (self.pattern[start:] + self.pattern)[:n] if n else b""
        self.position += n
        return chunk

    readline = read

    def digest(self) -> str:
        body, digest = GeneratedBody(self.size), hashlib.sha256()
        while block := body.read(1024 * 1024):
            digest.update(block)
        return digest.hexdigest()


def test_a_50_mb_patch_is_streamed_in_bounded_memory(client, cast, settings):
    settings.INTAKE_MAX_FILE_MB = 100
    client.force_login(cast.requester)
    path = upload_path(tus_create(client, cast.booking, SIZE, filename="big.tif"))
    body = GeneratedBody(SIZE)

    tracemalloc.start()
    try:
        response = tus_patch(
            client,
            path,
            0,
            b"",
            environ={"wsgi.input": body, "CONTENT_LENGTH": str(SIZE)},
        )
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 204
    assert response["Upload-Offset"] == str(SIZE)
    assert peak < 16 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB for a {SIZE / 1e6:.0f} MB body"
    data_file = DataFile.objects.get()
    assert data_file.size == SIZE
    assert data_file.sha256 == body.digest()
