"""In a real browser: a requester reads the privacy notice, corrects their name, downloads
their data and closes their account; they can no longer log in."""

import zipfile

import pytest

from biafed.people.models import User
from tests.factories import PASSWORD, RequesterFactory, verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_requester_corrects_name_exports_data_and_closes_account(open_page, tmp_path):
    requester = RequesterFactory(full_name="Rita Requestr", institution="Univ Lille")
    verified(requester)

    page = open_page(requester, PASSWORD)
    page.click("[data-testid=privacy-link]")
    page.wait_for_selector("text=What we keep, and why")
    page.click("[data-testid=my-account]")
    page.fill("#id_account-full_name", "Rita Requester")
    page.click("[data-testid=account] button")
    page.wait_for_selector("text=Your name and institution are saved.")

    with page.expect_download() as download:
        page.click("[data-testid=export]")
    saved = tmp_path / "my-data.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        assert "profile.json" in archive.namelist()
        assert b'"full_name": "Rita Requester"' in archive.read("profile.json")

    page.click("[data-testid=close]")
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=confirm-close]")
    page.wait_for_selector("text=Your account is closed.")

    closed = User.objects.get(pk=requester.pk)
    assert (closed.is_active, closed.full_name) == (False, f"Closed account #{requester.pk}")
    page.goto("/accounts/login/")
    page.fill("input[name=login]", requester.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    assert "/accounts/login" in page.url
