from django.contrib import admin

from profiles.models import Institution, Researcher


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "ror_id", "openalex_id"]
    list_filter = ["country"]
    search_fields = ["name", "ror_id", "openalex_id"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Researcher)
class ResearcherAdmin(admin.ModelAdmin):
    list_display = [
        "display_name",
        "slug",
        "affiliation",
        "verification_level",
        "works_count",
        "followers_count",
        "claimed_by",
        "updated",
    ]
    list_filter = [
        "verification_level",
        "open_to_collaborate",
        "source",
        ("claimed_by", admin.EmptyFieldListFilter),
        ("affiliation", admin.EmptyFieldListFilter),
    ]
    search_fields = ["display_name", "slug", "orcid", "openalex_id"]
    list_select_related = ["affiliation", "claimed_by"]
    raw_id_fields = ["affiliation", "claimed_by"]
    readonly_fields = [
        "works_count",
        "followers_count",
        "citations_count",
        "h_index",
        "i10_index",
        "topics_count",
        "close_collaborators_count",
        "created",
        "updated",
    ]
    prepopulated_fields = {"slug": ["display_name"]}
