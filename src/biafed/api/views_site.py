"""The site's pages of the API: a person's tokens (shown once), coordinators' webhooks
and their delivery log, and the browsable docs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.api.forms import TokenForm, WebhookForm
from biafed.api.models import ApiToken, Webhook
from biafed.api.scopes import AREAS
from biafed.api.services import tokens as token_services
from biafed.api.services import webhooks as webhook_services
from biafed.common.web import refusals_shown, require

SHOWN_ONCE = "api.shown_once"


def shown_once(request, secret: str, page: str):
    """Post/redirect/get: the next GET of `page` shows `secret` once (a reload of that
    page neither shows it again nor makes another one)."""
    request.session[SHOWN_ONCE] = secret
    return redirect(page)


@login_required
def tokens(request):
    """The person's tokens; a new one's secret appears on this answer only."""
    require(request.user, "api.manage_own_tokens")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_shown(form=form):
            _token, secret = token_services.create_token(
                owner=request.user,
                name=form.cleaned_data["name"],
                scopes=form.scopes(),
                days=form.cleaned_data["days"],
            )
            return shown_once(request, secret, "integrations:tokens")
    secret = request.session.pop(SHOWN_ONCE, "")
    mine = ApiToken.objects.filter(owner=request.user).order_by("-created_at")
    return render(
        request,
        "api/tokens.html",
        {"form": form, "secret": secret, "tokens": mine, "areas": AREAS},
    )


@login_required
@require_POST
def revoke_token(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, owner=request.user)
    require(request.user, "api.revoke_token", token)
    with refusals_shown(request):
        token_services.revoke_token(owner=request.user, token=token)
        messages.success(request, _("The token is revoked: scripts using it are refused now."))
    return redirect("integrations:tokens")


@login_required
def webhooks(request):
    require(request.user, "api.manage_webhooks")
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusals_shown(form=form):
            _hook, secret = webhook_services.register_webhook(
                coordinator=request.user,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
            )
            return shown_once(request, secret, "integrations:webhooks")
    secret = request.session.pop(SHOWN_ONCE, "")
    hooks = Webhook.objects.order_by("url")
    return render(request, "api/webhooks.html", {"form": form, "secret": secret, "hooks": hooks})


@login_required
def webhook_detail(request, pk: int):
    """The delivery log of one webhook: the last 100 deliveries."""
    require(request.user, "api.manage_webhooks")
    hook = get_object_or_404(Webhook, pk=pk)
    deliveries = hook.deliveries.order_by("-created_at", "-id")[:100]
    return render(request, "api/webhook_detail.html", {"hook": hook, "deliveries": deliveries})


@login_required
@require_POST
def remove_webhook(request, pk: int):
    require(request.user, "api.manage_webhooks")
    hook = get_object_or_404(Webhook, pk=pk)
    with refusals_shown(request):
        webhook_services.remove_webhook(coordinator=request.user, webhook=hook)
        messages.success(request, _("The webhook is removed: nothing more is sent to it."))
    return redirect("integrations:webhooks")
