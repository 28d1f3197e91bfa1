"""The meeting journey through the pages, as an organiser and a member would click it."""

from django.urls import reverse

from biafed.network.models import MeetingStatus, TopicStatus


def test_schedule_propose_order_send_and_record_minutes(
    client, owner, member, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    response = client.post(
        reverse("network:schedule"),
        {
            "kind": "monthly",
            "title": "January meeting",
            "starts_at": "2027-01-14T14:00",
            "duration_hours": "1.5",
            "repeat_months": "3",
            "place": "https://visio.example.org/fbias",
        },
    )
    meeting_url = response["Location"]
    client.force_login(member)
    for title, kind in (("My napari plugin", "preview"), ("SAM paper", "article")):
        client.post(meeting_url, {"kind": kind, "title": title, "summary": ""})
    client.force_login(owner)
    meeting_id = int(meeting_url.rstrip("/").rsplit("/", 1)[1])
    agenda_url = reverse("network:agenda", args=[meeting_id])
    form = client.get(agenda_url).context["form"]
    first, second = form.topics
    client.post(agenda_url, {f"topic_{second.pk}": "1", f"topic_{first.pk}": "2"})
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(reverse("network:send_agenda", args=[meeting_id]))
        assert not member.notifications.exists()  # the confirmation page first
        assert "go by e-mail to" in asked.content.decode()
        client.post(reverse("network:send_agenda", args=[meeting_id]), {"confirm": "yes"})
    page = client.get(meeting_url)
    assert [t.title for t in page.context["agenda"]] == ["SAM paper", "My napari plugin"]
    assert page.context["meeting"].status == MeetingStatus.AGENDA_SENT
    assert member.notifications.get().subject == "Agenda: January meeting on 14 January 2027"

    client.post(
        reverse("network:minutes", args=[meeting_id]),
        {
            "minutes": "Plugin demo went well.",
            "present": [owner.pk, member.pk],
            f"feedback_{first.pk}": "Add 3D support.",
        },
    )
    page = client.get(meeting_url)
    assert page.context["meeting"].status == MeetingStatus.HELD
    assert page.context["present"] == [member, owner]
    first.refresh_from_db()
    assert (first.status, first.feedback) == (TopicStatus.ON_AGENDA, "Add 3D support.")


def test_a_bad_schedule_keeps_what_was_typed(client, owner):
    client.force_login(owner)
    response = client.post(
        reverse("network:schedule"),
        {
            "kind": "hackathon",
            "title": "Hackathon",
            "starts_at": "2027-06-01T09:00",
            "duration_hours": "48",
            "repeat_months": "2",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Only monthly meetings repeat; schedule an event once."
    ]
    assert 'value="Hackathon"' in response.content.decode()


def test_member_pages_render(client, member, meeting):
    client.force_login(member)
    for name in ("home", "map", "membership", "meetings", "threads", "resources", "share", "ask"):
        assert client.get(reverse(f"network:{name}")).status_code == 200, name


def test_the_welcome_page_carries_the_public_map(client, db):
    page = client.get(reverse("home")).content.decode()
    assert f'data-places="{reverse("network:places")}"' in page
