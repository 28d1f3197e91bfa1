"""The catalogue's pages: search and entry pages for everybody signed in, the coordinator's
edit, the knowledge base's articles (analysts and coordinators write)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from biafed.catalogue import selectors
from biafed.catalogue.forms import ArticleForm, EntryForm, SearchForm
from biafed.catalogue.models import CatalogueEntry
from biafed.catalogue.rules import articles_for
from biafed.catalogue.services.articles import save_article
from biafed.catalogue.services.entries import save_entry
from biafed.common.web import form_page, require
from biafed.people.models import AnalystExpertise

PAGE_SIZE = 50


@login_required
def entry_list(request):
    require(request.user, "catalogue.view_catalogue")
    operations = list(selectors.operations_in_use())
    form = SearchForm(request.GET or None, operations=operations)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.search_entries(
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        platform=filters.get("platform", ""),
        licence=filters.get("licence", ""),
        operation=filters.get("operation", ""),
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalogue/list.html",
        {"form": form, "page": page, "searched": bool(filters and any(filters.values()))},
    )


def _entry(pk: int) -> CatalogueEntry:
    return get_object_or_404(
        CatalogueEntry.objects.select_related("term", "parent__term", "edam"), pk=pk
    )


@login_required
def entry_detail(request, pk: int):
    require(request.user, "catalogue.view_catalogue")
    entry = _entry(pk)
    holders = AnalystExpertise.objects.none()
    if request.user.has_perm("people.view_directory"):  # the directory's own rule
        holders = (
            AnalystExpertise.objects.filter(term_id=entry.pk, profile__user__is_active=True)
            .select_related("profile__user", "profile__host_facility")
            .order_by("level", "profile__user__full_name")
        )
    return render(
        request,
        "catalogue/entry.html",
        {
            "entry": entry,
            "operations": entry.operations.order_by("label"),
            "topics": entry.topics.order_by("label"),
            "plugins": entry.plugins.select_related("term").order_by("term__name"),
            "holders": holders,
            "articles": articles_for(request.user).filter(entries=entry),
            "can_edit": request.user.has_perm("catalogue.edit_entry", entry),
        },
    )


@login_required
def entry_edit(request, pk: int):
    entry = _entry(pk)
    require(request.user, "catalogue.edit_entry", entry)
    form = EntryForm(request.POST or None, entry=entry)
    return form_page(
        request,
        form,
        lambda data: save_entry(actor=request.user, entry=entry, **form.service_fields()),
        success=_("Catalogue entry saved."),
        done=lambda _saved: entry.get_absolute_url(),
        template="catalogue/entry_form.html",
        entry=entry,
    )


@login_required
def article_list(request):
    require(request.user, "catalogue.view_catalogue")
    articles = articles_for(request.user).order_by("slug")
    return render(
        request,
        "catalogue/articles.html",
        {
            "articles": articles,
            "can_write": request.user.has_perm("catalogue.write_article"),
        },
    )


@login_required
def article_detail(request, pk: int):
    article = get_object_or_404(
        articles_for(request.user).prefetch_related(
            Prefetch("entries", queryset=CatalogueEntry.objects.select_related("term"))
        ),
        pk=pk,
    )
    require(request.user, "catalogue.view_article", article)
    return render(
        request,
        "catalogue/article.html",
        {
            "article": article,
            "can_write": request.user.has_perm("catalogue.write_article"),
        },
    )


@login_required
def article_edit(request, pk: int | None = None):
    require(request.user, "catalogue.write_article")
    article = get_object_or_404(articles_for(request.user), pk=pk) if pk else None
    form = ArticleForm(request.POST or None, article=article)
    return form_page(
        request,
        form,
        lambda data: save_article(actor=request.user, article=article, **form.service_fields()),
        success=_("Article saved."),
        done=lambda saved: saved.get_absolute_url(),  # type: ignore[attr-defined]  # an Article
        template="catalogue/article_form.html",
        article=article,
    )
