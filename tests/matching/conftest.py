"""The open-desk day most allocation tests start from: a coordinator, a day, an expertise
term (helpers to fill the day: tests/matching/day_setup.py)."""

import pytest

from biafed.people.models import ExpertiseFamily
from tests.factories import CoordinatorFactory, ExpertiseTermFactory, OpenDeskDayFactory


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


@pytest.fixture
def day():
    return OpenDeskDayFactory()


@pytest.fixture
def segmentation():
    return ExpertiseTermFactory(family=ExpertiseFamily.METHOD, name="segmentation")
