"""The search box: what may be searched for, and a message for what may not."""

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from search.selectors import MAX_QUERY_LENGTH, search_words


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search forces, inspections, findings and recommendations"),
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "required": _("Enter a word or words to search for."),
            "max_length": _(
                "Search words must be %(limit_value)d characters or fewer; you entered "
                "%(show_value)d."
            ),
        },
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if any(unicodedata.category(c) in ("Cc", "Cf") for c in query):
            raise forms.ValidationError(
                _("Search words cannot contain control characters: type plain words."),
                code="control_characters",
            )
        if not search_words(query):
            raise forms.ValidationError(
                _(
                    "Enter a more specific word: words such as “the” or “of”, and punctuation "
                    "on its own, are too common to search for."
                ),
                code="no_words",
            )
        return query
