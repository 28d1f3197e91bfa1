from django.core.exceptions import ValidationError


class BusinessRuleError(ValidationError):
    """A request the rules of the service refuse; its message is shown to the person as is."""
