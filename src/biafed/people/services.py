"""People and sites: roles, membership rules, analyst profiles, the vocabulary."""

from decimal import Decimal

import rules
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.people import rules as people_rules  # noqa: F401  (registers the rules asked below)
from biafed.people.models import (
    AnalystExpertise,
    AnalystProfile,
    ExpertiseTerm,
    HostFacility,
    Role,
    User,
    UserRole,
)

RULES_VERSION = getattr(settings, "BIAFED_RULES_VERSION", "2024-1")


def grant_role(*, actor: User, user: User, role: str) -> None:
    UserRole.objects.get_or_create(user=user, role=role)
    user.__dict__.pop("role_names", None)
    activity.record(actor=actor, verb=f"granted {role}", subject=user)


def revoke_role(*, actor: User, user: User, role: str) -> None:
    UserRole.objects.filter(user=user, role=role).delete()
    user.__dict__.pop("role_names", None)
    activity.record(actor=actor, verb=f"revoked {role}", subject=user)


def accept_network_rules(*, analyst: User) -> AnalystProfile:
    """Record that the analyst accepts confidentiality and the open-desk duty, with the date."""
    profile = getattr(analyst, "analyst_profile", None)
    if profile is None:
        raise BusinessRuleError(_("Only analysts of the network accept its membership rules."))
    profile.rules_accepted_at = timezone.now()
    profile.rules_version = RULES_VERSION
    profile.save(update_fields=["rules_accepted_at", "rules_version", "updated_at"])
    activity.record(
        actor=analyst, verb="accepted network rules", subject=profile, detail=RULES_VERSION
    )
    return profile


@transaction.atomic
def set_expertise(*, actor: User, profile: AnalystProfile, levels: dict[int, str]) -> None:
    """Replace the analyst's expertise: {term id: "advise" | "expert"}."""
    if not rules.has_perm("people.edit_expertise", actor, profile):
        raise BusinessRuleError(_("You can only edit your own expertise."))
    profile.expertise.exclude(term_id__in=levels).delete()
    for term_id, level in levels.items():
        AnalystExpertise.objects.update_or_create(
            profile=profile, term_id=term_id, defaults={"level": level}
        )
    activity.record(actor=actor, verb="updated expertise", subject=profile)


def save_term(*, actor: User, term: ExpertiseTerm) -> ExpertiseTerm:
    if not rules.has_perm("people.edit_vocabulary", actor):
        raise BusinessRuleError(_("Only coordinators edit the vocabulary."))
    term.save()
    activity.record(actor=actor, verb="saved term", subject=term)
    return term


@transaction.atomic
def set_membership(
    *, actor: User, user: User, roles: set[str], host_facility: HostFacility | None = None
) -> User:
    """Set a person's roles; an analyst needs a host facility (their profile is created)."""
    current = set(user.roles.values_list("role", flat=True))
    for role in current ^ set(roles):
        if not rules.has_perm("people.grant_role", actor, role):
            raise BusinessRuleError(
                _("You cannot grant or remove the role “%(role)s”.") % {"role": Role(role).label}
            )
    if Role.ANALYST in roles:
        profile = getattr(user, "analyst_profile", None)
        if profile is None and host_facility is None:
            raise BusinessRuleError(_("Choose the analyst's host facility."))
        if profile is None:
            AnalystProfile.objects.create(user=user, host_facility=host_facility)  # type: ignore[misc]  # not None here
        elif host_facility is not None and profile.host_facility_id != host_facility.pk:
            profile.host_facility = host_facility
            profile.save(update_fields=["host_facility", "updated_at"])
    for role in set(roles) - current:
        grant_role(actor=actor, user=user, role=role)
    for role in current - set(roles):
        revoke_role(actor=actor, user=user, role=role)
    return user


LATITUDE_RANGE = (-90, 90)
LONGITUDE_RANGE = (-180, 180)


@transaction.atomic
def set_facility_place(
    *,
    actor: User,
    facility: HostFacility,
    city: str,
    latitude: Decimal | None,
    longitude: Decimal | None,
) -> HostFacility:
    """Where a host facility is (its city and coordinates, which place it on the network's
    map): a coordinator, or a manager of that facility. Coordinates are both given or both
    left out (the facility is then listed under the map)."""
    if not rules.has_perm("people.edit_facility_place", actor, facility):
        raise BusinessRuleError(_("Only a coordinator or the facility's manager can do this."))
    if not city.strip():
        raise BusinessRuleError(_("Give the facility's city."))
    if (latitude is None) != (longitude is None):
        raise BusinessRuleError(_("Give both the latitude and the longitude, or neither."))
    if latitude is not None and not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
        raise BusinessRuleError(_("The latitude is between -90 and 90 degrees."))
    if longitude is not None and not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
        raise BusinessRuleError(_("The longitude is between -180 and 180 degrees."))
    facility.city = city.strip()
    facility.latitude = latitude
    facility.longitude = longitude
    facility.save(update_fields=["city", "latitude", "longitude", "updated_at"])
    activity.record(
        actor=actor,
        verb="placed facility",
        subject=facility,
        detail=f"{facility.city} {latitude} {longitude}",
    )
    return facility


def update_account(*, actor: User, user: User, full_name: str, institution: str) -> User:
    """A person corrects their own name and institution (the institution also keeps
    analysts of the same institution off their panels)."""
    if actor.pk != user.pk and not actor.has_role(Role.ADMIN):
        raise BusinessRuleError(_("You can only edit your own account."))
    user.full_name = full_name.strip()
    user.institution = institution.strip()
    user.save(update_fields=["full_name", "institution"])
    activity.record(actor=actor, verb="updated account", subject=user)
    return user
