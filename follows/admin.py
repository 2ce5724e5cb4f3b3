from django.contrib import admin

from follows.models import Follow, InstitutionFollow, TopicFollow


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "researcher", "created"]
    list_select_related = ["user", "researcher"]
    search_fields = ["user__username", "researcher__display_name"]
    list_filter = ["created"]
    raw_id_fields = ["user", "researcher"]


@admin.register(TopicFollow)
class TopicFollowAdmin(admin.ModelAdmin):
    list_display = ["user", "topic", "created"]
    list_select_related = ["user", "topic"]
    search_fields = ["user__username", "topic__name"]
    list_filter = ["created"]
    raw_id_fields = ["user", "topic"]


@admin.register(InstitutionFollow)
class InstitutionFollowAdmin(admin.ModelAdmin):
    list_display = ["user", "institution", "created"]
    list_select_related = ["user", "institution"]
    search_fields = ["user__username", "institution__name"]
    list_filter = ["created"]
    raw_id_fields = ["user", "institution"]
