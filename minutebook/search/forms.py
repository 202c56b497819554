"""The search page's parameters, read from the address in one place.

Anyone can type any address: a value out of range or not a number is
dropped (the search runs without that filter), never passed to the database.
"""

from __future__ import annotations

import datetime

from django import forms

from .models import SearchEntry

PER_PAGE = 20
MAX_PAGE = 500  # 10,000 results deep: past the ranked window, and past any reader


class SearchForm(forms.Form):
    q = forms.CharField(required=False)
    body = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    year = forms.IntegerField(required=False, min_value=datetime.MINYEAR, max_value=datetime.MAXYEAR - 1)
    type = forms.ChoiceField(required=False, choices=SearchEntry.Kind.choices)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)
    person = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def parameters(self) -> dict:
        """The valid values, None for any missing or invalid."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "query": (data.get("q") or "").strip(),
            "body": data.get("body"),
            "year": data.get("year"),
            "kind": data.get("type") or None,
            "page": data.get("page") or 1,
            "person": data.get("person"),
        }
