import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_report_cache():
    """Report pages are cached for a few minutes; each test starts from its own data."""
    cache.clear()
    yield
    cache.clear()
