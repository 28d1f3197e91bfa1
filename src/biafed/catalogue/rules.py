"""Who may read and edit the catalogue and the knowledge base.

Everybody signed in with a role in the network reads the catalogue and the published
articles; coordinators (and admins) edit entries; analysts and coordinators write
articles and read the unpublished ones.
"""

import rules
from django.db.models import QuerySet

from biafed.catalogue.models import Article
from biafed.people.rules import is_analyst, is_staff_member


@rules.predicate
def has_a_role(user) -> bool:
    return bool(user and user.is_authenticated and user.role_names)


@rules.predicate
def is_published(user, article) -> bool:
    return article is not None and article.published


is_writer = is_analyst | is_staff_member

rules.add_perm("catalogue.view_catalogue", has_a_role)
rules.add_perm("catalogue.edit_entry", is_staff_member)
rules.add_perm("catalogue.view_article", is_writer | (has_a_role & is_published))
rules.add_perm("catalogue.write_article", is_writer)


def articles_for(user) -> QuerySet[Article]:
    """The articles `user` may read: all of them for writers, the published ones otherwise."""
    articles = Article.objects.all()
    if is_writer(user):
        return articles
    if has_a_role(user):
        return articles.filter(published=True)
    return articles.none()
