from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from biafed.common.errors import BusinessRuleError


def require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def move(obj, new: str, *, table: dict, label) -> None:
    """Change `obj.status` along its table (the state-machine helper's rule, kept local)."""
    if new not in table[obj.status]:
        raise BusinessRuleError(
            _("Something “%(current)s” cannot become “%(new)s”.")
            % {"current": label(obj.status).label, "new": label(new).label}
        )
    obj.status = new
