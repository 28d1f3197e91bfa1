"""The catalogue of what members share: code, annotated datasets, compute."""

from typing import Any

from django.db import transaction

from biafed.common.activity import record
from biafed.common.states import move
from biafed.common.validators import check_fields
from biafed.network.models import SharedResource
from biafed.network.services.common import require
from biafed.people.models import User

TYPED = ("name", "description", "link", "access_conditions")


@transaction.atomic
def share_resource(
    *, member: User, fields: dict, projects: Any = (), bookings: Any = ()
) -> SharedResource:
    """Add an entry to the catalogue; the member is its owner."""
    require(member, "network.share_resource")
    resource = SharedResource(owner=member, **fields)
    check_fields(resource, *TYPED)
    resource.save()
    resource.projects.set(projects)
    resource.bookings.set(bookings)
    record(actor=member, verb="shared", subject=resource, detail=resource.get_kind_display())
    return resource


@transaction.atomic
def update_resource(
    *,
    member: User,
    resource: SharedResource,
    fields: dict,
    projects: Any = None,
    bookings: Any = None,
) -> SharedResource:
    """The owner (or a coordinator) edits an entry: its status, visibility, links..."""
    require(member, "network.edit_resource", resource)
    fields = dict(fields)
    status = fields.pop("status", None)
    resource = SharedResource.objects.select_for_update().get(pk=resource.pk)
    for name, value in fields.items():
        setattr(resource, name, value)
    check_fields(resource, *TYPED)
    resource.save()
    if status is not None:
        move(resource, status, actor=member)
    if projects is not None:
        resource.projects.set(projects)
    if bookings is not None:
        resource.bookings.set(bookings)
    record(actor=member, verb="updated", subject=resource)
    return resource
