from decimal import Decimal

from biafed.billing.services.invoices import issue_invoice
from biafed.billing.services.quotes import issue_quote
from tests.billing.factories import EffortFactory, PhaseFactory


def test_quote_then_invoice(coordinator, network_rate):
    phase = PhaseFactory()
    EffortFactory(project=phase.project, phase=phase, hours=Decimal("7.5"))
    quote = issue_quote(coordinator=coordinator, project=phase.project)
    assert quote.total == Decimal("1440.00")
    invoice = issue_invoice(
        coordinator=coordinator, project=phase.project, hours_by_phase={phase.pk: "7.5"}
    )
    assert invoice.total == Decimal("540.00")
