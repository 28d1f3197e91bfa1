from biafed.notifications.selectors import unread_count
from biafed.people.models import Role


def navigation(request):
    """Which sections the navigation shows, from the signed-in person's roles."""
    user = request.user
    if not user.is_authenticated:
        return {"nav": {}}
    roles = user.role_names
    return {
        "nav": {
            "requester": Role.REQUESTER in roles,
            "analyst": Role.ANALYST in roles,
            "coordinator": Role.COORDINATOR in roles or Role.ADMIN in roles,
            "admin": Role.ADMIN in roles,
            "committee": Role.COMMITTEE in roles,
            "facility_manager": Role.FACILITY_MANAGER in roles,
            "unread": unread_count(user),
        }
    }
