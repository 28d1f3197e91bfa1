"""What a committee member has still to review, and the review form showing the request."""

import pytest
from django.urls import reverse

from biafed.projects.selectors import reviews_waiting_for
from biafed.projects.services import review
from tests.factories import AnalystFactory
from tests.projects.factories import committee_member, give_review, under_review_project

pytestmark = pytest.mark.django_db


def test_reviews_waiting_leaves_out_reviewed_and_conflicted_requests():
    member = committee_member()
    waiting = under_review_project(title="Tracking cilia")
    reviewed = under_review_project(title="Counting nuclei")
    conflicted = under_review_project(title="My own lab")
    give_review(reviewed, member)
    review.declare_conflict(reviewer=member, project=conflicted)

    assert list(reviews_waiting_for(member)) == [waiting]


def test_reviews_waiting_is_empty_outside_the_committee():
    under_review_project()

    assert list(reviews_waiting_for(AnalystFactory())) == []


def test_review_form_shows_the_request_without_a_fold(client):
    member = committee_member()
    project = under_review_project(summary="Segment zebrafish hearts over time")
    client.force_login(member)

    page = client.get(reverse("projects:review", args=[project.pk])).content.decode()

    assert "Segment zebrafish hearts over time" in page
    assert "<summary>The request</summary>" not in page
