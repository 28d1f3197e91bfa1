"""Views of the matching app (coordinators only)."""
