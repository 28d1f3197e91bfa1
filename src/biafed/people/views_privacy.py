"""The privacy notice, a person's data export and the closing of their account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.common.errors import BusinessRuleError
from biafed.people import privacy
from biafed.people.forms import CloseAccountForm, PrivacyNoticeForm


def privacy_notice(request):
    """Public: what biafed keeps, why, for how long, who sees it."""
    notice = privacy.current_notice()
    return render(
        request,
        "people/privacy.html",
        {
            "notice": notice,
            "text": notice.body if notice else privacy.notice.default_text(),
            "can_edit": request.user.has_perm("people.edit_privacy_notice"),
        },
    )


@login_required
def privacy_edit(request):
    if not request.user.has_perm("people.edit_privacy_notice"):
        raise PermissionDenied
    notice = privacy.current_notice()
    form = PrivacyNoticeForm(
        request.POST or None,
        initial={"body": notice.body if notice else privacy.notice.default_text()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            privacy.publish_notice(actor=request.user, body=form.cleaned_data["body"])
        except BusinessRuleError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("The new privacy notice is published."))
            return redirect("privacy")
    return render(request, "people/privacy_edit.html", {"form": form, "notice": notice})


@login_required
@require_POST
def export_data(request):
    """The signed-in person's data, as a zip of JSON files (a POST: the export is logged)."""
    data = privacy.export_personal_data(actor=request.user, user=request.user)
    response = HttpResponse(data, content_type="application/zip")
    name = f"biafed-my-data-{timezone.localdate():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def close_account(request):
    """What closing means, what stops it for now, and the password to confirm it."""
    user = request.user
    blockers = privacy.closure_blockers(user)
    form = CloseAccountForm(request.POST or None, user=user)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            privacy.close_account(actor=user, user=user)
        except BusinessRuleError as error:
            blockers = error.messages
        else:
            logout(request)
            messages.success(request, _("Your account is closed. Thank you for using biafed."))
            return redirect("home")
    return render(request, "people/close_account.html", {"form": form, "blockers": blockers})
