"""Background jobs of the allocation service: thin wrappers that take ids and call services."""

from django_tasks import task


@task()
def compute_allocation(run_id: int) -> str:
    """Compute an allocation run (queued by `services.runs.start_run`)."""
    from biafed.matching.services.runs import execute_run

    run = execute_run(run_id=run_id)
    return run.status if run is not None else "missing"
