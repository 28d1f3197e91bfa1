"""Background jobs of the allocation service: thin wrappers that take ids and call services.

`services.runs` enqueues this task and the task calls it back: imported as a module, the
name resolves at call time."""

from django_tasks import task

from biafed.matching.services import runs


@task()
def compute_allocation(run_id: int) -> str:
    """Compute an allocation run (queued by `services.runs.start_run`)."""
    run = runs.execute_run(run_id=run_id)
    return run.status if run is not None else "missing"
