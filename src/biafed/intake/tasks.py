"""Background jobs of the intake: thin wrappers that take ids and call a service."""

from django_tasks import task


@task()
def check_data_file(data_file_id: int) -> str:
    """Inspect a stored file (format, metadata, previews) in a sandboxed child process."""
    from biafed.intake.services.checking import check_data_file as check

    return check(data_file_id)


@task()
def store_staged_file(upload_id: str) -> bool:
    """Remote storage: copy a finished upload from staging into the bucket."""
    from biafed.intake.services.uploads import store_staged

    return store_staged(upload_id) is not None
