"""The shipped expertise vocabulary and consultation languages (`people/data/*.json`).

One loader for the data migration, which passes its historical models, and for the
demo, which passes the current ones. It only adds what is missing, so it is safe to
run again and never overwrites a term a coordinator has edited.
"""

from collections.abc import Callable

from django.utils.translation import get_language, get_language_info

from biafed.common.data import read_data

_term_names: Callable[[], dict[str, dict[str, str]]] | None = None


def register_term_names(source: Callable[[], dict[str, dict[str, str]]]) -> None:
    """The catalogue (a higher app) gives the terms' names by language:
    `source()` -> {term name: {language: name}}, cheap to call (it caches)."""
    global _term_names
    _term_names = source


def term_name(name: str) -> str:
    """A term's name in the active language, from the catalogue's names by language; names
    without a translation (or while no catalogue is installed) stay as written. Keys are
    language codes ("es", "pt-br"); "es-ar" falls back to "es"."""
    if _term_names is None:
        return name
    language = (get_language() or "en").lower()
    names = _term_names().get(name, {})
    return names.get(language) or names.get(language.split("-")[0]) or name


def language_name(code: str, stored: str) -> str:
    """A consultation language's name in the active language ("French" -> "français")."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return stored


def install_vocabulary(*, term_model, language_model, using: str = "default") -> None:
    for entry in read_data("biafed.people", "vocabulary.json"):
        term_model.objects.using(using).get_or_create(
            family=entry["family"],
            name=entry["name"],
            defaults={
                "synonyms": entry.get("synonyms", ""),
                "description": entry.get("description", ""),
            },
        )
    for code, name in read_data("biafed.people", "languages.json").items():
        language_model.objects.using(using).get_or_create(code=code, defaults={"name": name})
