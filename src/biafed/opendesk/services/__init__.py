"""The open desk's business rules: the only code that changes open-desk state."""
