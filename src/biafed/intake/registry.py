"""What data files can attach to: each app declares its models once, in AppConfig.ready().

    register_attachable(
        Booking,
        can_view=lambda user, booking: ...,      # requester, panel, coordinators
        can_upload=lambda user, booking: ...,
        session_date=lambda booking: ...,        # the retention clock starts there (or None)
        label=lambda booking: str(booking),
    )

Optional hooks: `can_delete` (default: can_upload), `can_consent` (who may agree that
files are kept after the retention period; default: can_delete), `visible=lambda user: QuerySet` (the
queryset form of can_view, for lists), `link=lambda obj: url`, `audience=lambda obj: users`
told when data is ready or unreadable besides the uploader, `on_change=lambda obj, actor:`
called (inside the transaction) whenever a file of `obj` is added, checked or removed,
`heading` (a translatable string, or `lambda obj: str`) the title of the file panel
(default: see `DEFAULT_HEADINGS`, else "Files"), `empty` the same for the line the panel
shows while it holds no file (default: see `DEFAULT_EMPTY_TEXTS`, else "No file yet."),
`owner=lambda obj: user id` the person whose files these are (they see who opened them;
default: whoever `can_consent`), `live_parts` a template rendered (with `target`) after the
file list each time htmx refreshes it: out-of-band swaps (`hx-swap-oob`) that keep the
parts of the owner's page that depend on file checks (a status, a banner) in step with it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Attachable:
    model: type[models.Model]
    can_view: Callable
    can_upload: Callable
    session_date: Callable
    label: Callable
    can_delete: Callable
    can_consent: Callable
    visible: Callable | None = None
    link: Callable | None = None
    audience: Callable | None = None
    on_change: Callable | None = None
    heading: Callable | str | None = None
    empty: Callable | str | None = None
    owner: Callable | None = None
    live_parts: str | None = None

    @property
    def key(self) -> str:
        return self.model._meta.label_lower


_registry: dict[str, Attachable] = {}


def register_attachable(
    model,
    *,
    can_view,
    can_upload,
    session_date,
    label=str,
    can_delete=None,
    can_consent=None,
    visible=None,
    link=None,
    audience=None,
    on_change=None,
    heading=None,
    empty=None,
    owner=None,
    live_parts=None,
) -> Attachable:
    entry = Attachable(
        model=model,
        can_view=can_view,
        can_upload=can_upload,
        session_date=session_date,
        label=label,
        can_delete=can_delete or can_upload,
        can_consent=can_consent or can_delete or can_upload,
        visible=visible,
        link=link,
        audience=audience,
        on_change=on_change,
        heading=heading,
        empty=empty,
        owner=owner,
        live_parts=live_parts,
    )
    _registry[entry.key] = entry
    return entry


DEFAULT_HEADINGS = {
    "opendesk.booking": _("Example images"),
    "projects.project": _("Project data"),
    "projects.deliverable": _("Deliverable files"),
}
"""File panel titles of the attachable models known today (their apps may pass `heading=`)."""


DEFAULT_EMPTY_TEXTS = {
    "opendesk.booking": _("No image yet."),
    "projects.project": _("No project data yet."),
    "projects.deliverable": _("No deliverable file yet."),
}
"""What the file panels of the attachable models known today say while they hold no file
(their apps may pass `empty=`)."""


def _text(obj, given, defaults: dict, fallback) -> str:
    entry = for_object(obj)
    text = given if given is not None else (defaults.get(entry.key) or fallback)
    return str(text(obj) if callable(text) else text)


def heading_of(obj) -> str:
    """The title of `obj`'s file panel, in the current language."""
    return _text(obj, for_object(obj).heading, DEFAULT_HEADINGS, _("Files"))


def empty_text_of(obj) -> str:
    """What `obj`'s file panel says while it holds no file, in the current language."""
    return _text(obj, for_object(obj).empty, DEFAULT_EMPTY_TEXTS, _("No file yet."))


def registered() -> list[Attachable]:
    return list(_registry.values())


def for_model(model) -> Attachable:
    try:
        return _registry[model._meta.label_lower]
    except KeyError:
        raise LookupError(f"{model._meta.label} is not registered as attachable") from None


def for_object(obj) -> Attachable:
    return for_model(type(obj))


def target_key(obj) -> str:
    """`app_label.model:pk`, the way clients name a target."""
    return f"{obj._meta.label_lower}:{obj.pk}"


def resolve_target(key: str):
    """The object named by `app_label.model:pk`, or None if unknown or not attachable."""
    label, _sep, pk = (key or "").partition(":")
    if label not in _registry or not (pk.isascii() and pk.isdigit() and len(pk) <= 18):
        return None
    return _registry[label].model._default_manager.filter(pk=int(pk)).first()


def content_type_of(obj) -> ContentType:
    return ContentType.objects.get_for_model(type(obj))
