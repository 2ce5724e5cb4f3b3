from django.contrib import admin

from profiles.models import Claim, Conversation, Follow, Institution, Message, Researcher


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


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "researcher", "created"]
    list_select_related = ["user", "researcher"]
    search_fields = ["user__username", "researcher__display_name"]
    list_filter = ["created"]
    raw_id_fields = ["user", "researcher"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["researcher", "user", "status", "created", "decided_by", "decided_at"]
    list_filter = ["status", "created"]
    list_select_related = ["researcher", "user", "decided_by"]
    search_fields = ["researcher__display_name", "user__username", "user__email", "orcid", "email"]
    raw_id_fields = ["user", "researcher", "decided_by"]


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    raw_id_fields = ["sender"]


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["subject", "researcher", "initiator", "owner", "status", "updated"]
    list_filter = ["status", "updated"]
    list_select_related = ["researcher", "initiator", "owner"]
    search_fields = [
        "subject",
        "researcher__display_name",
        "initiator__username",
        "owner__username",
    ]
    raw_id_fields = ["researcher", "initiator", "owner"]
    inlines = [MessageInline]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["conversation", "sender", "created", "read_at"]
    list_filter = ["created"]
    list_select_related = ["conversation", "sender"]
    search_fields = ["body", "conversation__subject"]
    raw_id_fields = ["conversation", "sender"]
