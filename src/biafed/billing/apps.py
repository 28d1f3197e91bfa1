from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "biafed.billing"
    label = "billing"

    def ready(self):
        from biafed.billing.privacy import export_billing
        from biafed.people.privacy import register_personal_data

        register_personal_data("billing", export=export_billing)
