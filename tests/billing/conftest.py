import pytest

from tests.billing.factories import rate
from tests.factories import CoordinatorFactory


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory(full_name="Nathalie Coordinator")


@pytest.fixture
def network_rate(db):
    return rate()
