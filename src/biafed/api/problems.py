"""Errors as RFC 9457 problem details (`application/problem+json`).

Every refusal of the API has `type`, `title`, `status` and `detail`; a refused input adds
`errors` ({field: [messages]}); a service's business-rule refusal is a 409 (or 400)
with the service's own message as `detail`."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler

from biafed.common.errors import BusinessRuleError

PROBLEM_TYPE = "https://biafed.example.org/problems/"
TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    412: "Precondition failed",
    415: "Unsupported media type",
    429: "Too many requests",
}


class ProblemRenderer(JSONRenderer):
    media_type = "application/problem+json"


def problem_handler(exc, context):
    if isinstance(exc, BusinessRuleError):
        exc = Conflict(" ".join(exc.messages))
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    body = {
        "type": "about:blank",
        "title": TITLES.get(response.status_code, "Error"),
        "status": response.status_code,
    }
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = _("Some values were refused; see errors.")
        body["errors"] = data if isinstance(data, dict) else {"non_field_errors": data}
    elif isinstance(data, dict) and "detail" in data:
        body["detail"] = str(data["detail"])
    else:
        body["detail"] = str(data)
    if isinstance(exc, Http404 | exceptions.NotFound):
        body["detail"] = _("Nothing here, or nothing you may see.")
    if isinstance(exc, PermissionDenied | exceptions.PermissionDenied) and not body.get("detail"):
        body["detail"] = _("You may not do this.")
    response.data = body
    response.content_type = "application/problem+json"
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = ProblemRenderer()
        request.accepted_media_type = ProblemRenderer.media_type
    return response


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This cannot be done now."
    default_code = "conflict"
