"""Every change to money goes through these modules: rates, quotes, invoices, ledger, credits."""
