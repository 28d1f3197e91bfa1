"""The allocation engine: open-desk schedules and panels on plain data.

No Django import anywhere in this package: the Django side builds an
`Instance` from the database and applies the returned `Solution`.
The JSON instance format and the model are described in docs/allocation.md.
"""

from biafed.matching.engine.instance import (
    Analyst,
    Instance,
    InstanceError,
    Parameters,
    Request,
    Slot,
    dump_instance,
    dumps_instance,
    instance_from_dict,
    instance_to_dict,
    load_instance,
    loads_instance,
)

__all__ = [
    "Analyst",
    "Instance",
    "InstanceError",
    "Parameters",
    "Request",
    "Slot",
    "dump_instance",
    "dumps_instance",
    "instance_from_dict",
    "instance_to_dict",
    "load_instance",
    "loads_instance",
]
