"""The API's business rules: personal tokens and webhooks."""
