"""Input validation for invitations and messages; the rules live in conversations.services."""

from django import forms

from conversations.models import Conversation
from profiles.models import Researcher
from works.models import Work

SUBJECT_MAX = Conversation._meta.get_field("subject").max_length
BODY_MAX = 5000


class InvitationForm(forms.Form):
    subject = forms.CharField(max_length=SUBJECT_MAX, strip=True)
    body = forms.CharField(
        label="Message",
        max_length=BODY_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Say who you are, what you have in mind and why this researcher.",
    )
    work = forms.ModelChoiceField(
        queryset=Work.objects.none(),
        required=False,
        label="About one of their works (optional)",
        empty_label="No particular work",
    )

    def __init__(self, *args, researcher: Researcher, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this researcher's own, visible works can be chosen; any other id is invalid.
        self.fields["work"].queryset = (
            Work.objects.visible()
            .filter(authorships__researcher=researcher, authorships__rejected_at__isnull=True)
            .order_by("-year", "-month", "-day", "id")
            .only("id", "title", "year")
        )
        self.fields["work"].label_from_instance = lambda w: f"{w.title} ({w.year})"


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Message",
        max_length=BODY_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("decline", "Decline")])
