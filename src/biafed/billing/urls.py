from django.urls import path

from biafed.billing.views import budget, home, invoices, ledger, projects, rates, statements

app_name = "billing"

urlpatterns = [
    path("", home.home, name="home"),
    path("rates/", rates.rates, name="rates"),
    path("projects/<int:project_id>/", projects.project, name="project"),
    path("projects/<int:project_id>/quote/", projects.issue_quote, name="issue_quote"),
    path("projects/<int:project_id>/invoice/", projects.issue_invoice, name="issue_invoice"),
    path(
        "projects/<int:project_id>/invoice/preview/",
        projects.invoice_preview,
        name="invoice_preview",
    ),
    path("quotes/<int:pk>/pdf/", projects.quote_download, name="quote_pdf"),
    path("invoices/", invoices.invoice_list, name="invoice_list"),
    path("invoices/<int:pk>/", invoices.invoice, name="invoice"),
    path("invoices/<int:pk>/pdf/", invoices.invoice_download, name="invoice_pdf"),
    path("invoices/<int:pk>/csv/", invoices.invoice_csv, name="invoice_csv"),
    path("invoices/<int:pk>/paid/", invoices.mark_paid, name="mark_paid"),
    path("invoices/<int:pk>/cancel/", invoices.cancel, name="cancel_invoice"),
    path("credit-notes/<int:pk>/pdf/", invoices.credit_note_download, name="credit_note_pdf"),
    path("ledger/", ledger.ledger, name="ledger"),
    path("budget/", budget.budget, name="budget"),
    path("ledger/subsidy/", ledger.record_subsidy, name="record_subsidy"),
    path("ledger/expense/", ledger.record_expense, name="record_expense"),
    path("ledger/<int:pk>/reverse/", ledger.reverse_entry, name="reverse_entry"),
    path("statements/", statements.statement_list, name="statements"),
    path("statements/<int:facility_id>/", statements.facility_statement, name="statement"),
    path("statements/<int:facility_id>/credit/", statements.record_credit, name="record_credit"),
    path("credits/<int:pk>/reverse/", statements.reverse_credit, name="reverse_credit"),
]
