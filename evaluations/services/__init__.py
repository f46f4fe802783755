"""Writes of evaluations: the standards' versions (`standards.py`), each committee's reviews and
rectifications (`reviews.py`), the annual assessment (`evaluations/assessment.py`) and the registry
of its computed items' scorers (`evaluations/scorers.py`). Other apps import from here."""

from ..assessment import compute, reward_confirm, scheme_copy, scheme_rows_save, score_set
from ..scorers import register as register_scorer
from .reviews import DEFAULT_RECTIFICATION_DAYS, record_review, rectification_done
from .standards import ITEM_FIELDS, standard_copy, standard_create, standard_update

__all__ = [
    "DEFAULT_RECTIFICATION_DAYS",
    "ITEM_FIELDS",
    "compute",
    "register_scorer",
    "reward_confirm",
    "scheme_copy",
    "scheme_rows_save",
    "score_set",
    "record_review",
    "rectification_done",
    "standard_copy",
    "standard_create",
    "standard_update",
]
