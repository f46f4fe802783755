"""Writes of evaluations: the standards' versions (`standards.py`) and each committee's reviews and
rectifications (`reviews.py`). Other apps import from here."""

from .reviews import DEFAULT_RECTIFICATION_DAYS, record_review, rectification_done
from .standards import ITEM_FIELDS, standard_copy, standard_create, standard_update

__all__ = [
    "DEFAULT_RECTIFICATION_DAYS",
    "ITEM_FIELDS",
    "record_review",
    "rectification_done",
    "standard_copy",
    "standard_create",
    "standard_update",
]
