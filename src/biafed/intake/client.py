#!/usr/bin/env python3
"""biafed-upload: upload files or whole folders to biafed, resumably (tus 1.0).

Needs only Python 3.8+ (standard library). The booking page shows the command to run,
with an upload key valid for a few days:

    python3 biafed-upload.py --endpoint https://biafed.example.org/files/tus/ \\
        --target opendesk.booking:42 --token KEY  my_folder/ another_file.czi

Run it again after a cut: files already sent are skipped, a file cut half-way goes
on from where it stopped (the upload addresses are kept in ~/.biafed-upload.json).
"""

import argparse
import base64
import hashlib
import http.client
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

TUS_VERSION = "1.0.0"
BLOCK = 1024 * 1024  # hashing
STATE_FILE = Path.home() / ".biafed-upload.json"


class UploadError(Exception):
    pass


def _metadata(values: dict) -> str:
    return ",".join(
        f"{key} {base64.b64encode(str(value).encode()).decode()}" for key, value in values.items()
    )


class TusClient:
    """A small tus client streaming files from disk in blocks (bounded memory)."""

    def __init__(self, endpoint: str, *, token: str = "", headers=None, timeout: float = 300):
        self.endpoint = endpoint
        self.headers = {"Tus-Resumable": TUS_VERSION, **(headers or {})}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self.timeout = timeout

    def _connection(self, url: str):
        parts = urlsplit(url)
        kind = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        return kind(parts.netloc, timeout=self.timeout), parts.path + (
            f"?{parts.query}" if parts.query else ""
        )

    def _request(self, method: str, url: str, headers=None, body=b""):
        connection, path = self._connection(url)
        try:
            connection.request(method, path, body=body, headers={**self.headers, **(headers or {})})
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            return response.status, dict(response.getheaders()), text
        finally:
            connection.close()

    def create(self, *, length: int, metadata: dict) -> str:
        status, headers, text = self._request(
            "POST",
            self.endpoint,
            {"Upload-Length": str(length), "Upload-Metadata": _metadata(metadata)},
        )
        if status != 201:
            raise UploadError(f"refused ({status}): {text.strip()}")
        return urljoin(self.endpoint, headers.get("Location") or headers.get("location"))

    def offset(self, url: str):
        """The server's offset for `url`, or None if the upload is gone."""
        status, headers, _text = self._request("HEAD", url)
        if status != 200:
            return None
        return int(headers.get("Upload-Offset") or headers.get("upload-offset"))

    def patch(self, url: str, handle, *, offset: int, size: int, checksum: bool = False) -> int:
        """Send `size` bytes of `handle` from `offset`, streaming; returns the new offset."""
        extra = {}
        if checksum:
            handle.seek(offset)
            digest = hashlib.sha1()
            left = size
            while left:
                block = handle.read(min(BLOCK, left))
                digest.update(block)
                left -= len(block)
            extra["Upload-Checksum"] = "sha1 " + base64.b64encode(digest.digest()).decode()
        connection, path = self._connection(url)
        try:
            connection.putrequest("PATCH", path)
            headers = {
                **self.headers,
                **extra,
                "Upload-Offset": str(offset),
                "Content-Type": "application/offset+octet-stream",
                "Content-Length": str(size),
            }
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders()
            self._send_body(connection, handle, offset, size)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            if response.status != 204:
                raise UploadError(f"refused ({response.status}): {text.strip()}")
            return int(response.getheader("Upload-Offset"))
        finally:
            connection.close()

    @staticmethod
    def _send_body(connection, handle, offset: int, size: int) -> None:
        """The file's bytes straight from disk to the socket (sendfile: no copy through
        Python where the system has it; blocks otherwise): never a whole chunk in memory."""
        sent = connection.sock.sendfile(handle, offset, size)
        if sent != size:
            raise UploadError("the file got shorter while uploading")

    def upload(
        self,
        path,
        *,
        target: str,
        chunk_size: int = 50 * 1024 * 1024,
        url: str = "",
        verify: bool = True,
        checksum: bool = False,
        retries: int = 8,
        on_progress=None,
        on_url=None,
    ) -> str:
        """Upload (or resume) one file; returns its upload URL."""
        path = Path(path)
        size = path.stat().st_size
        offset = self.offset(url) if url else None
        if offset is None:
            metadata = {"filename": path.name, "target": target}
            if verify:
                metadata["sha256"] = sha256_of(path)
            url = self.create(length=size, metadata=metadata)
            offset = 0
        if on_url:
            on_url(url)
        failures = 0
        with open(path, "rb") as handle:
            while offset < size:
                try:
                    offset = self.patch(
                        url,
                        handle,
                        offset=offset,
                        size=min(chunk_size, size - offset),
                        checksum=checksum,
                    )
                    failures = 0
                except (OSError, http.client.HTTPException) as error:
                    failures += 1
                    if failures > retries:
                        raise UploadError(f"gave up after {retries} retries: {error}") from error
                    time.sleep(min(2**failures, 60))
                    found = self.offset(url)
                    if found is None:
                        raise UploadError("the server forgot this upload; run again") from error
                    offset = found
                if on_progress:
                    on_progress(path, offset, size)
        return url


def sha256_of(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def files_in(paths) -> list:
    found = []
    for item in map(Path, paths):
        if item.is_dir():
            found += sorted(
                p for p in item.rglob("*") if p.is_file() and not p.name.startswith(".")
            )
        elif item.is_file():
            found.append(item)
        else:
            raise SystemExit(f"not found: {item}")
    return found


def _load_state() -> dict:
    try:
        return json.loads(STATE_FILE.read_text())
    except (OSError, ValueError):
        return {}


def _save_state(state: dict) -> None:
    tmp = STATE_FILE.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=1))
    os.replace(tmp, STATE_FILE)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", required=True, help="the tus address shown on the page")
    parser.add_argument("--target", required=True, help="e.g. opendesk.booking:42")
    parser.add_argument("--token", required=True, help="the upload key shown on the page")
    parser.add_argument("--chunk-mb", type=int, default=50, help="bytes per request (MB)")
    parser.add_argument("--checksum", action="store_true", help="SHA-1 of every chunk too")
    parser.add_argument("paths", nargs="+", help="files or folders")
    args = parser.parse_args(argv)
    client = TusClient(args.endpoint, token=args.token)
    state = _load_state()
    failed = 0
    for path in files_in(args.paths):
        stat = path.stat()
        key = f"{args.endpoint}|{args.target}|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
        entry = state.get(key, {})
        if entry.get("done"):
            print(f"already uploaded: {path}")
            continue

        def remember(url, key=key):
            state[key] = {"url": url}
            _save_state(state)

        def progress(p, offset, size):
            print(f"\r{p.name}: {100 * offset // max(size, 1)}%", end="", flush=True)

        try:
            client.upload(
                path,
                target=args.target,
                chunk_size=args.chunk_mb * 1024 * 1024,
                url=entry.get("url", ""),
                checksum=args.checksum,
                on_progress=progress,
                on_url=remember,
            )
        except UploadError as error:
            failed += 1
            print(f"\n{path}: {error}", file=sys.stderr)
            continue
        state[key] = {"done": True}
        _save_state(state)
        print(f"\r{path.name}: done")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
