"""Who may open each page of the catalogue: see biafed.common.access for the columns."""

from biafed.common.access import LOGIN, row

# fmt: off
ACCESS = {
    "catalogue:home": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "catalogue:entry": row("term", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "catalogue:entry_edit": row("term", LOGIN, 403, 403, 403, 403, 403, 403, 200),
    "catalogue:articles": row("", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "catalogue:article": row("article", LOGIN, 200, 200, 200, 200, 200, 200, 200),
    "catalogue:article_create": row("", LOGIN, 403, 403, 200, 200, 200, 403, 200),
    "catalogue:article_edit": row("article", LOGIN, 403, 403, 200, 200, 200, 403, 200),
}
# fmt: on
