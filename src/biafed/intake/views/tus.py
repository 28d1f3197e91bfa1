"""The tus 1.0 endpoints (core, creation, expiration, termination, checksum).

    OPTIONS /files/tus/            what the server supports
    POST    /files/tus/            create an upload (Upload-Length, Upload-Metadata with
                                   `target` = "app_label.model:pk" and `filename`)
    HEAD    /files/tus/<id>/       where to resume (Upload-Offset)
    PATCH   /files/tus/<id>/       append bytes at Upload-Offset (streamed to disk in
                                   small blocks: the body is never held in memory)
    DELETE  /files/tus/<id>/       abandon the upload

Authenticated by the session (with the CSRF header) or by an upload token
(`Authorization: Bearer …`) for scripts.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from biafed.intake import tus
from biafed.intake.errors import IntakeError
from biafed.intake.models import Upload
from biafed.intake.registry import resolve_target, target_key
from biafed.intake.services import uploads as upload_services
from biafed.intake.tokens import read_token


def _answer(status: int, body: str = "", /, **headers: object) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    response["Tus-Resumable"] = tus.TUS_VERSION
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name.replace("_", "-")] = str(value)
    return response


INTERNAL_METADATA = {"sniffed", "synced", "synced_hash", "boot"}


class _Refused(Exception):
    def __init__(self, response):
        self.response = response


def _caller(request):
    """(person, target key the token is limited to or None)."""
    authorization = request.headers.get("Authorization", "")
    if authorization.startswith("Bearer "):
        found = read_token(authorization.removeprefix("Bearer ").strip())
        if found is None:
            raise _Refused(_answer(401, _("This upload token is invalid or expired.")))
        return found
    if not request.user.is_authenticated:
        raise _Refused(_answer(401, _("Please log in to upload files.")))
    refused = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
    if refused is not None:
        raise _Refused(_answer(403, _("The page is out of date; reload it and try again.")))
    return request.user, None


def _method(request) -> str:
    override = request.headers.get("X-HTTP-Method-Override", "")
    return override.upper() if request.method == "POST" and override else request.method


def _options() -> HttpResponse:
    return _answer(
        204,
        Tus_Version=tus.TUS_VERSION,
        Tus_Extension=",".join(tus.EXTENSIONS),
        Tus_Max_Size=settings.INTAKE_MAX_FILE_MB * 1024 * 1024,
        Tus_Checksum_Algorithm=",".join(tus.CHECKSUM_ALGORITHMS),
    )


def _guarded(handler):
    def view(request, *args, **kwargs):
        method = _method(request)
        if method == "OPTIONS":
            return _options()
        if request.headers.get("Tus-Resumable") != tus.TUS_VERSION:
            return _answer(412, "Tus-Resumable 1.0.0 is required", Tus_Version=tus.TUS_VERSION)
        try:
            person, scope = _caller(request)
            return handler(request, method, person, scope, *args, **kwargs)
        except _Refused as refused:
            return refused.response
        except tus.ProtocolError as error:
            return _answer(error.status, str(error))
        except IntakeError as error:
            return _answer(error.http_status, " ".join(error.messages))
        except PermissionDenied:
            return _answer(403, _("You may not upload files here."))

    view.__name__ = handler.__name__
    view.__doc__ = handler.__doc__
    return csrf_exempt(view)


@_guarded
def uploads(request, method, person, scope):
    """POST: create an upload."""
    if method != "POST":
        return _answer(405, "", Allow="OPTIONS, POST")
    if "Upload-Defer-Length" in request.headers:
        raise tus.ProtocolError("Upload-Defer-Length is not supported: send Upload-Length")
    length = tus.parse_length(request.headers.get("Upload-Length"), "Upload-Length")
    metadata = tus.parse_metadata(request.headers.get("Upload-Metadata", ""))
    target = resolve_target(metadata.get("target", ""))
    if (
        target is None
        or (scope is not None and target_key(target) != scope)
        or not person.has_perm("intake.view_files_of", target)
    ):
        return _answer(404, _("The booking or project to attach this file to was not found."))
    upload = upload_services.create_upload(
        actor=person, target=target, length=length, metadata=metadata
    )
    location = request.build_absolute_uri(reverse("intake:tus_upload", args=[upload.pk]))
    return _answer(
        201,
        Location=location,
        Upload_Offset=0,
        Upload_Expires=tus.http_date(upload.expires_at),
    )


@_guarded
def upload(request, method, person, scope, upload_id):
    """HEAD: offset; PATCH: append; DELETE: abandon."""
    found = Upload.objects.filter(pk=upload_id, owner=person).first()
    if found is None or (
        scope is not None
        and f"{found.content_type.app_label}.{found.content_type.model}:{found.object_id}" != scope
    ):
        return _answer(404, _("This upload does not exist (any more)."))
    if method == "HEAD":
        return _head(upload_services.recover_after_restart(found))
    if method == "PATCH":
        return _patch(request, found)
    if method == "DELETE":
        upload_services.terminate_upload(actor=person, upload=found)
        return _answer(204)
    return _answer(405, "", Allow="OPTIONS, HEAD, PATCH, DELETE")


def _head(found: Upload) -> HttpResponse:
    if not found.is_complete and found.expires_at <= timezone.now():
        return _answer(410, _("This upload expired; please start it again."))
    headers: dict[str, object] = {
        "Upload_Offset": found.offset,
        "Upload_Length": found.length,
        "Upload_Metadata": tus.encode_metadata(
            {
                "filename": found.filename,
                **{k: v for k, v in found.metadata.items() if k not in INTERNAL_METADATA},
            }
        ),
    }
    if not found.is_complete:
        headers["Upload_Expires"] = tus.http_date(found.expires_at)
    return _answer(200, **headers)


def _patch(request, found: Upload) -> HttpResponse:
    if request.content_type != tus.OFFSET_CONTENT_TYPE:
        return _answer(415, f"Content-Type must be {tus.OFFSET_CONTENT_TYPE}")
    offset = tus.parse_length(request.headers.get("Upload-Offset"), "Upload-Offset")
    content_length = tus.parse_length(request.META.get("CONTENT_LENGTH") or "0", "Content-Length")
    checksum = None
    if "Upload-Checksum" in request.headers:
        checksum = tus.parse_checksum(request.headers["Upload-Checksum"])
    found = upload_services.receive_chunk(
        upload=found,
        offset=offset,
        stream=request,  # HttpRequest.read() pulls from the WSGI input, never buffering it
        content_length=content_length,
        checksum=checksum,
    )
    headers: dict[str, object] = {"Upload_Offset": found.offset}
    if not found.is_complete:
        headers["Upload_Expires"] = tus.http_date(found.expires_at)
    return _answer(204, **headers)
