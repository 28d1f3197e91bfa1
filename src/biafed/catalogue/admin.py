"""The catalogue in the admin site: for looking up rows; coordinators edit in the site's
own pages (which remember what was edited, so the import keeps it)."""

from django.contrib import admin

from biafed.catalogue.models import Article, CatalogueEntry, EdamConcept


@admin.register(EdamConcept)
class EdamConceptAdmin(admin.ModelAdmin):
    list_display = ["edam_id", "kind", "label", "obsolete"]
    list_filter = ["kind", "obsolete"]
    search_fields = ["edam_id", "label"]
    filter_horizontal = ["parents"]


@admin.register(CatalogueEntry)
class CatalogueEntryAdmin(admin.ModelAdmin):
    list_display = ["slug", "term", "kind", "licence", "source", "data_version"]
    list_filter = ["kind", "licence", "source"]
    search_fields = ["slug", "term__name", "term__synonyms"]
    raw_id_fields = ["term", "parent", "edam"]
    filter_horizontal = ["operations", "topics"]
    list_select_related = ["term"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["slug", "published", "source", "author", "updated_at"]
    list_filter = ["published", "source"]
    search_fields = ["slug"]
    filter_horizontal = ["entries", "concepts"]
    raw_id_fields = ["author"]
