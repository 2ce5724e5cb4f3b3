from django import forms
from django.core.validators import URLValidator

from claims.selectors import is_free_mail
from profiles.orcid import orcid_normalise

MAX_LINKS = 5


class LinksField(forms.CharField):
    """Up to MAX_LINKS http(s) URLs, one per line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value) -> list[str]:
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        return list(dict.fromkeys(lines))

    def validate(self, value: list[str]) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(value) > MAX_LINKS:
            raise forms.ValidationError(f"At most {MAX_LINKS} links, one per line.")
        check = URLValidator(schemes=["http", "https"])
        for link in value:
            if len(link) > 500:
                raise forms.ValidationError("A link is longer than 500 characters.")
            try:
                check(link)
            except forms.ValidationError as exc:
                raise forms.ValidationError(
                    f"“{link[:80]}” is not a web address (http:// or https://)."
                ) from exc

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value


class OrcidField(forms.CharField):
    def clean(self, value) -> str:
        value = super().clean(value)
        if not value:
            return ""
        orcid = orcid_normalise(value)
        if orcid is None:
            raise forms.ValidationError(
                "This is not a valid ORCID iD: it should look like 0000-0002-1825-0097, "
                "and its last character is a check digit that does not match."
            )
        return orcid


class ClaimForm(forms.Form):
    orcid = OrcidField(
        label="ORCID iD",
        required=False,
        max_length=60,
        help_text="Typed iDs are supporting evidence; sign in with ORCID to prove one.",
    )
    email = forms.EmailField(
        label="Institutional email",
        required=False,
        help_text="We send a confirmation link to it. Use your university or lab address.",
    )
    links = LinksField(
        required=False, help_text="Pages that show this is you (one per line, at most 5)."
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Anything that helps a curator decide.",
    )

    def __init__(self, *args, require_evidence: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.require_evidence = require_evidence

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email and is_free_mail(email):
            raise forms.ValidationError(
                "Use an institutional address: a personal webmail address proves nothing "
                "about this record."
            )
        return email

    def clean(self):
        data = super().clean()
        if (
            self.require_evidence
            and not self.errors
            and not any(data.get(f) for f in ("orcid", "email", "links"))
        ):
            raise forms.ValidationError(
                "Give at least one piece of evidence: an ORCID iD, an institutional email "
                "or a link."
            )
        return data


class ResearcherEditForm(forms.Form):
    display_name = forms.CharField(
        max_length=300,
        help_text="How your name is shown. Earlier names stay private; the works already on "
        "your record stay.",
    )
    headline = forms.CharField(
        max_length=300, required=False, help_text="One line about your research."
    )
    affiliation_name = forms.CharField(
        label="Affiliation", max_length=300, required=False, help_text="Your current institution."
    )
    open_to_collaborate = forms.BooleanField(required=False)
    links = LinksField(required=False, help_text="Homepage, Google Scholar, GitHub… (at most 5).")

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Your name cannot be empty.")
        return name

    def clean_headline(self) -> str:
        return " ".join(self.cleaned_data["headline"].split())
