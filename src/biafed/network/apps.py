from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "biafed.network"
    label = "network"
    verbose_name = _("Network life")

    def ready(self):
        from biafed.network import hooks  # noqa: PLC0415 — models load after the app registry

        hooks.register()
