from django import forms

from works.models import WorkType
from works.selectors import DEFAULT_SORT, WORK_SORTS


class WorkListParams(forms.Form):
    """Query parameters of a works list. Bad values are dropped, never an error page."""

    sort = forms.ChoiceField(
        choices=[("newest", "Newest"), ("cited", "Most cited"), ("title", "Title")], required=False
    )
    year = forms.IntegerField(min_value=1000, max_value=3000, required=False)
    type = forms.ChoiceField(choices=[("", "All types"), *WorkType.choices], required=False)

    def values(self) -> dict:
        """Cleaned values, each invalid field replaced by its default."""
        self.is_valid()
        data = self.cleaned_data
        sort = data.get("sort") or DEFAULT_SORT
        return {
            "sort": sort if sort in WORK_SORTS else DEFAULT_SORT,
            "year": data.get("year"),
            "work_type": data.get("type") or None,
        }
