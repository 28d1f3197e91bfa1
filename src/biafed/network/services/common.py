from typing import Any

import rules
from django.core.exceptions import PermissionDenied

from biafed.people.models import User


def require(user: User, perm: str, obj: Any = None) -> None:
    """Refuse unless the rule declared in network/rules.py allows `user` (on `obj`)."""
    if not rules.has_perm(perm, user, obj):
        raise PermissionDenied
