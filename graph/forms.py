"""Input validation for the explorer's query string (page and JSON share it)."""

from django import forms

from graph.explorer import KINDS, ExplorerParams

DEPTH_CHOICES = [(1, "1 (co-authors)"), (2, "2 (co-authors of co-authors)")]
SIZE_CHOICES = [("works", "works"), ("citations", "citations")]
KIND_LABELS = {
    "researcher": "People",
    "work": "Works",
    "topic": "Topics",
    "institution": "Institutions",
}


class ExplorerParamsForm(forms.Form):
    depth = forms.TypedChoiceField(choices=DEPTH_CHOICES, coerce=int, required=False)
    min_shared = forms.IntegerField(
        label="Minimum shared works", min_value=1, max_value=1000, required=False
    )
    kinds = forms.MultipleChoiceField(
        choices=[(k, KIND_LABELS[k]) for k in KINDS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    year_from = forms.IntegerField(label="From", min_value=1000, max_value=2999, required=False)
    year_to = forms.IntegerField(label="To", min_value=1000, max_value=2999, required=False)
    size = forms.ChoiceField(label="Node size by", choices=SIZE_CHOICES, required=False)

    # The query string says `from`/`to` (reserved words in Python): map them to the fields.
    ALIASES = {"from": "year_from", "to": "year_to"}

    @classmethod
    def from_query(cls, query) -> "ExplorerParamsForm":
        """Bind to a QueryDict. `kinds` may be repeated or comma-separated."""
        data = {}
        for key in query:
            name = cls.ALIASES.get(key, key)
            if name == "kinds":
                data["kinds"] = [k for v in query.getlist(key) for k in v.split(",") if k]
            elif name in cls.base_fields:
                data[name] = query.get(key)
        return cls(data)

    def clean(self):
        data = super().clean()
        year_from, year_to = data.get("year_from"), data.get("year_to")
        if year_from is not None and year_to is not None and year_from > year_to:
            self.add_error("year_to", "The end year must not be before the start year.")
        return data

    def params(self) -> ExplorerParams:
        data = self.cleaned_data
        kinds = tuple(k for k in KINDS if k in data.get("kinds", ())) or KINDS
        return ExplorerParams(
            depth=data.get("depth") or 1,
            min_shared=data.get("min_shared") or 1,
            kinds=kinds,
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
        )
