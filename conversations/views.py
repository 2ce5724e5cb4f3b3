"""Direct collaboration views: invite, inbox, conversation, accept/decline, message, block.

Parse → selector/service (conversations.services) → render. A conversation exists only for its
two participants: every other request for it is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget

from accounts.ratelimit import rate_limited
from bzpeer.errors import ApplicationError
from conversations import selectors
from conversations import services as collaboration
from conversations.forms import AnswerForm, InvitationForm, MessageForm
from conversations.models import Conversation
from profiles.models import Researcher

INBOX_PER_PAGE = 30
FORM_ERROR_STATUS = 422  # base.html tells htmx to swap 422 answers like successes


@require_http_methods(["GET", "POST"])
@login_required
@rate_limited("invite")
def invite(request, slug: str):
    researcher = get_object_or_404(Researcher.objects.select_related("claimed_by"), slug=slug)
    section = selectors.collaboration_section_context(request, researcher)["collab"]
    form = InvitationForm(request.POST if request.method == "POST" else None, researcher=researcher)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                conversation = collaboration.invitation_send(
                    sender=request.user,
                    researcher=researcher,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    work=form.cleaned_data["work"],
                )
            except ApplicationError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(
                    request,
                    f"Invitation sent to {researcher.display_name}. "
                    "You will hear back here and by email.",
                )
                return redirect("conversations:conversation", pk=conversation.pk)
        status = FORM_ERROR_STATUS
    context = {"researcher": researcher, "collab": section, "form": form}
    return render(request, "conversations/invite.html", context, status=status)


@require_GET
@login_required
def inbox(request):
    page = Paginator(selectors.inbox_for(user=request.user), INBOX_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "conversations/inbox.html", {"page": page})


def _conversation_context(request, conversation: Conversation, *, form=None) -> dict:
    user = request.user
    other = conversation.owner if user.pk == conversation.initiator_id else conversation.initiator
    blocks = selectors.conversation_blocks(conversation=conversation, user=user)
    can_write = conversation.status == Conversation.Status.ACCEPTED and not any(blocks.values())
    return {
        "conversation": conversation,
        "conversation_messages": selectors.conversation_messages(conversation=conversation),
        "other": other,
        "is_owner": user.pk == conversation.owner_id,
        "can_answer": user.pk == conversation.owner_id
        and conversation.status == Conversation.Status.INVITED,
        "can_write": can_write,
        "form": form if form is not None else (MessageForm() if can_write else None),
        **blocks,
    }


@require_GET
@login_required
def conversation_detail(request, pk: int):
    conversation = selectors.conversation_for_participant(pk=pk, user=request.user)
    collaboration.conversation_mark_read(conversation=conversation, user=request.user)
    context = _conversation_context(request, conversation)
    return render(request, "conversations/conversation.html", context)


@require_POST
@login_required
@rate_limited("message")
def conversation_answer(request, pk: int):
    conversation = selectors.conversation_for_participant(pk=pk, user=request.user)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("Answer with accept or decline.")
    accept = form.cleaned_data["decision"] == "accept"
    try:
        collaboration.invitation_answer(conversation=conversation, user=request.user, accept=accept)
    except ApplicationError as refused:
        messages.error(request, refused.message)
    else:
        if accept:
            messages.success(request, "Invitation accepted: you can now write to each other.")
        else:
            messages.info(request, "Invitation declined.")
    return redirect("conversations:conversation", pk=conversation.pk)


@require_POST
@login_required
@rate_limited("message")
def message_send(request, pk: int):
    conversation = selectors.conversation_for_participant(pk=pk, user=request.user)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message = collaboration.message_send(
                conversation=conversation, sender=request.user, body=form.cleaned_data["body"]
            )
        except ApplicationError as refused:
            form.add_error(None, refused.message)
        else:
            if request.htmx:
                context = {"m": message, "user": request.user}
                return render(request, "conversations/conversation.html#message", context)
            return redirect(f"{conversation_url(conversation)}#message-{message.pk}")
    context = _conversation_context(request, conversation, form=form)
    if request.htmx:
        response = render(
            request,
            "conversations/conversation.html#message-form",
            context,
            status=FORM_ERROR_STATUS,
        )
        return reswap(retarget(response, "#message-form"), "outerHTML")
    return render(request, "conversations/conversation.html", context, status=FORM_ERROR_STATUS)


def conversation_url(conversation: Conversation) -> str:
    return selectors.conversation_url(conversation)


@require_POST
@login_required
@rate_limited("block")
def conversation_block(request, pk: int):
    conversation = selectors.conversation_for_participant(pk=pk, user=request.user)
    other = (
        conversation.owner
        if request.user.pk == conversation.initiator_id
        else conversation.initiator
    )
    collaboration.user_block(blocker=request.user, blocked=other)
    messages.success(
        request,
        f"You blocked {selectors.user_display_name(other)}. "
        "They can no longer send you invitations or messages.",
    )
    return redirect("conversations:conversation", pk=conversation.pk)
