"""What the views of every app share: permission checks through the declared rules, a
service's refusal shown to the person, the form page that calls one service, and strict
reading of query and form parameters (a hostile value is ignored, never a 500)."""

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import rules
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from biafed.common.errors import BusinessRuleError

MAX_ID = 2**31 - 1
"""The largest primary key (and whole-number parameter) read: what every database stores."""

_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,18}")


def require(user, perm: str, obj=None) -> None:
    """403 unless the rule declared for `perm` in an app's rules.py allows `user` (on `obj`).

    It asks the rule itself, without Django's "a superuser may do anything" shortcut, so that
    a page opens exactly when its service accepts (superusers hold the admin role)."""
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied


@dataclass
class Refusal:
    """What `refusals_shown` caught: the service's messages, empty when it accepted."""

    messages: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.messages)

    def __str__(self) -> str:
        return " ".join(self.messages)


@contextmanager
def refusals_shown(request=None, *, form=None) -> Iterator[Refusal]:
    """Call a service in the block; a `BusinessRuleError` it raises ends the block and is shown
    to the person instead of propagating: as errors at the top of `form` when one is given,
    else as messages on the next page of `request` (with neither, only kept in the `Refusal`).

    What follows the call inside the block (a success message, a redirect) runs only when the
    service accepted::

        with refusals_shown(request):
            day_services.publish_day(coordinator=request.user, day=day)
            messages.success(request, _("The day is open for booking."))
        return redirect("opendesk:day_dashboard", day.pk)
    """
    refusal = Refusal()
    try:
        yield refusal
    except BusinessRuleError as error:
        refusal.messages = list(error.messages)
        for message in refusal.messages:
            if form is not None:
                form.add_error(None, message)
            elif request is not None:
                messages.error(request, message)


def form_page(
    request,
    form,
    save: Callable[[dict], object],
    *,
    success: str | Callable[[dict], str],
    done: str | Callable[[object], str],
    template: str,
    confirm: Callable[[dict], "Confirmation"] | None = None,
    **context,
) -> HttpResponse:
    """A form page that calls one service.

    On a valid POST, `save(form.cleaned_data)` calls the service. A refusal it raises shows as
    form errors on the page again; otherwise `success` (a message, or a function of the cleaned
    data giving it) is flashed and the person goes to `done`: a URL or URL name, or a function
    of what `save` returned giving one. A GET or an invalid form shows `template` with `form`
    and `context`.

    With `confirm` (for an irreversible action), a valid POST first shows the confirmation
    page `confirm(cleaned_data)` describes, which posts the same answers back with the
    confirmation (or back to the form to change them): `save` runs only once confirmed.
    """
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if confirm is not None and not confirmed(request):
            if request.POST.get(CONFIRM_FIELD) == EDIT:
                return render(request, template, {**context, "form": form})
            return confirm(data).page(
                request,
                cancel=request.get_full_path(),
                fields=posted_fields(request),
                editable=True,
            )
        with refusals_shown(form=form):
            saved = save(data)
            messages.success(request, success(data) if callable(success) else success)
            return redirect(done(saved) if callable(done) else done)
    return render(request, template, {**context, "form": form})


def next_url(request, default: str) -> str:
    """The `next` address posted (or in the query) when it is a path of this site, else
    `default` (a URL or URL name): never a redirect elsewhere, nor a 500 on hostile text.

    Absolute addresses (`https://evil.example/…`), scheme-relative ones (`//evil.example`)
    and backslash tricks are refused, even when they name this host."""
    wanted = (request.POST.get("next") or request.GET.get("next") or "").strip()
    if (
        wanted.startswith("/")
        and not wanted.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return wanted
    return default


def _whole_number(raw, low: int, high: int) -> int | None:
    if not isinstance(raw, str) or not _WHOLE_NUMBER.fullmatch(raw.strip()):
        return None
    number = int(raw.strip())
    return number if low <= number <= high else None


def int_param(params: Mapping, name: str, *, low: int = 1, high: int = MAX_ID) -> int | None:
    """The whole number in `params[name]` if it is one between `low` and `high`, else None.

    Anything else (absent, empty, words, other digits than 0-9, out of range) reads as None: a
    filter is then not applied, and a record looked up by it is not found (404)."""
    return _whole_number(params.get(name), low, high)


def int_list_param(params, name: str, *, low: int = 1, high: int = MAX_ID) -> list[int]:
    """The whole numbers among the values of `name` in a QueryDict; the others are left out."""
    found = (_whole_number(raw, low, high) for raw in params.getlist(name))
    return [number for number in found if number is not None]


def choice_param(params: Mapping, name: str, choices, default: str = "") -> str:
    """`params[name]` if it is one of `choices` (values, or `TextChoices.values`), else `default`."""
    raw = params.get(name, default)
    return raw if raw in choices else default


def text_param(params: Mapping, name: str, *, max_length: int = 200) -> str:
    """The text in `params[name]`, stripped and cut to `max_length` characters ("" if absent)."""
    raw = params.get(name, "")
    return raw.strip()[:max_length] if isinstance(raw, str) else ""


CONFIRM_FIELD = "confirm"
"""The field a confirmation page posts: an irreversible action runs only with it."""

EDIT = "edit"
"""`CONFIRM_FIELD`'s value of the confirmation page's "change my answers" button."""


def confirmed(request) -> bool:
    """True when `request` is the POST of a confirmation page (see `confirm_page`)."""
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "yes"


def confirm_page(
    request,
    *,
    title: str,
    effects: list[str],
    action: str,
    cancel: str,
    refusals: Sequence[str] = (),
    fields: Mapping[str, str] | Sequence[tuple[str, str]] | None = None,
    editable: bool = False,
    reversible: bool = False,
) -> HttpResponse:
    """The confirmation step of an irreversible action: states what will happen (`effects`),
    then posts back to the same address with the confirmation. Works without JavaScript.

    A view answers its GET, and a POST without confirmation, with this page; it calls the
    service only when `confirmed(request)`. When `refusals` is not empty the action cannot
    be made now: the page says why and offers no button. `fields` (a mapping, or name and
    value pairs) are posted again with the confirmation (e.g. a reason typed in the first
    form); when `editable`, the page also offers to go back to the form with what was typed
    (`form_page` shows it again when `CONFIRM_FIELD` is `EDIT`). A `reversible` change (one
    another action can undo, such as closing and reopening registration) is not announced
    as irreversible."""
    return render(
        request,
        "common/confirm.html",
        {
            "title": title,
            "effects": effects,
            "action": action,
            "cancel": cancel,
            "refusals": list(refusals),
            "fields": list(fields.items() if isinstance(fields, Mapping) else fields or ()),
            "confirm_field": CONFIRM_FIELD,
            "edit": EDIT if editable else "",
            "reversible": reversible,
        },
    )


def posted_fields(request) -> list[tuple[str, str]]:
    """The form fields of a POST (every value of each), without the CSRF token and the
    confirmation: what a confirmation page posts again."""
    skip = {"csrfmiddlewaretoken", CONFIRM_FIELD}
    return [
        (name, value)
        for name in request.POST
        if name not in skip
        for value in request.POST.getlist(name)
    ]


@dataclass
class Confirmation:
    """What a confirmation page says before an irreversible action: its `title`, what will
    happen (`effects`), the button's words (`action`), and why it cannot be done now
    (`refusals`, when not empty: no button); `reversible` when another action undoes it."""

    title: str
    effects: list[str]
    action: str
    refusals: Sequence[str] = ()
    reversible: bool = False

    def page(self, request, *, cancel: str, fields=None, editable=False) -> HttpResponse:
        return confirm_page(
            request,
            title=self.title,
            effects=self.effects,
            action=self.action,
            cancel=cancel,
            refusals=self.refusals,
            fields=fields,
            editable=editable,
            reversible=self.reversible,
        )


def confirmed_action(
    request,
    confirmation: Confirmation,
    *,
    perform: Callable[[], object],
    done: str,
    cancel: str | None = None,
    fields: Mapping[str, str] | None = None,
) -> HttpResponse:
    """An irreversible action behind one button: its GET, and a POST without confirmation,
    show `confirmation`'s page; once confirmed (and while nothing refuses it) `perform()`
    calls the service, whose refusal is shown as a message, and the person goes to `done`.
    Going back leads to `cancel` (by default `done`); `fields` are posted again with the
    confirmation."""
    if not confirmed(request) or confirmation.refusals:
        return confirmation.page(request, cancel=cancel or done, fields=fields)
    with refusals_shown(request):
        perform()
    return redirect(done)
