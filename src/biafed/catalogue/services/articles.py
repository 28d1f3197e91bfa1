"""Knowledge-base articles: analysts and coordinators write them in the site."""

import rules
from django.db import transaction
from django.utils.translation import gettext as _

from biafed.catalogue.models import Article, CatalogueEntry, Source
from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.people.models import User


def _clean(values: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in values.items() if v}


@transaction.atomic
def save_article(
    *,
    actor: User,
    article: Article | None,
    slug: str,
    title: dict[str, str],
    summary: dict[str, str],
    body: dict[str, str],
    entries: list[CatalogueEntry],
    published: bool,
) -> Article:
    """Create (`article` None) or change an article; the import keeps it from then on."""
    if not rules.has_perm("catalogue.write_article", actor):
        raise BusinessRuleError(_("Only analysts and coordinators write articles."))
    if not title.get("en") or not body.get("en"):
        raise BusinessRuleError(_("An article needs at least an English title and text."))
    taken = Article.objects.filter(slug=slug)
    if article is not None:
        taken = taken.exclude(pk=article.pk)
    if taken.exists():
        raise BusinessRuleError(_("Another article already has this short name."))
    created = article is None
    if article is None:
        article = Article(author=actor)
    article.slug = slug
    article.title = _clean(title)
    article.summary = _clean(summary)
    article.body = _clean(body)
    article.published = published
    article.source = Source.EDITED
    article.save()
    article.entries.set(entries)
    activity.record(
        actor=actor, verb="wrote article" if created else "edited article", subject=article
    )
    return article
