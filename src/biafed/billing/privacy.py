"""Billing's part of a person's data (people.privacy registry): the quotes and invoices of
their projects. Nothing is erased at closure: invoices and the ledger are kept as the law
requires, with the name and e-mail they were issued to."""

from biafed.billing.models import Invoice, Quote


def export_billing(user) -> dict:
    def document(d, **extra) -> dict:
        return {
            "number": str(d),
            "project": d.project_id,
            "issued_on": d.issued_on,
            "status": d.status,
            "hours": d.hours,
            "total": d.total,
            "currency": d.currency,
            "institution": d.institution,
            **extra,
        }

    return {
        "quotes": [document(q) for q in Quote.objects.filter(project__requester=user)],
        "invoices": [
            document(i, paid_on=i.paid_on, requester_name=i.requester_name)
            for i in Invoice.objects.filter(project__requester=user)
        ],
    }
