"""Background work on a page: its stage and its failure in the reader's words (work_labels)."""

from django import template

from committees import work_labels

register = template.Library()


@register.filter
def stage_label(stage: str) -> str:
    return work_labels.stage_label(stage or "")


@register.filter
def failure_message(error: str) -> str:
    return work_labels.failure_message(error or "")
