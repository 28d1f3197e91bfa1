from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "biafed.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from biafed.catalogue import hooks  # noqa: PLC0415 — models load after the app registry

        hooks.register()
