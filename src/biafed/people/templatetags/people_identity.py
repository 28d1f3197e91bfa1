"""`{% orcid_link user %}`: a person's ORCID iD as the link ORCID asks for (https://orcid.org/…)."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def orcid_link(user):
    orcid = getattr(user, "orcid", "")
    if not orcid:
        return ""
    return format_html(
        '<a class="orcid" href="{}" rel="noopener">ORCID {}</a>', user.orcid_url, orcid
    )
