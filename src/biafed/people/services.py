"""People and sites: roles, membership rules, analyst profiles, the vocabulary."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.people.models import (
    AnalystExpertise,
    AnalystProfile,
    ExpertiseTerm,
    Role,
    User,
    UserRole,
)

RULES_VERSION = getattr(settings, "BIAFED_RULES_VERSION", "2024-1")


def grant_role(*, actor, user: User, role: str) -> None:
    UserRole.objects.get_or_create(user=user, role=role)
    user.__dict__.pop("role_names", None)
    activity.record(actor=actor, verb=f"granted {role}", subject=user)


def revoke_role(*, actor, user: User, role: str) -> None:
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
    activity.record(actor=analyst, verb="accepted network rules", subject=profile, detail=RULES_VERSION)
    return profile


@transaction.atomic
def set_expertise(*, actor, profile: AnalystProfile, levels: dict[int, str]) -> None:
    """Replace the analyst's expertise: {term id: "advise" | "expert"}."""
    if actor.pk != profile.user_id and not (actor.has_role(Role.COORDINATOR) or actor.has_role(Role.ADMIN)):
        raise BusinessRuleError(_("You can only edit your own expertise."))
    profile.expertise.exclude(term_id__in=levels).delete()
    for term_id, level in levels.items():
        AnalystExpertise.objects.update_or_create(profile=profile, term_id=term_id, defaults={"level": level})
    activity.record(actor=actor, verb="updated expertise", subject=profile)


def save_term(*, actor, term: ExpertiseTerm) -> ExpertiseTerm:
    if not (actor.has_role(Role.COORDINATOR) or actor.has_role(Role.ADMIN)):
        raise BusinessRuleError(_("Only coordinators edit the vocabulary."))
    term.save()
    activity.record(actor=actor, verb="saved term", subject=term)
    return term
