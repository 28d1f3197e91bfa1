from django.core.exceptions import PermissionDenied

from biafed.common.errors import BusinessRuleError


def require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def move(obj, new: str, *, table: dict, refusal: str) -> None:
    """Change `obj.status` along its table of allowed moves, or refuse with `refusal`
    (filled with the statuses' labels). The project's state-machine helper
    (docs/states.md) will replace this once merged."""
    if new not in table[obj.status]:
        labels = dict(obj._meta.get_field("status").choices)
        raise BusinessRuleError(refusal % {"current": labels[obj.status], "new": labels[new]})
    obj.status = new
