"""Data files shipped inside the apps (`<app>/data/*.json`): vocabularies, the demo network."""

import json
from importlib import resources


def read_data(package: str, name: str):
    """The parsed JSON file `data/<name>` of a package, e.g. ("biafed.people", "vocabulary.json")."""
    return json.loads(resources.files(package).joinpath("data", name).read_text("utf-8"))
