"""Network rules, expertise profiles and who may browse the analyst directory."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from biafed.common.errors import BusinessRuleError
from biafed.people.models import AnalystExpertise, ExpertiseFamily, Role
from biafed.people.services import RULES_VERSION, accept_network_rules, set_expertise
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    ExpertiseTermFactory,
    RequesterFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refusal(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def expertise_of(analyst) -> dict[str, str]:
    return dict(
        AnalystExpertise.objects.filter(profile__user=analyst).values_list("term__name", "level")
    )


# --- Network rules ----------------------------------------------------------------------------


def test_accept_network_rules_records_the_date_and_version():
    analyst = AnalystFactory(profile__accepted=False)
    assert not analyst.analyst_profile.has_accepted_rules
    before = timezone.now()

    accept_network_rules(analyst=analyst)

    analyst.analyst_profile.refresh_from_db()
    profile = analyst.analyst_profile
    assert profile.has_accepted_rules
    assert before <= profile.rules_accepted_at <= timezone.now()
    assert profile.rules_version == RULES_VERSION


def test_accept_network_rules_again_records_the_new_date():
    analyst = AnalystFactory()
    from biafed.people.models import AnalystProfile

    AnalystProfile.objects.filter(user=analyst).update(
        rules_accepted_at=timezone.now() - timedelta(days=400), rules_version="2023-1"
    )

    accept_network_rules(analyst=analyst)

    profile = AnalystProfile.objects.get(user=analyst)
    assert profile.rules_accepted_at > timezone.now() - timedelta(minutes=1)
    assert profile.rules_version == RULES_VERSION


def test_accept_network_rules_by_someone_who_is_not_an_analyst_refused():
    with pytest.raises(BusinessRuleError) as excinfo:
        accept_network_rules(analyst=RequesterFactory())

    assert refusal(excinfo) == "Only analysts of the network accept its membership rules."


def test_network_rules_page_accept_records_and_redirects_to_the_profile(client):
    analyst = AnalystFactory(profile__accepted=False)
    client.force_login(analyst)

    response = client.post(reverse("people:network_rules"), {"accept": "yes"})

    assert response.status_code == 302
    assert response["Location"] == reverse("people:my_profile")
    analyst.analyst_profile.refresh_from_db()
    assert analyst.analyst_profile.rules_version == RULES_VERSION


def test_network_rules_page_accept_by_a_requester_forbidden(client):
    client.force_login(RequesterFactory())

    response = client.post(reverse("people:network_rules"), {"accept": "yes"})

    assert response.status_code == 403


# --- Expertise --------------------------------------------------------------------------------


@pytest.fixture
def terms():
    return {
        name: ExpertiseTermFactory(family=family, name=name)
        for family, name in (
            (ExpertiseFamily.TOOL, "Fiji"),
            (ExpertiseFamily.TOOL, "napari"),
            (ExpertiseFamily.METHOD, "segmentation"),
            (ExpertiseFamily.MODALITY, "light-sheet"),
        )
    }


def test_set_expertise_replaces_the_terms(terms):
    analyst = AnalystFactory(expertise={terms["Fiji"]: "expert", terms["napari"]: "advise"})

    set_expertise(
        actor=analyst,
        profile=analyst.analyst_profile,
        levels={
            terms["napari"].pk: "expert",
            terms["segmentation"].pk: "advise",
        },
    )

    assert expertise_of(analyst) == {"napari": "expert", "segmentation": "advise"}


def test_set_expertise_empty_clears_every_term(terms):
    analyst = AnalystFactory(expertise={terms["Fiji"]: "expert"})

    set_expertise(actor=analyst, profile=analyst.analyst_profile, levels={})

    assert expertise_of(analyst) == {}


def test_set_expertise_of_another_analyst_refused(terms):
    owner = AnalystFactory(expertise={terms["Fiji"]: "expert"})
    colleague = AnalystFactory()

    with pytest.raises(BusinessRuleError) as excinfo:
        set_expertise(
            actor=colleague,
            profile=owner.analyst_profile,
            levels={terms["light-sheet"].pk: "expert"},
        )

    assert refusal(excinfo) == "You can only edit your own expertise."
    assert expertise_of(owner) == {"Fiji": "expert"}


def test_set_expertise_by_a_coordinator_accepted(terms):
    analyst = AnalystFactory(expertise={terms["Fiji"]: "advise"})

    set_expertise(
        actor=CoordinatorFactory(),
        profile=analyst.analyst_profile,
        levels={terms["Fiji"].pk: "expert"},
    )

    assert expertise_of(analyst) == {"Fiji": "expert"}


# --- Directory permission ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles", "allowed"),
    [
        ((Role.ANALYST,), True),
        ((Role.COORDINATOR,), True),
        ((Role.ADMIN,), True),
        ((Role.REQUESTER,), False),
        ((Role.COMMITTEE,), False),
        ((), False),
    ],
    ids=["analyst", "coordinator", "admin", "requester", "committee", "no-role"],
)
def test_view_directory_permission_by_role(roles, allowed):
    user = UserFactory(roles=roles)

    assert user.has_perm("people.view_directory") is allowed


def test_view_directory_permission_anonymous_refused():
    assert AnonymousUser().has_perm("people.view_directory") is False


def test_view_directory_permission_deactivated_analyst_refused():
    analyst = AnalystFactory()
    analyst.is_active = False
    analyst.save()
    analyst.__dict__.pop("role_names", None)

    assert analyst.has_perm("people.view_directory") is False


def test_view_directory_permission_superuser_is_an_admin():
    superuser = UserFactory(is_superuser=True, is_staff=True)

    assert superuser.has_role(Role.ADMIN)
    assert superuser.has_perm("people.view_directory") is True
