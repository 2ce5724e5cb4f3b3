"""Institutions. The researcher admin is in works/admin.py: its writes change derived counters."""

from django.contrib import admin

from profiles.models import Institution


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "ror_id", "openalex_id"]
    list_filter = ["country"]
    search_fields = ["name", "ror_id", "openalex_id"]
    prepopulated_fields = {"slug": ["name"]}
