from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Notification
from profiles.models import Claim, Researcher


@require_GET
@login_required
def account_home(request):
    user = request.user
    context = {
        "owned": Researcher.objects.filter(claimed_by=user).first(),
        "claims": Claim.objects.filter(user=user).select_related("researcher"),
        "notifications": Notification.objects.filter(user=user)[:20],
    }
    return render(request, "accounts/home.html", context)


@require_POST
@login_required
def notifications_read(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("accounts:home")
