"""Every API view names its area; a token must hold that area's scope (write for changes).

A logged-in browser session acts with the person's full rights, as the site does."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from biafed.api.models import ApiToken
from biafed.api.scopes import allows


class TokenScope(permissions.BasePermission):
    message = _("This token’s scopes do not allow this.")

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        area = getattr(view, "area", None)
        write = request.method not in permissions.SAFE_METHODS
        return area is not None and allows(token.scopes, area, write=write)
