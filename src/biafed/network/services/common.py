import rules
from django.core.exceptions import PermissionDenied


def require(user, perm: str, obj=None) -> None:
    """Refuse unless the rule declared in network/rules.py allows `user` (on `obj`)."""
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied
