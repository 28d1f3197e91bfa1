"""The schema (OpenAPI 3.1) and the browsable docs: Swagger UI served from this site."""

from django.shortcuts import render
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


class SchemaView(SpectacularAPIView):
    """The OpenAPI document, public like the docs (it holds no data)."""

    permission_classes = [AllowAny]
    renderer_classes = [OpenApiJsonRenderer, OpenApiYamlRenderer]
    authentication_classes: list = []
    throttle_classes: list = []


def api_docs(request):
    """Swagger UI in the site's layout; its start-up script is a static file (CSP)."""
    return render(request, "api/docs.html")


class NotFoundView(APIView):
    """Any other address under /api/v1/: a 404 as problem details, whatever the method."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes: list = []
    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound
