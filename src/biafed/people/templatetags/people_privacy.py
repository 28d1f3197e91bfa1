"""`{{ text|notice_html }}`: the privacy notice's plain text as headings and paragraphs."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def notice_html(text: str):
    """A block starting with "# " is a heading, other blocks are paragraphs (escaped)."""
    parts = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        block = block.strip()
        if not block:
            continue
        if block.startswith("# "):
            heading, _, rest = block[2:].partition("\n")
            parts.append(format_html("<h2>{}</h2>", heading.strip()))
            block = rest.strip()
            if not block:
                continue
        lines = format_html_join(mark_safe("<br>"), "{}", ((line,) for line in block.split("\n")))
        parts.append(format_html("<p>{}</p>", lines))
    return mark_safe("".join(str(p) for p in parts))
