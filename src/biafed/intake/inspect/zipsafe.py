"""Zip archives of a folder: refused when hostile, else each image member inspected."""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

from .api import inspect_file
from .detect import file_size
from .errors import Unreadable
from .limits import Limits, human_bytes
from .report import OK, Report

COPY_BLOCK = 1024 * 1024


def safe_members(zf: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    """The regular-file members, after refusing traversal, links, bombs and floods."""
    infos = zf.infolist()
    if len(infos) > limits.zip_max_members:
        raise Unreadable(f"zip has {len(infos):,} members (limit {limits.zip_max_members:,})")
    total = 0
    files = []
    for info in infos:
        name = info.filename
        mode = info.external_attr >> 16
        if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
            raise Unreadable(f"zip member with an absolute path: {name[:200]}")
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if ".." in parts:
            raise Unreadable(f"zip member escapes the folder (path traversal): {name[:200]}")
        if stat.S_ISLNK(mode):
            raise Unreadable(f"zip member is a symbolic link: {name[:200]}")
        if info.flag_bits & 0x1:
            raise Unreadable(f"zip member is encrypted: {name[:200]}")
        if info.is_dir():
            continue
        total += info.file_size
        if total > limits.zip_max_total_bytes:
            raise Unreadable(
                f"zip bomb: members unpack to more than {human_bytes(limits.zip_max_total_bytes)}"
            )
        if (
            info.file_size > limits.zip_ratio_applies_above
            and info.file_size > limits.zip_max_member_ratio * max(info.compress_size, 1)
        ):
            raise Unreadable(
                f"zip bomb: {name[:200]} unpacks {human_bytes(info.compress_size)} "
                f"to {human_bytes(info.file_size)}"
            )
        files.append(info)
    return files


def extract_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, dest: Path) -> None:
    """Stream one member to ``dest``, stopping if it yields more than it declared."""
    written = 0
    with zf.open(info) as src, open(dest, "wb") as out:
        while block := src.read(COPY_BLOCK):
            written += len(block)
            if written > info.file_size:
                raise Unreadable(
                    f"zip bomb: {info.filename[:200]} unpacks to more than it declares"
                )
            out.write(block)


def inspect_zip(
    path, out_dir: Path, *, thumb_size: int, composite_size: int, limits: Limits
) -> Report:
    """Report of a zip: refused whole when unsafe; else one member report per file."""

    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return Report.unreadable(f"malformed zip: {exc}", format="zip")
    members: list[dict] = []
    with zf:
        try:
            files = safe_members(zf, limits)
        except Unreadable as exc:
            return Report.unreadable(str(exc), format="zip")
        with tempfile.TemporaryDirectory(prefix="biafed-zip-") as tmp:
            for i, info in enumerate(files):
                target = Path(tmp) / f"member-{i}"
                try:
                    extract_member(zf, info, target)
                except Unreadable as exc:
                    return Report.unreadable(str(exc), format="zip")
                except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                    report = Report.unreadable(f"damaged zip member: {exc}")
                else:
                    member_dir = out_dir / "members" / str(i)
                    report = inspect_file(
                        target,
                        member_dir,
                        thumb_size=thumb_size,
                        composite_size=composite_size,
                        limits=limits,
                    )
                    if report.format == "zip":
                        report = Report.unreadable("zip inside a zip is not opened", format="zip")
                    report.previews = {k: f"members/{i}/{v}" for k, v in report.previews.items()}
                    if not report.previews:
                        shutil.rmtree(member_dir, ignore_errors=True)
                finally:
                    target.unlink(missing_ok=True)
                members.append({"name": info.filename, **report.to_dict()})
    readable = [m for m in members if m["status"] == OK]
    metadata = {
        "file_size": file_size(path),
        "member_count": len(members),
        "readable_members": len(readable),
    }
    if not readable:
        return Report(
            status="unreadable",
            reason="the zip holds no image biafed can read",
            format="zip",
            metadata=metadata,
            members=members,
        )
    return Report(
        status=OK,
        format="zip",
        metadata=metadata,
        previews=dict(readable[0]["previews"]),
        members=members,
    )
