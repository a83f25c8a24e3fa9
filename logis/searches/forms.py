from django import forms

from logis.core.forms import StyledFormMixin
from logis.searches.models import SavedSearch
from logis.searches.services import NAME_MAX

ELIGIBLE_CHOICES = [
    ("1", "Uniquement les offres auxquelles je peux postuler"),
    ("0", "Toutes les offres de la recherche, même celles auxquelles je ne peux pas postuler"),
]


class SearchForm(StyledFormMixin, forms.Form):
    """Save the filters of Mes offres (`query`, the list's address) under a name, with the choice of alerts."""

    name = forms.CharField(
        label="Nom de la recherche",
        max_length=NAME_MAX,
        help_text="Par exemple : « T3 près du travail ».",
        error_messages={"required": "Donnez un nom à cette recherche, par exemple « T3 près du travail »."},
    )
    frequency = forms.ChoiceField(
        label="Alertes par e-mail",
        choices=SavedSearch.Frequency.choices,
        initial=SavedSearch.Frequency.DAILY,
        error_messages={"invalid_choice": "Choisissez la fréquence des alertes dans la liste."},
    )
    eligible = forms.ChoiceField(
        label="Offres signalées",
        choices=ELIGIBLE_CHOICES,
        initial="1",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": "Choisissez quelles offres vous signaler."},
    )


class SaveSearchForm(SearchForm):
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args, prefix_id: str = "save-search", **kwargs):
        super().__init__(*args, auto_id=f"{prefix_id}-%s", **kwargs)
