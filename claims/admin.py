from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from bzpeer.errors import ApplicationError
from claims.models import Claim, ClaimEvent
from claims.selectors import claim_evidence
from claims.services import claim_approve, claim_reject, claim_request_evidence


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
                except ApplicationError as exc:
                    self.message_user(request, f"{claim}: {exc.message}", messages.WARNING)
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
        return TemplateResponse(request, "admin/claims/claim/decide.html", context)

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
