"""Template filters of the catalogue: text in the viewer's language, Markdown articles."""

from django import template
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from biafed.catalogue.text import in_language

register = template.Library()

# "js-default": no raw HTML in the source, unsafe link schemes (javascript:) refused.
_markdown = MarkdownIt("js-default")


@register.filter
def language(values):
    """`{"en": ..., "fr": ...}` in the viewer's language (English, else any, as fallback)."""
    return in_language(values)


@register.filter
def markdown(text: str):
    """An article's Markdown as HTML; raw HTML in it is shown as text, never run."""
    return mark_safe(_markdown.render(text or ""))  # noqa: S308 — markdown-it escapes HTML
