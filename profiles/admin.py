from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from profiles.claims import (
    ClaimRefused,
    claim_approve,
    claim_evidence,
    claim_reject,
    claim_request_evidence,
)
from profiles.models import (
    Claim,
    ClaimEvent,
    Conversation,
    Follow,
    Institution,
    InstitutionFollow,
    Message,
    Researcher,
    TopicFollow,
)


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


class ClaimEventInline(admin.TabularInline):
    model = ClaimEvent
    extra = 0
    can_delete = False
    fields = ["created", "actor", "status_from", "status_to", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # the audit trail is written by the claim services only


class ClaimDecisionForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        required=False,
        help_text="Shown to the claimant with the decision.",
    )


def _yes_no(value: bool | None, yes: str = "yes", no: str = "no") -> str:
    return "—" if value is None else (yes if value else no)


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["researcher", "user", "status", "orcid_verified", "email_confirmed", "created"]
    list_filter = [
        "status",
        "orcid_verified",
        ("email_confirmed_at", admin.EmptyFieldListFilter),
        "created",
    ]
    list_select_related = ["researcher", "user", "decided_by"]
    search_fields = ["researcher__display_name", "user__username", "user__email", "orcid", "email"]
    raw_id_fields = ["user", "researcher", "decided_by"]
    readonly_fields = [
        "user",
        "researcher",
        "status",
        "evidence",
        "orcid",
        "orcid_verified",
        "email",
        "email_confirmed_at",
        "links",
        "note",
        "decided_by",
        "decided_at",
        "decision_note",
        "created",
    ]
    fieldsets = [
        ("Claim", {"fields": ["user", "researcher", "status", "created"]}),
        ("Evidence next to the record", {"fields": ["evidence"]}),
        (
            "What the claimant gave",
            {"fields": ["orcid", "orcid_verified", "email", "email_confirmed_at", "links", "note"]},
        ),
        ("Decision", {"fields": ["decided_by", "decided_at", "decision_note"]}),
    ]
    inlines = [ClaimEventInline]
    actions = ["approve", "reject", "request_evidence"]

    def has_add_permission(self, request) -> bool:
        return False  # claims are filed by their claimants

    @admin.display(boolean=True, description="email confirmed")
    def email_confirmed(self, claim: Claim) -> bool:
        return claim.email_confirmed_at is not None

    @admin.display(description="Evidence")
    def evidence(self, claim: Claim) -> str:
        ev = claim_evidence(claim)
        researcher = claim.researcher
        rows = [
            (
                "Record",
                format_html(
                    '<a href="{}">{}</a> ({} works, affiliation: {}, ORCID: {})',
                    researcher.get_absolute_url(),
                    researcher.display_name,
                    researcher.works_count,
                    researcher.affiliation.name if researcher.affiliation_id else "none",
                    researcher.orcid or "none",
                ),
            ),
            (
                "Claimant",
                format_html(
                    "{} · {} · {}",
                    claim.user.get_username(),
                    claim.user.get_full_name() or "no full name",
                    claim.user.email or "no email",
                ),
            ),
            ("ORCID iD matches the record", _yes_no(ev.orcid_matches_record)),
            ("ORCID iD proven by sign-in", _yes_no(ev.orcid_proven)),
            ("Email domain", ev.email_domain or "—"),
            ("Email confirmed", _yes_no(ev.email_confirmed if claim.email else None)),
            (
                "Email domain vs affiliation",
                _yes_no(ev.email_matches_affiliation, "matches", "does not match"),
            ),
            ("Name similarity (0–1)", f"{ev.name_similarity:.2f}"),
            (
                "Record already owned by",
                str(researcher.claimed_by) if researcher.claimed_by_id else "nobody",
            ),
        ]
        return format_html_join(mark_safe("<br>"), "<strong>{}:</strong> {}", rows)

    def _decide(self, request, queryset, decide, label: str):
        """Intermediate page asking for a note, then `decide(claim, note)` for each claim."""
        form = ClaimDecisionForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for claim in queryset.select_related("researcher", "user"):
                try:
                    decide(claim, form.cleaned_data["note"])
                    done += 1
                except ClaimRefused as exc:
                    self.message_user(request, f"{claim}: {exc}", messages.WARNING)
            self.message_user(request, f"{label}: {done} claim(s).", messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"{label}: add a note",
            "claims": queryset.select_related("researcher", "user"),
            "form": form,
            "action": request.POST["action"],
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/profiles/claim/decide.html", context)

    @admin.action(description="Approve selected claims", permissions=["change"])
    def approve(self, request, queryset):
        return self._decide(
            request,
            queryset,
            lambda claim, note: claim_approve(claim=claim, curator=request.user, note=note),
            "Approved",
        )

    @admin.action(description="Reject selected claims", permissions=["change"])
    def reject(self, request, queryset):
        return self._decide(
            request,
            queryset,
            lambda claim, note: claim_reject(claim=claim, curator=request.user, note=note),
            "Rejected",
        )

    @admin.action(description="Ask for more evidence", permissions=["change"])
    def request_evidence(self, request, queryset):
        return self._decide(
            request,
            queryset,
            lambda claim, note: claim_request_evidence(
                claim=claim, curator=request.user, note=note
            ),
            "Asked for evidence",
        )


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
