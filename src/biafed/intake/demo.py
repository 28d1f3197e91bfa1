"""Demo data: check the example images the open-desk demo attached, right away, so that
their previews, metadata and the bookings' readiness show without waiting for a worker."""

from biafed.intake.models import DataFile, FileStatus
from biafed.intake.services.checking import check_data_file


def load(*, stored_files: list) -> str:
    waiting = list(DataFile.objects.filter(status=FileStatus.RECEIVED).order_by("pk"))
    if not waiting:
        return ""
    statuses = []
    for data_file in waiting:
        statuses.append(check_data_file(data_file.pk))
        data_file.refresh_from_db()
        for preview in (data_file.thumbnail, data_file.composite):
            if preview.name:
                stored_files.append((preview.storage, preview.name))
    valid = statuses.count(FileStatus.VALID)
    return f"Intake: {len(waiting)} example images checked ({valid} valid, previews made)."
