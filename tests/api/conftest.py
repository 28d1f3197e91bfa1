import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each API test starts with empty rate-limit counters: token ids repeat after a
    test's rollback, so a count left by an earlier test would throttle a later one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
