"""Where a form may send the browser back to: only this site's own paths."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def next_path(request) -> str:
    """The `next` the form or link asks for, if it is a path on this site ("" otherwise).

    Absolute addresses (`https://evil.example/…`), scheme-relative ones (`//evil.example`)
    and backslash tricks are refused, even when they name this host."""
    wanted = (request.POST.get("next") or request.GET.get("next") or "").strip()
    if (
        wanted.startswith("/")
        and not wanted.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(wanted, allowed_hosts=set())
    ):
        return wanted
    return ""


def redirect_back(request, fallback, *args, **kwargs):
    """Redirect to the request's safe `next` path, else to `fallback` (a URL name or path)."""
    return redirect(next_path(request) or fallback, *args, **kwargs)
