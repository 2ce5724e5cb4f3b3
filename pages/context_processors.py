from django.utils.functional import SimpleLazyObject

from accounts.models import Notification
from conversations.selectors import inbox_unread_count


def account_badges(request):
    """Unread counts for the navigation, queried only when a template shows them."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: Notification.objects.filter(user=user, read_at__isnull=True).count()
        ),
        "inbox_unread": SimpleLazyObject(lambda: inbox_unread_count(user=user)),
    }
