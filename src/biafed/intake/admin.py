from django.contrib import admin

from biafed.intake.models import DataFile, Upload


@admin.register(DataFile)
class DataFileAdmin(admin.ModelAdmin):
    list_display = ("original_name", "status", "format", "size", "content_type", "object_id")
    list_filter = ("status", "format", "keep_after_session")
    search_fields = ("original_name", "sha256")
    readonly_fields = ("file", "sha256", "size", "thumbnail", "composite", "metadata", "members")
    raw_id_fields = ("uploaded_by",)


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = ("filename", "owner", "offset", "length", "expires_at", "completed_at")
    readonly_fields = ("hash_state",)
    raw_id_fields = ("owner", "data_file")
