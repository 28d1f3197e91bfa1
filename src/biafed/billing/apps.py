from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "biafed.billing"
    label = "billing"
