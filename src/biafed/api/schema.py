"""The schema's shared parts: every operation documents its problem-details answers
(RFC 9457), detail views their 304, and the token scheme (drf-spectacular hook)."""

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["type", "title", "status", "detail"],
}
DESCRIPTIONS = {
    "400": "The request's values were refused (see errors).",
    "401": "No token, or an unknown, expired or revoked one.",
    "403": "The token's scopes or the person's role do not allow this.",
    "404": "Nothing here, or nothing this person may see.",
    "405": "This method is not allowed here.",
    "406": "The requested media type cannot be produced.",
    "409": "A business rule refused the change (e.g. the session is full).",
    "415": "The body must be JSON.",
    "429": "Too many requests for this token: wait and retry.",
}


def _problem(code: str) -> dict:
    return {
        "description": DESCRIPTIONS[code],
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


def add_problems(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            codes = ["400", "401", "403", "404", "405", "406", "429"]
            if method in ("post", "put", "patch"):
                codes += ["409", "415"]
            for code in codes:
                responses.setdefault(code, _problem(code))
            if method == "get" and path.endswith("{id}/"):
                responses.setdefault("304", {"description": "Not modified (If-None-Match)."})
    return result
