from pathlib import Path

import pytest

from biafed.catalogue.services.importing import default_data_dir, import_catalogue

FIXTURES = Path(__file__).parent / "data"
EDAM = default_data_dir() / "edam" / "EDAM-bioimaging_alpha06.tsv"


def import_fixture(**kwargs):
    """The small test catalogue of tests/catalogue/data, with the shipped EDAM file."""
    return import_catalogue(data_dir=FIXTURES, edam_path=EDAM, **kwargs)


@pytest.fixture
def catalogue(db):
    return import_fixture()
