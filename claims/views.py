"""Claiming a record, the claim's status page, owner editing and "not mine"."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.ratelimit import rate_limited
from bzpeer.errors import ApplicationError
from claims import services as claims
from claims.forms import ClaimForm, ResearcherEditForm
from claims.models import Claim
from claims.selectors import orcid_proven_for
from profiles.selectors import researcher_get
from profiles.services import researcher_profile_update
from works.selectors import work_list_for_researcher
from works.services import authorship_reject_by_owner

WORKS_PER_PAGE = 20


def _claim_of(request, pk: int) -> Claim:
    """The claimant's own claim; anyone else gets a 404 (curators use admin)."""
    return get_object_or_404(
        Claim.objects.select_related("researcher", "decided_by"), pk=pk, user=request.user
    )


def _owned_record(request, slug: str):
    researcher = researcher_get(slug=slug)
    if researcher.claimed_by_id != request.user.pk:
        raise Http404("Only the owner of this record can do that.")
    return researcher


def _send_confirmation(request, claim: Claim) -> None:
    try:
        claims.email_confirmation_send(claim=claim, request=request)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.info(request, f"We sent a confirmation link to {claim.email}.")


@require_http_methods(["GET", "POST"])
@login_required
@rate_limited("claim")
def claim_create(request, slug: str):
    researcher = researcher_get(slug=slug)
    proven = orcid_proven_for(request.user)
    form = ClaimForm(request.POST or None, initial={"orcid": proven or ""})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                claim = claims.claim_submit(
                    user=request.user, researcher=researcher, **form.cleaned_data
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                if claim.email:
                    _send_confirmation(request, claim)
                messages.success(
                    request,
                    "Your claim is filed. A curator will review it; "
                    "this page shows where it stands.",
                )
                return redirect("claims:claim_detail", pk=claim.pk)
        status = 400
    context = {
        "researcher": researcher,
        "form": form,
        "orcid_proven": proven,
        "orcid_sign_in": bool(settings.ORCID_CLIENT_ID),
    }
    return render(request, "claims/claim_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@rate_limited("claim")
def claim_detail(request, pk: int):
    """The claimant's view: status, history with curators' notes, and more evidence."""
    claim = _claim_of(request, pk)
    form = ClaimForm(request.POST or None, require_evidence=False) if claim.is_open else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise Http404("This claim is closed.")
        if form.is_valid():
            email_before = claim.email
            claims.claim_evidence_add(claim=claim, user=request.user, **form.cleaned_data)
            if claim.email and claim.email != email_before:
                _send_confirmation(request, claim)
            messages.success(request, "Thank you: the evidence is added to your claim.")
            return redirect("claims:claim_detail", pk=claim.pk)
        status = 400
    context = {
        "claim": claim,
        "events": claim.events.select_related("actor"),
        "form": form,
    }
    return render(request, "claims/claim_detail.html", context, status=status)


@require_POST
@login_required
def claim_withdraw(request, pk: int):
    claim = _claim_of(request, pk)
    try:
        claims.claim_withdraw(claim=claim, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Your claim is withdrawn.")
    return redirect("claims:claim_detail", pk=claim.pk)


@require_POST
@login_required
@rate_limited("claim_email")
def claim_email_resend(request, pk: int):
    _send_confirmation(request, _claim_of(request, pk))
    return redirect("claims:claim_detail", pk=pk)


@require_http_methods(["GET", "POST"])
def claim_email_confirm(request, token: str):
    """GET shows a button and POST confirms, so mail scanners that open links confirm nothing."""
    try:
        if request.method == "POST":
            claim = claims.email_confirm(token=token)
            return render(request, "claims/email_confirmed.html", {"claim": claim})
        claims.email_confirm_check(token=token)
    except ApplicationError as exc:
        return render(request, "claims/email_confirm.html", {"error": exc.message}, status=400)
    return render(request, "claims/email_confirm.html", {"token": token})


@require_http_methods(["GET", "POST"])
@login_required
@rate_limited("profile_edit")
def researcher_edit(request, slug: str):
    researcher = _owned_record(request, slug)
    initial = {
        "display_name": researcher.display_name,
        "headline": researcher.headline,
        "affiliation_name": researcher.affiliation.name if researcher.affiliation_id else "",
        "open_to_collaborate": researcher.open_to_collaborate,
        "links": researcher.links,
    }
    form = ResearcherEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            researcher_profile_update(researcher=researcher, user=request.user, **form.cleaned_data)
            messages.success(request, "Your profile is updated.")
            return redirect(researcher.get_absolute_url())
        status = 400
    works = Paginator(work_list_for_researcher(researcher=researcher), WORKS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {"researcher": researcher, "form": form, "page": works}
    return render(request, "claims/researcher_edit.html", context, status=status)


@require_POST
@login_required
@rate_limited("not_mine")
def work_not_mine(request, slug: str, work_id: int):
    researcher = _owned_record(request, slug)
    try:
        authorship_reject_by_owner(researcher=researcher, work_id=work_id, user=request.user)
    except ApplicationError as exc:
        raise Http404(exc.message) from exc
    if request.htmx:
        return render(request, "claims/not_mine_done.html", {"researcher": researcher})
    messages.success(request, "Removed from your record. Curators will see your note.")
    return redirect("claims:researcher_edit", slug=slug)
