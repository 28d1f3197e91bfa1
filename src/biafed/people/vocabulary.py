"""The shipped expertise vocabulary and consultation languages (`people/data/*.json`).

One loader for the data migration, which passes its historical models, and for the
demo, which passes the current ones. It only adds what is missing, so it is safe to
run again and never overwrites a term a coordinator has edited.
"""

from biafed.common.data import read_data


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
