"""URLs of an upload-only worker (INTAKE_UPLOAD_ONLY=true): the tus endpoints alone.

A big upload holds a worker for as long as the client sends: a separate pool of small
workers for /files/tus/ keeps uploads from taking the workers that serve pages, and
these workers do not load what the other pages need (OR-Tools, SciPy…). Checks run in
the task worker (a real queue is required), never in these workers."""

from django.urls import include, path

from biafed.intake.views import tus

tus_patterns = [
    path("tus/", tus.uploads, name="tus"),
    path("tus/<uuid:upload_id>/", tus.upload, name="tus_upload"),
]

urlpatterns = [path("files/", include((tus_patterns, "intake")))]
