"""Curators' screens for works, authorships, topics and researchers.

Every write goes through works.services (save_model, save_formset, delete_model,
delete_queryset and the actions), so counters and collaboration edges stay equal to a
from-scratch recount whatever a curator changes. The researcher admin lives here, not in
profiles, for the same reason: deleting a record changes its co-authors' counters, and that
write path is in works.
"""

from django.contrib import admin, messages

from profiles.models import Researcher
from profiles.services import researcher_save
from works import services
from works.models import Authorship, CollaborationEdge, ImportRun, Topic, Work, WorkFamily


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "scheme"]
    list_filter = ["scheme"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}

    # Editing a topic changes nothing derived; deleting one changes its authors' topic counts.
    def delete_queryset(self, request, queryset):
        services.topics_delete(topics=queryset)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Topic.objects.filter(pk=obj.pk))


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
    actions = ["hide", "unhide"]

    def save_model(self, request, obj, form, change):
        obj.save()  # the recount waits for the authorships and topics (save_related)

    def save_related(self, request, form, formsets, change):
        # Authors before the edit too: one removed or moved to another record loses the work.
        previous = {
            f.initial["researcher"]
            for formset in formsets
            for f in formset.initial_forms
            if f.initial.get("researcher")
        }
        super().save_related(request, form, formsets, change)
        services.works_changed(work_ids=[form.instance.pk], also=previous)

    def delete_model(self, request, obj):
        services.works_delete(works=Work.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.works_delete(works=queryset)

    @admin.action(description="Hide selected works", permissions=["change"])
    def hide(self, request, queryset):
        hidden = services.works_hidden_set(works=queryset, hidden=True)
        self.message_user(request, f"Hidden: {hidden} works.", messages.SUCCESS)

    @admin.action(description="Show selected works again", permissions=["change"])
    def unhide(self, request, queryset):
        shown = services.works_hidden_set(works=queryset, hidden=False)
        self.message_user(request, f"Shown: {shown} works.", messages.SUCCESS)


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
    actions = ["reject", "restore"]

    def save_model(self, request, obj, form, change):
        previous = form.initial.get("researcher") if change else None
        services.authorship_save(authorship=obj, previous_researcher_id=previous)

    def delete_model(self, request, obj):
        services.authorships_delete(authorships=Authorship.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.authorships_delete(authorships=queryset)

    @admin.action(
        description="Mark “not mine” (the work leaves the record)", permissions=["change"]
    )
    def reject(self, request, queryset):
        marked = services.authorships_rejected_set(
            authorships=queryset, user=request.user, rejected=True
        )
        self.message_user(request, f"Marked: {marked} authorships.", messages.SUCCESS)

    @admin.action(description="Undo “not mine”", permissions=["change"])
    def restore(self, request, queryset):
        restored = services.authorships_rejected_set(
            authorships=queryset, user=None, rejected=False
        )
        self.message_user(request, f"Restored: {restored} authorships.", messages.SUCCESS)


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


@admin.register(CollaborationEdge)
class CollaborationEdgeAdmin(admin.ModelAdmin):
    """Read-only: edges are derived from authorships (works.services)."""

    list_display = ["researcher_a", "researcher_b", "shared_works", "first_year", "last_year"]
    list_filter = ["shared_works", "last_year"]
    list_select_related = ["researcher_a", "researcher_b"]
    search_fields = ["researcher_a__display_name", "researcher_b__display_name"]
    raw_id_fields = ["researcher_a", "researcher_b"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Never on their own; they go with a researcher a curator deletes (the cascade needs
        # this permission), and works.services.researchers_delete recounts the co-authors.
        match = request.resolver_match
        return bool(match) and match.url_name in RESEARCHER_DELETE_VIEWS


RESEARCHER_DELETE_VIEWS = {"profiles_researcher_delete", "profiles_researcher_changelist"}


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

    def save_model(self, request, obj, form, change):
        researcher_save(researcher=obj, previous_name=form.initial.get("display_name", ""))

    def delete_queryset(self, request, queryset):
        services.researchers_delete(researchers=queryset)

    def delete_model(self, request, obj):
        services.researchers_delete(researchers=Researcher.objects.filter(pk=obj.pk))
