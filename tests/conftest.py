"""Test settings come from biafed.test_settings (see pyproject.toml)."""

import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a per-test folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English: a request in another language must not leak into the next test."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_catalogue():
    """The catalogue's per-process caches (vocabulary, names by language) start empty: each
    test's database is rolled back, its timestamps could repeat."""
    from biafed.catalogue import selectors

    selectors.forget()
    yield
    selectors.forget()


@pytest.fixture(autouse=True, scope="session")
def _row_locks_need_a_transaction():
    """PostgreSQL refuses `select_for_update` outside a transaction; SQLite ignores row
    locks and would let a forgotten `atomic` through. Refuse on every database, so the
    browser journeys (which run outside the test's transaction) catch it on SQLite too."""
    from django.db import transaction
    from django.db.models.sql.compiler import SQLCompiler

    original = SQLCompiler.as_sql

    def as_sql(self, *args, **kwargs):
        if (
            self.query.select_for_update
            and not transaction.get_connection(self.using).in_atomic_block
        ):
            raise transaction.TransactionManagementError(
                "select_for_update cannot be used outside of a transaction."
            )
        return original(self, *args, **kwargs)

    SQLCompiler.as_sql = as_sql
    yield
    SQLCompiler.as_sql = original
