"""The session viewer: one downsampled plane (Z, T, channel) at a time, rendered once
by the inspector and cached in storage."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse

from biafed.common.web import int_param
from biafed.intake import inspection, staging
from biafed.intake.models import AccessKind, FileStatus
from biafed.intake.services.privacy import record_access
from biafed.intake.views.files import _file_or_404

MAX_SIZE = 512


def _index(request, name: str, count: int) -> int:
    """The plane asked for along one axis (0 when not given, the last one past the end)."""
    if name not in request.GET:
        return 0
    index = int_param(request.GET, name, low=0)
    if index is None:
        raise Http404
    return min(index, max(count - 1, 0))


def plane_name(data_file_id: int, *, z: int, t: int, channel) -> str:
    c = "all" if channel is None else str(channel)
    return f"intake/planes/{data_file_id}/z{z}-t{t}-c{c}-{MAX_SIZE}.png"


@login_required
def plane(request, pk: int):
    data_file = _file_or_404(request, pk)
    if data_file.status != FileStatus.VALID or data_file.format == "zip":
        raise Http404
    dims = data_file.dims
    z = _index(request, "z", int(dims.get("Z", 1)))
    t = _index(request, "t", int(dims.get("T", 1)))
    raw_c = request.GET.get("c", "all")
    channel = None if raw_c == "all" else _index(request, "c", int(dims.get("C", 1)))
    name = plane_name(data_file.pk, z=z, t=t, channel=channel)
    if not default_storage.exists(name):
        with tempfile.TemporaryDirectory(dir=staging.staging_dir(), prefix="plane-") as out:
            png = Path(out) / "plane.png"
            # A file past "uploading" has its storage name.
            with staging.local_copy(data_file.file.name) as path:  # type: ignore[arg-type]
                try:
                    done = inspection.render_plane(
                        path,
                        png,
                        z=z,
                        t=t,
                        channel=channel,
                        max_size=MAX_SIZE,
                        memory_mb=settings.INTAKE_INSPECT_MEMORY_MB,
                    )
                except Exception:  # a plane that cannot be drawn is simply not shown
                    done = None
            if done is None or not png.is_file():
                return HttpResponse(status=404)
            with open(png, "rb") as handle:
                if not default_storage.exists(name):
                    name = default_storage.save(name, File(handle))
    record_access(viewer=request.user, data_file=data_file, kind=AccessKind.VIEWER)
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response
