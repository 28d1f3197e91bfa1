"""Bidirectional control characters (right-to-left override...) are dropped from names and
titles when saved, and from older rows when shown."""

import pytest
from django.forms import modelform_factory
from django.urls import reverse

from biafed.common.text import without_bidi_controls
from biafed.people.forms import SignupExtraForm
from biafed.people.models import User
from biafed.projects.models import Project
from tests.factories import RequesterFactory
from tests.projects.factories import active_project

pytestmark = pytest.mark.django_db

RLO = "\u202e"


def test_every_bidi_control_is_dropped_and_other_text_kept():
    text = "a\u202ab\u202bc\u202cd\u202de\u202ef\u2066g\u2067h\u2068i\u2069j\u200ek\u200fl\u061cm"
    assert without_bidi_controls(text) == "abcdefghijklm"
    assert without_bidi_controls("مرحبا Zebrafish") == "مرحبا Zebrafish"


def test_a_title_saved_with_a_right_to_left_override_is_stored_without_it():
    project = Project.objects.create(title=f"Invoice {RLO}fdp.exe", requester=RequesterFactory())

    project.refresh_from_db()
    assert project.title == "Invoice fdp.exe"


def test_a_name_given_at_sign_up_is_saved_without_bidi_controls(rf):
    form = SignupExtraForm(data={"full_name": f"Ada {RLO}ecalevol", "institution": "Institut"})
    assert form.is_valid(), form.errors

    form.signup(rf.get("/"), User(email="ada@example.org"))

    assert User.objects.get(email="ada@example.org").full_name == "Ada ecalevol"


def test_a_user_form_drops_bidi_controls_from_the_name():
    form = modelform_factory(User, fields=["full_name"])(data={"full_name": f"Ada{RLO} L"})

    assert form.is_valid()
    assert form.cleaned_data["full_name"] == "Ada L"


def test_names_stored_earlier_are_shown_without_bidi_controls(client):
    project = active_project()
    Project.objects.filter(pk=project.pk).update(title=f"Cells {RLO}gnitnuoc")
    type(project.requester).objects.filter(pk=project.requester_id).update(
        full_name=f"Rita {RLO}retseuqer"
    )
    client.force_login(project.lead)

    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()

    assert RLO not in page
    assert "Cells gnitnuoc" in page
