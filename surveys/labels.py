"""The Chinese labels of the surveys app's enumerations that the report and the files show.

A form's own enumerations (五有五好 creation batch, look-back result, …) live in surveys.spec;
the registry's in committees.labels. Built when first read: translations are not ready while
the apps load.
"""

from __future__ import annotations

from committees.labels import LazyMapping, chinese

from .models import State

# A form's state as the report names it; "missing" is a form no one has started.
MISSING = "missing"
STATE_LABELS = LazyMapping(lambda: {MISSING: "未填报", **{state.value: chinese(state.label) for state in State}})
