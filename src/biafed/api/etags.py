"""ETags on detail views: a digest of the representation; If-None-Match answers 304."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from rest_framework import status
from rest_framework.response import Response


def etag_of(data) -> str:
    body = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True).encode()
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def matches(header: str, etag: str) -> bool:
    """If-None-Match holds `etag` (weak or strong) or `*`."""
    wanted = {part.strip().removeprefix("W/") for part in header.split(",")}
    return "*" in wanted or etag in wanted


class ETagMixin:
    """`retrieve` with an ETag; the same representation asked again gets 304 Not Modified."""

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        data = self.get_serializer(instance).data
        etag = etag_of(data)
        if matches(request.headers.get("If-None-Match", ""), etag):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = Response(data)
        response["ETag"] = etag
        return response
