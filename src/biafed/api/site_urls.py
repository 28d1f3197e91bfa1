"""/integrations/: the site's pages for API tokens and webhooks."""

from django.urls import path

from biafed.api import views_site

app_name = "integrations"

urlpatterns = [
    path("tokens/", views_site.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views_site.revoke_token, name="revoke_token"),
    path("webhooks/", views_site.webhooks, name="webhooks"),
    path("webhooks/<int:pk>/", views_site.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/remove/", views_site.remove_webhook, name="remove_webhook"),
]
