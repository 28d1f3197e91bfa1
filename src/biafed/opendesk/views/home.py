"""The home page: for each of the signed-in person's roles, what waits for them (with
counts and links), then what is coming. The sections come from the apps through
biafed.common.home, so this page imports none of the apps above the open desk."""

from django.shortcuts import render

from biafed.common.home import home_lists
from biafed.people.models import ROLE_DESCRIPTIONS, Role


def home(request):
    if not request.user.is_authenticated:
        return render(request, "common/welcome.html")
    user = request.user
    roles = set(user.role_names)
    if Role.ADMIN in roles:
        roles.add(Role.COORDINATOR)
    sections = [
        {
            "role": role,
            "title": Role(role).label,
            "description": ROLE_DESCRIPTIONS[Role(role)],
            "waiting": lists.waiting,
            "coming": lists.coming,
        }
        for role, lists in home_lists(user, roles)
    ]
    profile = getattr(user, "analyst_profile", None)
    return render(request, "opendesk/home.html", {"sections": sections, "profile": profile})
