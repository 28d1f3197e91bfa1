"""A URL that fails, for the 500 page test (the site's own URLs come after it)."""

from django.urls import path

from biafed.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
