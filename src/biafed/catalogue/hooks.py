"""How the catalogue plugs into the apps below it: term names in the viewer's language
(people), and a catalogue entry for every expertise term, whoever creates it."""

from django.db.models.signals import post_save

from biafed.catalogue import selectors
from biafed.catalogue.services import entries
from biafed.people.models import ExpertiseTerm
from biafed.people.vocabulary import register_term_names


def register() -> None:
    register_term_names(selectors.term_names_by_language)
    post_save.connect(entries.term_saved, sender=ExpertiseTerm, dispatch_uid="catalogue.term_saved")
