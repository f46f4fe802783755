"""The form of a new spot-check draw."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.forms import Form

from .draw_models import DrawMethod
from .draw_services import MAX_SEED, draw_scopes


class DrawForm(Form):
    committee = forms.ModelChoiceField(label=_("Draw within"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2001)
    method = forms.ChoiceField(label=_("Sample size"), choices=DrawMethod.choices, initial=DrawMethod.COUNT)
    amount = forms.IntegerField(
        label=_("Number or percentage per town"),
        min_value=1,
        max_value=100,
        initial=2,
        help_text=_("Villages per town, or their percentage (rounded up); drawn in each town separately."),
    )
    exclude_years = forms.IntegerField(
        label=_("Leave out villages checked in the last years"),
        required=False,
        min_value=0,
        max_value=20,
        help_text=_(
            "Leave out villages with a look-back or spot check in the draw's year or this many years before it; "
            "blank: leave none out."
        ),
    )
    include_open = forms.BooleanField(
        label=_("Always include villages with open rectifications"), required=False, initial=True
    )
    seed = forms.IntegerField(
        label=_("Random seed"),
        required=False,
        min_value=0,
        max_value=MAX_SEED - 1,
        help_text=_("Blank: chosen at random. The same seed and parameters on the same villages draw the same."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = draw_scopes(user)
        self.fields["year"].initial = timezone.localdate().year
