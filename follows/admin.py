"""Follows in admin: adds and deletes go through follows.services, which keeps
Researcher.followers_count exact; an existing follow cannot be pointed elsewhere."""

from django.contrib import admin

from follows import services
from follows.models import Follow, InstitutionFollow, TopicFollow


class FollowAdminBase(admin.ModelAdmin):
    target: str  # the followed object's field
    list_filter = ["created"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.list_display = ["user", self.target, "created"]
        self.list_select_related = ["user", self.target]
        self.raw_id_fields = ["user", self.target]

    def get_readonly_fields(self, request, obj=None):
        return ["user", self.target] if obj else []

    def _set(self, obj, following: bool) -> None:
        setter = getattr(services, f"{self.target}_follow_set")
        setter(user=obj.user, **{self.target: getattr(obj, self.target)}, following=following)

    def save_model(self, request, obj, form, change):
        if not change:
            self._set(obj, True)
            target = {self.target: getattr(obj, self.target)}
            obj.pk = type(obj).objects.get(user=obj.user, **target).pk  # for the admin log

    def delete_model(self, request, obj):
        self._set(obj, False)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("user", self.target):
            self._set(obj, False)


@admin.register(Follow)
class FollowAdmin(FollowAdminBase):
    target = "researcher"
    search_fields = ["user__username", "researcher__display_name"]


@admin.register(TopicFollow)
class TopicFollowAdmin(FollowAdminBase):
    target = "topic"
    search_fields = ["user__username", "topic__name"]


@admin.register(InstitutionFollow)
class InstitutionFollowAdmin(FollowAdminBase):
    target = "institution"
    search_fields = ["user__username", "institution__name"]
