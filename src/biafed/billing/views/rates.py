from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.billing.forms import RateForm
from biafed.billing.models import NetworkRate
from biafed.billing.services import rates as rate_services
from biafed.common.web import refusals_shown, require


@login_required
def rates(request):
    """The rate history (everyone signed in sees the price) and, for coordinators, a new rate."""
    require(request.user, "billing.view_rates")
    may_set = request.user.has_perm("billing.manage")
    form = None
    if may_set:
        current = rate_services.current_rate()
        initial = {"valid_from": timezone.localdate()}
        if current is not None:
            initial |= {
                "hourly_price": current.hourly_price,
                "facility_credit": current.facility_credit,
                "consultation_credit": current.consultation_credit,
            }
        form = RateForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            with refusals_shown(form=form):
                rate_services.set_rate(coordinator=request.user, **form.cleaned_data)
                messages.success(request, _("The new rate is recorded."))
                return redirect("billing:rates")
    elif request.method == "POST":
        require(request.user, "billing.manage")
    history = list(NetworkRate.objects.select_related("set_by").order_by("-valid_from"))
    today = timezone.localdate()
    in_force = next((r for r in history if r.valid_from <= today), None)
    return render(
        request,
        "billing/rates.html",
        {"history": history, "in_force": in_force, "today": today, "form": form},
    )
