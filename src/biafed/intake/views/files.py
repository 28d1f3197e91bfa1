"""Data files in pages: the file panel (htmx), downloads, previews, deletion, consent,
the plain (non-resumable) upload form used when JavaScript is off."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from biafed.common.text import without_bidi_controls
from biafed.common.web import choice_param, next_url, require
from biafed.intake import client, staging
from biafed.intake.errors import IntakeError
from biafed.intake.models import LIVE_STATUSES, AccessKind, DataFile, FileStatus
from biafed.intake.registry import for_object, resolve_target
from biafed.intake.services import files as file_services
from biafed.intake.services.privacy import record_access
from biafed.intake.services.uploads import store_file

CONTENT_TYPES = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "tiff": "image/tiff",
    "bigtiff": "image/tiff",
    "ome-tiff": "image/tiff",
    "imagej-tiff": "image/tiff",
    "zip": "application/zip",
}
"""Content types of the formats the check detected from the bytes; any other (or not yet
checked) file is sent as application/octet-stream, never typed from its uploaded name."""

INLINE_FORMATS = {"png", "jpeg"}
"""Images a browser may show in place; everything else is always an attachment."""


class Download(FileResponse):
    """A data file as the browser must treat it: typed from the detected format (never the
    uploaded name), not sniffed, not cached, and an attachment unless it is a plain image
    shown `inline`.

    Sent in 1 MiB blocks (FileResponse reads 4 KB at a time), when the WSGI server's file
    wrapper does not send it itself (S3 streams, the test client): far fewer reads and
    writes for a big file, and still one block in memory at a time."""

    block_size = staging.BLOCK

    def __init__(self, stream, *, data_file: DataFile, inline: bool = False):
        shown_inline = inline and data_file.format in INLINE_FORMATS
        super().__init__(
            stream,
            as_attachment=not shown_inline,
            filename=without_bidi_controls(data_file.original_name),
            content_type=CONTENT_TYPES.get(data_file.format, "application/octet-stream"),
        )
        self["Content-Length"] = data_file.size
        self["Cache-Control"] = "no-store"
        self["X-Content-Type-Options"] = "nosniff"


def _target_or_404(request, key: str, perm: str = "intake.view_files_of"):
    target = resolve_target(key)
    if target is None or not request.user.has_perm("intake.view_files_of", target):
        raise Http404
    require(request.user, perm, target)
    return target


def _file_or_404(request, pk: int, perm: str = "intake.view_file") -> DataFile:
    data_file = get_object_or_404(
        DataFile.objects.select_related("content_type"), pk=pk, status__in=LIVE_STATUSES
    )
    if not request.user.has_perm("intake.view_file", data_file):
        raise Http404
    require(request.user, perm, data_file)
    return data_file


def _back(request, target):
    entry = for_object(target)
    return redirect(next_url(request, entry.link(target) if entry.link else "home"))


def _panel(request, target):
    """The whole file panel, or only its list (`part=list`) while an upload may be running."""
    part = choice_param(request.POST, "part", ["list"]) or choice_param(
        request.GET, "part", ["list"]
    )
    if part != "list":
        return render(request, "intake/_files.html", {"target": target})
    live_parts = for_object(target).live_parts
    return render(
        request, "intake/_file_list_part.html", {"target": target, "live_parts": live_parts}
    )


@login_required
def panel(request, key: str):
    """The file panel of a target, re-rendered by htmx while checks are running."""
    return _panel(request, _target_or_404(request, key))


@login_required
def download(request, pk: int):
    data_file = _file_or_404(request, pk)
    if data_file.status == FileStatus.UPLOADING:  # remote storage: not copied in yet
        raise Http404(_("This file is still being stored; try again in a moment."))
    try:
        # A file past "uploading" has its storage name.
        stream = staging.open_stored(data_file.file.name)  # type: ignore[arg-type]
    except FileNotFoundError:
        raise Http404 from None
    record_access(viewer=request.user, data_file=data_file, kind=AccessKind.DOWNLOAD)
    return Download(stream, data_file=data_file)


@login_required
def preview(request, pk: int, kind: str):
    data_file = _file_or_404(request, pk)
    field = {"thumbnail": data_file.thumbnail, "composite": data_file.composite}.get(kind)
    if not field:
        raise Http404
    record_access(viewer=request.user, data_file=data_file, kind=AccessKind.PREVIEW)
    response = FileResponse(field.open("rb"), content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def delete(request, pk: int):
    data_file = _file_or_404(request, pk, "intake.delete_file")
    target = data_file.target
    file_services.delete_file(actor=request.user, data_file=data_file)
    if request.htmx:
        return _panel(request, target)
    messages.success(request, _("“%(name)s” deleted.") % {"name": data_file.original_name})
    return _back(request, target)


@login_required
@require_POST
def keep(request, key: str):
    target = _target_or_404(request, key, "intake.consent_for")
    wanted = request.POST.get("keep") == "yes"
    file_services.set_keep(actor=request.user, target=target, keep=wanted)
    if request.htmx:
        return _panel(request, target)
    messages.success(
        request,
        _("Your files will be kept after the session.")
        if wanted
        else _("Your files will be deleted after the retention period."),
    )
    return _back(request, target)


@login_required
@require_POST
def form_upload(request, key: str):
    """Without JavaScript: a plain multipart form (Django streams big parts to temporary
    files); each file then goes through the same checks as a resumable upload."""
    target = _target_or_404(request, key, "intake.upload_to")
    chosen = request.FILES.getlist("files")
    if not chosen:
        messages.error(request, _("Choose at least one file to upload."))
        return _back(request, target)
    stored = 0
    for uploaded in chosen:
        try:
            store_file(
                actor=request.user,
                target=target,
                name=Path(uploaded.name).name,
                fileobj=uploaded,
                size=uploaded.size,
            )
        except IntakeError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            stored += 1
    if stored:
        messages.success(
            request,
            ngettext("%(n)s file uploaded.", "%(n)s files uploaded.", stored) % {"n": stored},
        )
    return _back(request, target)


def client_script(request):
    """The stand-alone command-line uploader (Python 3 standard library only)."""

    response = FileResponse(
        open(client.__file__, "rb"), as_attachment=True, filename="biafed-upload.py"
    )
    response["Content-Type"] = "text/x-python; charset=utf-8"
    return response
