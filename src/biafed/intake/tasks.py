"""Background jobs of the intake: thin wrappers that take ids and call a service.

The services enqueue these tasks and the tasks call the services: the modules import each
other as modules (`checking.check_data_file`), which Python resolves at call time."""

from django_tasks import task

from biafed.intake.services import checking, uploads


@task()
def check_data_file(data_file_id: int) -> str:
    """Inspect a stored file (format, metadata, previews) in a sandboxed child process."""
    return checking.check_data_file(data_file_id)


@task()
def store_staged_file(upload_id: str) -> bool:
    """Remote storage: copy a finished upload from staging into the bucket."""
    return uploads.store_staged(upload_id) is not None
