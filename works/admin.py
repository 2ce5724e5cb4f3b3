from django.contrib import admin

from works.models import Authorship, ImportRun, Topic, Work, WorkFamily


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "scheme"]
    list_filter = ["scheme"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    raw_id_fields = ["researcher", "institution", "import_run", "rejected_by"]
    fields = [
        "position",
        "researcher",
        "raw_name",
        "institution",
        "source",
        "match_rule",
        "rejected_at",
    ]


@admin.register(Work)
class WorkAdmin(admin.ModelAdmin):
    list_display = ["title", "work_type", "year", "venue", "citation_count", "hidden"]
    list_filter = ["work_type", "hidden", "source", "year"]
    search_fields = ["title", "doi", "arxiv_id", "openalex_id"]
    raw_id_fields = ["family"]
    filter_horizontal = ["topics"]
    inlines = [AuthorshipInline]


@admin.register(Authorship)
class AuthorshipAdmin(admin.ModelAdmin):
    list_display = [
        "work",
        "researcher",
        "position",
        "raw_name",
        "source",
        "match_rule",
        "rejected_at",
    ]
    list_filter = ["source", "match_rule", ("rejected_at", admin.EmptyFieldListFilter)]
    list_select_related = ["work", "researcher"]
    search_fields = ["raw_name", "researcher__display_name", "work__title"]
    raw_id_fields = ["work", "researcher", "institution", "import_run", "rejected_by"]


@admin.register(WorkFamily)
class WorkFamilyAdmin(admin.ModelAdmin):
    list_display = ["id", "created"]
    list_filter = ["created"]
    search_fields = ["works__title"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["source", "started", "finished"]
    list_filter = ["source", "started"]
    search_fields = ["source"]
    readonly_fields = ["started"]
