"""The 五有五好 pages: recording a review and a committee's review history (reviews.py), the
rectifications list, a rectification and its report of done (rectifications.py), the panel
on a committee's page (panel.py), and the standard's versions (standards.py). Every committee is reached through committees.scoping: reading
needs VIEW, recording a review check_evaluate (a committee is evaluated from above), reporting a
rectification done EVALUATE on its committee."""

from .rectifications import rectification_detail, rectification_done, rectification_list
from .reviews import review_create, review_history
from .standards import standard_copy, standard_create, standard_detail, standard_edit, standard_list

__all__ = [
    "rectification_detail",
    "rectification_done",
    "rectification_list",
    "review_create",
    "review_history",
    "standard_copy",
    "standard_create",
    "standard_detail",
    "standard_edit",
    "standard_list",
]
