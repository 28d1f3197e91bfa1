from django.urls import path

from biafed.intake.views import files, tus, viewer

app_name = "intake"

urlpatterns = [
    path("tus/", tus.uploads, name="tus"),
    path("tus/<uuid:upload_id>/", tus.upload, name="tus_upload"),
    path("for/<str:key>/", files.panel, name="panel"),
    path("for/<str:key>/upload/", files.form_upload, name="form_upload"),
    path("for/<str:key>/keep/", files.keep, name="keep"),
    path("<int:pk>/download/", files.download, name="download"),
    path("<int:pk>/preview/<str:kind>.png", files.preview, name="preview"),
    path("<int:pk>/delete/", files.delete, name="delete"),
    path("<int:pk>/plane.png", viewer.plane, name="plane"),
    path("biafed-upload.py", files.client_script, name="client"),
]
