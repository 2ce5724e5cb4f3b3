"""Direct collaboration views: invite, inbox, conversation, accept/decline, message, block.

(Skeleton: helper replaces every function below with the real view.)
"""

from django.http import Http404


def invite(request, slug: str):
    raise Http404


def inbox(request):
    raise Http404


def conversation_detail(request, pk: int):
    raise Http404


def conversation_answer(request, pk: int):
    raise Http404


def message_send(request, pk: int):
    raise Http404


def conversation_block(request, pk: int):
    raise Http404
