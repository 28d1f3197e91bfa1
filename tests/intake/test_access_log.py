"""Who downloaded, previewed or opened a request's files: recorded, and shown to the
requester who owns them and to coordinators (not to the panel nor to outsiders)."""

import io

import pytest
from django.urls import reverse

from biafed.intake.models import AccessKind, FileAccess
from biafed.intake.services.checking import check_data_file
from biafed.intake.services.privacy import record_access
from tests.intake.test_files import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked(client, cast, fake_inspector):
    data_file = upload(client, cast.requester, cast.booking, name="embryo.tif")
    check_data_file(data_file.pk)
    data_file.refresh_from_db()
    return data_file


def _open_everything(client, person, data_file) -> None:
    client.force_login(person)
    for url in (
        reverse("intake:download", args=[data_file.pk]),
        reverse("intake:preview", args=[data_file.pk, "thumbnail"]),
        reverse("intake:plane", args=[data_file.pk]) + "?z=2",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        b"".join(response.streaming_content)  # read to the end


def test_download_preview_and_viewer_are_recorded_with_who_and_when(client, cast, checked):
    _open_everything(client, cast.panelist, checked)

    assert sorted(FileAccess.objects.values_list("viewer", "kind")) == sorted(
        [
            (cast.panelist.pk, AccessKind.DOWNLOAD),
            (cast.panelist.pk, AccessKind.PREVIEW),
            (cast.panelist.pk, AccessKind.VIEWER),
        ]
    )


def test_the_same_view_again_within_minutes_is_one_access(client, cast, checked):
    _open_everything(client, cast.panelist, checked)
    _open_everything(client, cast.panelist, checked)

    assert FileAccess.objects.filter(kind=AccessKind.VIEWER).count() == 1


def test_a_refused_download_is_not_recorded(client, cast, checked):
    client.force_login(cast.outsider)
    assert client.get(reverse("intake:download", args=[checked.pk])).status_code == 404
    assert not FileAccess.objects.exists()


@pytest.mark.parametrize("who", ["requester", "coordinator"])
def test_owner_and_coordinator_see_the_log_on_the_booking_page(client, cast, checked, who):
    record_access(viewer=cast.panelist, data_file=checked, kind=AccessKind.DOWNLOAD)
    client.force_login(getattr(cast, who))

    page = client.get(reverse("opendesk:booking_detail", args=[cast.booking.pk])).content.decode()

    assert "Who opened these files" in page
    assert f"{cast.panelist} downloaded “embryo.tif” on" in page


def test_the_panel_does_not_see_the_log(client, cast, checked):
    record_access(viewer=cast.coordinator, data_file=checked, kind=AccessKind.DOWNLOAD)
    client.force_login(cast.panelist)

    page = client.get(reverse("opendesk:booking_detail", args=[cast.booking.pk])).content.decode()

    assert "embryo.tif" in page  # the panel sees the file itself
    assert "Who opened these files" not in page


def test_another_requester_sees_neither_the_files_nor_the_log(client, cast, checked):
    record_access(viewer=cast.panelist, data_file=checked, kind=AccessKind.DOWNLOAD)
    client.force_login(cast.other_requester)
    key = f"opendesk.booking:{cast.booking.pk}"

    assert client.get(reverse("intake:panel", args=[key])).status_code == 404
    assert client.get(reverse("opendesk:booking_detail", args=[cast.booking.pk])).status_code in (
        403,
        404,
    )


def test_the_requester_still_sees_who_opened_project_data_after_the_project_ended(client):
    from biafed.intake.services import store_file
    from biafed.projects.models import ProjectStatus
    from biafed.projects.services.common import project_url
    from tests.billing.factories import ProjectFactory
    from tests.intake.conftest import image_bytes

    project = ProjectFactory(status=ProjectStatus.ACTIVE)
    data = image_bytes(2_000)
    data_file = store_file(
        actor=project.requester,
        target=project,
        name="stack.tif",
        fileobj=io.BytesIO(data),
        size=len(data),
    )
    record_access(viewer=project.lead, data_file=data_file, kind=AccessKind.DOWNLOAD)
    project.status = ProjectStatus.COMPLETED
    project.save()

    client.force_login(project.requester)
    page = client.get(project_url(project)).content.decode()
    client.force_login(project.mentor)
    mentor_page = client.get(project_url(project)).content.decode()

    assert f"{project.lead} downloaded “stack.tif” on" in page
    assert "Who opened these files" not in mentor_page
