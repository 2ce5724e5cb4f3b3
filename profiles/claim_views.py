"""Claiming a record, the claim's status page, owner editing and "not mine"."""

from django.http import Http404


def claim_create(request, slug: str):
    raise Http404


def claim_detail(request, pk: int):
    raise Http404


def claim_withdraw(request, pk: int):
    raise Http404


def claim_email_confirm(request, token: str):
    raise Http404


def researcher_edit(request, slug: str):
    raise Http404


def work_not_mine(request, slug: str, work_id: int):
    raise Http404
