from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from biafed.notifications.selectors import notifications_for
from biafed.notifications.services import mark_read


@login_required
def notifications(request):
    """The signed-in person's notifications, newest first; POST marks them all read."""
    if request.method == "POST":
        mark_read(reader=request.user)
        return redirect("notifications")
    page = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})
