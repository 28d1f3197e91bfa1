"""Members-only content is invisible to requesters and outsiders (the membership rules)."""

import pytest
from django.urls import reverse

from biafed.common.errors import BusinessRuleError
from biafed.network.models import ResourceKind, Visibility
from biafed.network.services.help import answer, ask_for_help
from biafed.network.services.resources import share_resource, update_resource
from tests.factories import UserFactory, confirmed_booking


def _dataset(owner, visibility):
    return share_resource(
        member=owner,
        fields={
            "kind": ResourceKind.DATASET,
            "name": f"Nuclei ({visibility})",
            "visibility": visibility,
            "modality": "Confocal",
            "licence": "CC-BY 4.0",
            "link": "https://zenodo.org/records/1",
        },
    )


def test_a_network_only_dataset_is_listed_to_members_and_not_to_an_outsider(
    client, owner, member, outsider
):
    private = _dataset(owner, Visibility.NETWORK)
    public = _dataset(owner, Visibility.PUBLIC)
    client.force_login(member)
    listed = client.get(reverse("network:resources")).content.decode()
    assert private.name in listed and public.name in listed
    assert client.get(reverse("network:resource", args=[private.pk])).status_code == 200

    client.force_login(outsider)
    listed = client.get(reverse("network:resources")).content.decode()
    assert private.name not in listed
    assert public.name in listed
    assert client.get(reverse("network:resource", args=[private.pk])).status_code == 404
    assert client.get(reverse("network:resource", args=[public.pk])).status_code == 200


def test_only_the_owner_edits_a_shared_resource(client, owner, member):
    resource = _dataset(owner, Visibility.NETWORK)
    url = reverse("network:resource_edit", args=[resource.pk])
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(owner)
    response = client.post(
        url,
        {
            "kind": ResourceKind.DATASET,
            "name": "Nuclei v2",
            "visibility": Visibility.PUBLIC,
            "status": "available",
        },
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert (resource.name, resource.visibility) == ("Nuclei v2", Visibility.PUBLIC)


def test_peer_help_is_invisible_to_an_outsider_and_a_facility_manager(client, owner, outsider):
    thread = ask_for_help(analyst=owner, title="Tracking bacteria", question="Which tracker?")
    manager = UserFactory(roles=("facility_manager",))
    for person in (outsider, manager):
        client.force_login(person)
        assert client.get(reverse("network:threads")).status_code == 403
        assert client.get(reverse("network:thread", args=[thread.pk])).status_code == 403
    client.logout()
    response = client.get(reverse("network:thread", args=[thread.pk]))
    assert response.status_code == 302


def test_meetings_are_invisible_to_an_outsider(client, outsider, member, meeting):
    client.force_login(outsider)
    assert client.get(reverse("network:meeting", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("network:meeting_ics", args=[meeting.pk])).status_code == 403
    client.force_login(member)
    assert client.get(reverse("network:meeting", args=[meeting.pk])).status_code == 200


def test_an_analyst_asks_for_help_and_a_peer_answers(client, owner, member, meeting):
    client.force_login(owner)
    response = client.post(
        reverse("network:ask"),
        {"title": "Segmenting roots", "question": "Cellpose fails on lateral roots."},
    )
    thread_url = response["Location"]
    client.force_login(member)
    client.post(thread_url, {"body": "Try a custom model trained on 20 crops."})
    client.force_login(owner)
    page = client.get(thread_url).content.decode()
    assert "Try a custom model trained on 20 crops." in page
    assert owner.notifications.get().subject == (
        "Marc Member answered your request “Segmenting roots”"
    )


def test_an_empty_answer_is_refused_with_a_message(client, owner, member):
    thread = ask_for_help(analyst=owner, title="Roots", question="Help")
    client.force_login(member)
    response = client.post(reverse("network:thread", args=[thread.pk]), {"body": " "})
    assert response.status_code == 200
    assert thread.replies.count() == 0


def test_a_request_becomes_a_meeting_topic(client, owner, member, meeting):
    thread = ask_for_help(analyst=owner, title="Roots", question="Help")
    answer(member=member, thread=thread, body="Me too")
    client.force_login(member)
    response = client.post(reverse("network:to_meeting", args=[thread.pk]), {"meeting": meeting.pk})
    assert response["Location"] == reverse("network:meeting", args=[meeting.pk])
    (topic,) = meeting.topics.all()
    assert (topic.kind, topic.help_thread, topic.title) == ("peer_help", thread, "Roots")


def test_a_public_resource_names_only_the_consultations_the_reader_may_open(
    client, owner, outsider
):
    booking = confirmed_booking(panel=[owner])
    resource = share_resource(
        member=owner,
        fields={"kind": ResourceKind.CODE, "name": "Macro", "visibility": Visibility.PUBLIC},
        bookings=[booking],
    )
    client.force_login(owner)
    assert (
        booking.title
        in client.get(reverse("network:resource", args=[resource.pk])).content.decode()
    )
    client.force_login(outsider)
    page = client.get(reverse("network:resource", args=[resource.pk])).content.decode()
    assert booking.title not in page


def test_a_retired_resource_cannot_go_back_to_preview(owner):
    resource = _dataset(owner, Visibility.NETWORK)
    update_resource(member=owner, resource=resource, fields={"status": "retired"})
    with pytest.raises(BusinessRuleError):
        update_resource(member=owner, resource=resource, fields={"status": "preview"})
    resource.refresh_from_db()
    assert resource.status == "retired"


def test_a_refused_status_change_is_explained_on_the_form(client, owner):
    resource = _dataset(owner, Visibility.NETWORK)
    update_resource(member=owner, resource=resource, fields={"status": "retired"})
    client.force_login(owner)
    response = client.post(
        reverse("network:resource_edit", args=[resource.pk]),
        {"kind": "dataset", "name": "Renamed", "visibility": "network", "status": "preview"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "A resource that is “Retired” cannot become “Preview”."
    ]
    resource.refresh_from_db()
    assert (resource.name, resource.status) == ("Nuclei (network)", "retired")
