from django.contrib import admin

from accounts.models import Notification, RateLimitBucket, UserBlock


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "text", "created", "read_at"]
    list_filter = ["created", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "user__email", "text"]
    raw_id_fields = ["user"]


@admin.register(UserBlock)
class UserBlockAdmin(admin.ModelAdmin):
    list_display = ["blocker", "blocked", "created"]
    search_fields = ["blocker__username", "blocked__username"]
    raw_id_fields = ["blocker", "blocked"]
    list_filter = ["created"]


@admin.register(RateLimitBucket)
class RateLimitBucketAdmin(admin.ModelAdmin):
    list_display = ["key", "count", "expires_at"]
    search_fields = ["key"]
    list_filter = ["expires_at"]
