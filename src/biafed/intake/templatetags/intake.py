"""`{% intake_box target as box %}`: what the file panel of `target` shows to this person."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from biafed.intake import inspection
from biafed.intake.models import FileStatus
from biafed.intake.registry import empty_text_of, for_object, heading_of, target_key
from biafed.intake.services.files import files_for
from biafed.intake.services.limits import usage_summary
from biafed.intake.services.privacy import accesses_to
from biafed.intake.services.retention import due_date
from biafed.intake.services.uploads import pending_uploads
from biafed.intake.tokens import make_token

register = template.Library()

WAITING = (FileStatus.UPLOADING, FileStatus.RECEIVED, FileStatus.VALIDATING)
ACCESS_LOG_LINES = 50


def _static_or_blank(path: str) -> str:
    try:
        return static(path)
    except ValueError:  # not collected (the npm bundle was not built): plain form only
        return ""


def _upload_token(request, key: str) -> str:
    """The command-line uploader's key, tied to this browser session."""
    if request.session.session_key is None:  # a session saved later in this response
        request.session.save()
    return make_token(person=request.user, target_key=key, session_key=request.session.session_key)


@register.simple_tag(takes_context=True)
def intake_box(context, target) -> dict:
    request = context["request"]
    user = request.user
    key = target_key(target)
    can_view = user.has_perm("intake.view_files_of", target)
    can_upload = user.has_perm("intake.upload_to", target)
    files = list(files_for(target)) if can_view else []
    box = {
        "target": target,
        "key": key,
        "dom_id": key.replace(".", "-").replace(":", "-"),
        "label": for_object(target).label(target),
        "heading": heading_of(target),
        "empty": empty_text_of(target),
        "can_view": can_view,
        "can_upload": can_upload,
        "can_manage": user.has_perm("intake.manage_files_of", target),
        "can_consent": user.has_perm("intake.consent_for", target),
        "files": files,
        "checking": inspection.available() and any(f.status in WAITING for f in files),
        "keep": any(f.keep_after_session for f in files),
        "delete_on": due_date(target),
        "retention_days": settings.INTAKE_RETENTION_DAYS,
        "panel_url": reverse("intake:panel", args=[key]),
        "viewer": _static_or_blank("intake/viewer.js"),
        "accesses": (
            list(accesses_to(target)[:ACCESS_LOG_LINES])
            if user.has_perm("intake.view_access_log", target)
            else None
        ),
    }
    if can_upload:
        box.update(
            pending=list(pending_uploads(person=user, target=target)),
            usage=usage_summary(person=user, target=target),
            endpoint=request.build_absolute_uri(reverse("intake:tus")),
            chunk_bytes=settings.INTAKE_CHUNK_MB * 1024 * 1024,
            token=_upload_token(request, key),
            token_hours=settings.INTAKE_TOKEN_HOURS,
            bundle=_static_or_blank("intake/vendor/uppy-tus.min.js"),
            script=_static_or_blank("intake/upload.js"),
        )
    return box


@register.filter
def dims_text(metadata) -> str:
    """ "T 1 · C 2 · Z 40 · 1024 × 1024" from the inspector's dims."""
    dims = (metadata or {}).get("dims") or {}
    if not dims:
        return ""
    parts = [f"{axis} {dims[axis]}" for axis in ("T", "C", "Z") if int(dims.get(axis, 1)) > 1]
    if "Y" in dims and "X" in dims:
        parts.append(f"{dims['X']} × {dims['Y']}")
    return " · ".join(parts)


@register.filter
def pixel_size_text(metadata) -> str:
    sizes = (metadata or {}).get("pixel_sizes") or {}
    x = sizes.get("x") or {}
    if not x.get("value"):
        return ""
    text = f"{x['value']:.4g} {x.get('unit') or ''}".strip()
    z = sizes.get("z") or {}
    if z.get("value"):
        text += f" · z {z['value']:.4g} {z.get('unit') or ''}".rstrip()
    return text


@register.filter
def pixel_size_verified(metadata) -> bool:
    x = ((metadata or {}).get("pixel_sizes") or {}).get("x") or {}
    return bool(x.get("verified"))


@register.filter
def middle(count) -> int:
    """The middle index of `count` planes (the composite preview shows mid-Z)."""
    try:
        return max(int(count), 1) // 2
    except (TypeError, ValueError):
        return 0


@register.filter
def channel_options(metadata) -> list[tuple[int, str]]:
    dims = (metadata or {}).get("dims") or {}
    channels = (metadata or {}).get("channels") or []
    count = int(dims.get("C", 1) or 1)
    return [
        (i, (channels[i].get("name") if i < len(channels) else "") or str(i + 1))
        for i in range(count)
    ]


@register.filter
def readiness_for(summary, pk) -> str:
    """`{{ r|readiness_for:booking.pk }}`: "ready", "checking", "unreadable" or "missing"."""
    return (summary or {}).get("by_id", {}).get(pk, "missing")
