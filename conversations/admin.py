from django.contrib import admin

from conversations.models import Conversation, Message


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
