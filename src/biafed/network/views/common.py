from django.core.exceptions import PermissionDenied


def require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def form_error(form, error) -> None:
    """Show a refused change on the form, keeping what the person typed."""
    for message in error.messages:
        form.add_error(None, message)
