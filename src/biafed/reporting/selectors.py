"""Read-only reports over the projects data. Table 1 of the F-BIAS paper: per project its
title, notes (the conclusion), effort hours and consultation hours, in a fixed number of
queries whatever the number of projects; the period's publications with ORCID iDs."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from biafed.common.spreadsheet import write_csv
from biafed.opendesk.models import Booking, BookingStatus
from biafed.projects.models import (
    Deliverable,
    EffortActivity,
    Project,
    ProjectStatus,
    Publication,
)
from biafed.reporting.indicators import moments

TABLE1_COLUMNS = ("title", "notes", "effort_h", "consultation_h")
TABLE1_STATUSES = (ProjectStatus.ACTIVE, ProjectStatus.COMPLETED, ProjectStatus.CLOSED_NO_GO)
"""Projects that reached the work: in progress, completed, or closed after a no-go."""


@dataclass(frozen=True)
class Table1Row:
    project_id: int
    title: str
    notes: str
    effort_h: Decimal
    consultation_h: Decimal


def hours(value: Decimal) -> str:
    """50.00 -> "50", 12.50 -> "12.5"."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def _held_seats(project_bookings: dict[int, set[int]]) -> dict[int, int]:
    """Panel seats of the held sessions among each project's bookings."""
    booking_ids = set().union(*project_bookings.values()) if project_bookings else set()
    seats = dict(
        Booking.objects.filter(pk__in=booking_ids, status=BookingStatus.HELD)
        .annotate(seats=Count("panel"))
        .values_list("pk", "seats")
    )
    return {pid: sum(seats.get(b, 0) for b in ids) for pid, ids in project_bookings.items()}


def table1(queryset: QuerySet | None = None) -> list[Table1Row]:
    """Table 1 regenerated from the data. Effort: hours logged except consultations.
    Consultations: hours logged as consultation plus one hour per panel analyst of each held
    open-desk session linked to the project (its source booking and linked bookings)."""
    qs = Project.objects.all() if queryset is None else queryset
    consultation = Q(effort__activity=EffortActivity.CONSULTATION)
    projects = list(
        qs.filter(status__in=TABLE1_STATUSES)
        .annotate(
            effort_total=Sum("effort__hours", filter=~consultation),
            consultation_logged=Sum("effort__hours", filter=consultation),
        )
        .order_by("started_at", "pk")
        .only("pk", "title", "notes", "source_booking_id", "started_at")
    )
    links = {p.pk: {p.source_booking_id} - {None} for p in projects}
    through = Project.linked_bookings.through.objects.filter(project_id__in=links)
    for project_id, booking_id in through.values_list("project_id", "booking_id"):
        links[project_id].add(booking_id)
    seats = _held_seats(links)
    return [
        Table1Row(
            project_id=p.pk,
            title=p.title,
            notes=p.notes,
            effort_h=p.effort_total or Decimal(0),
            consultation_h=(p.consultation_logged or Decimal(0)) + seats.get(p.pk, 0),
        )
        for p in projects
    ]


def table1_csv(rows: list[Table1Row]) -> str:
    return write_csv(
        TABLE1_COLUMNS,
        ([row.title, row.notes, hours(row.effort_h), hours(row.consultation_h)] for row in rows),
        lineterminator="\n",
    )


PUBLICATION_COLUMNS = (
    "source", "title", "doi", "year", "project", "role", "person", "institution", "orcid",
)  # fmt: skip


def _people(project) -> list[tuple[str, Any]]:
    return [
        (role, person)
        for role, person in (
            ("requester", project.requester),
            ("lead", project.lead),
            ("mentor", project.mentor),
        )
        if person is not None
    ]


def publications_with_people(*, start, end, site=None) -> list[dict]:
    """The period's publications (deliverables with a DOI, as the indicator counts them,
    and recorded publications), each with its project's people and their ORCID iDs."""
    related = ("project__requester", "project__lead", "project__mentor")
    found = []
    deliverables = Deliverable.objects.filter(added_at__range=moments(start, end)).exclude(doi="")
    publications = Publication.objects.filter(added_at__range=moments(start, end))
    if site is not None:
        deliverables = deliverables.filter(project__lead__analyst_profile__host_facility=site)
        publications = publications.filter(project__lead__analyst_profile__host_facility=site)
    for source, queryset in (("deliverable", deliverables), ("publication", publications)):
        for item in queryset.select_related(*related).order_by("added_at", "pk"):
            found.append(
                {
                    "source": source,
                    "title": item.title,
                    "doi": item.doi,
                    "year": getattr(item, "year", None),
                    "project": item.project.title,
                    "people": [
                        {
                            "role": role,
                            "name": str(person),
                            "institution": person.institution,
                            "orcid": person.orcid,
                        }
                        for role, person in _people(item.project)
                    ],
                }
            )
    return found


def publications_csv(publications: list[dict]) -> str:
    """One line per publication and person, the person's ORCID iD last."""
    return write_csv(
        PUBLICATION_COLUMNS,
        (
            [p["source"], p["title"], p["doi"], p["year"] or "", p["project"],
             person["role"], person["name"], person["institution"], person["orcid"]]
            for p in publications
            for person in p["people"]
        ),
        lineterminator="\n",
    )  # fmt: skip
