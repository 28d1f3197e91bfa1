"""`{% profile_sections as sections %}`: the templates other apps add to "My profile"."""

from django import template

from biafed.people.registry import profile_sections as registered_sections

register = template.Library()


@register.simple_tag
def profile_sections() -> list[str]:
    return registered_sections()
