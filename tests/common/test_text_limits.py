"""Every free-text field has a length limit, with a clear message that keeps what was typed."""

import pytest
from django.urls import reverse

from biafed.common.errors import BusinessRuleError
from biafed.common.text import TEXT_LIMIT
from biafed.opendesk.forms import BookingForm, FeedbackForm
from biafed.projects.forms import CommentForm
from biafed.projects.services import work
from tests.factories import OpenDeskDayFactory
from tests.projects.factories import active_project

pytestmark = pytest.mark.django_db

MEGABYTE = "x" * 1_000_000
TOO_LONG = f"Ensure this value has at most {TEXT_LIMIT} characters (it has 1000000)."


def test_a_one_megabyte_comment_is_refused_with_the_limit_and_kept_for_editing(client):
    project = active_project()
    client.force_login(project.requester)

    response = client.post(reverse("projects:comment", args=[project.pk]), {"text": MEGABYTE})

    page = response.content.decode()
    assert response.status_code == 200
    assert TOO_LONG in page
    assert MEGABYTE in page  # still in the text area
    assert not project.comments.exists()


def test_the_comment_service_refuses_text_over_the_limit():
    project = active_project()

    with pytest.raises(BusinessRuleError) as excinfo:
        work.add_comment(author=project.requester, project=project, text=MEGABYTE)

    assert excinfo.value.messages == [f"Comment: {TOO_LONG}"]


def test_model_forms_take_the_limit_from_the_free_text_field():
    form = BookingForm(data={"biological_question": MEGABYTE}, day=OpenDeskDayFactory())

    assert form.errors["biological_question"] == [TOO_LONG]


@pytest.mark.parametrize("form_class", [CommentForm, FeedbackForm])
def test_plain_forms_limit_every_text_area(form_class):
    form = form_class(data={"text": MEGABYTE, "comment": MEGABYTE, "usefulness": "5"})

    assert TOO_LONG in form.errors.get("text", form.errors.get("comment"))
    assert "maxlength" not in str(form)  # a pasted text is not cut silently by the browser


def test_one_line_fields_without_a_limit_get_one():
    from biafed.opendesk.forms import OutcomeForm
    from biafed.projects.forms import WithdrawForm

    assert WithdrawForm().fields["reason"].max_length == 300  # declared: kept
    assert OutcomeForm().fields["advice"].max_length == TEXT_LIMIT
