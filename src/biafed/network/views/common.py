from biafed.common.web import require as require_rule


def require(request, perm: str, obj=None) -> None:
    """403 unless the rule declared in network/rules.py allows the person (on `obj`)."""
    require_rule(request.user, perm, obj)


def form_error(form, error) -> None:
    """Show a refused change on the form, keeping what the person typed."""
    for message in error.messages:
        form.add_error(None, message)
