"""Billing test data: projects, phases and effort made directly (tests start after the work)."""

from datetime import date
from decimal import Decimal

import factory

from biafed.billing.models import NetworkRate
from biafed.people.models import Role
from biafed.projects.models import (
    EffortActivity,
    EffortEntry,
    Phase,
    PhaseKind,
    PhaseStatus,
    Project,
    ProjectStatus,
)
from tests.factories import AnalystFactory, HostFacilityFactory, RequesterFactory, UserFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Tracking bacteria #{n}")
    summary = "Trajectory descriptors for a new species."
    requester = factory.SubFactory(RequesterFactory)
    requester_institution = "Université de Montpellier"
    invoice_institution = "Université de Montpellier – Service financier"
    invoice_address = "163 rue Auguste Broussonnet\n34090 Montpellier\nFrance"
    status = ProjectStatus.ACTIVE
    lead = factory.SubFactory(AnalystFactory)
    mentor = factory.SubFactory(AnalystFactory)
    estimated_hours = Decimal("60.00")


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    project = factory.SubFactory(ProjectFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = PhaseKind.FEASIBILITY
    title = factory.Sequence(lambda n: f"Phase {n}")
    budget_hours = Decimal("20.00")
    status = PhaseStatus.PLANNED


class EffortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EffortEntry

    project = factory.SubFactory(ProjectFactory)
    phase = None
    analyst = factory.LazyAttribute(lambda o: o.project.lead)
    date = date(2026, 1, 15)
    hours = Decimal("4.00")
    activity = EffortActivity.DEVELOPMENT


def rate(valid_from=date(2020, 1, 1), price="60.00", credit="45.00", consultation="30.00"):
    """A rate row written directly (services refuse past start dates)."""
    return NetworkRate.objects.create(
        valid_from=valid_from,
        hourly_price=Decimal(price),
        facility_credit=Decimal(credit),
        consultation_credit=Decimal(consultation),
    )


def facility_manager(facility=None):
    facility = facility or HostFacilityFactory()
    manager = UserFactory(roles=(Role.FACILITY_MANAGER,))
    facility.managers.add(manager)
    return manager
