"""A town's survey workbook: the template download (`template.py`), and an upload → preview
(`plan.py`: reads only, what the file would change and every problem) → confirm (`apply.py`: the
writes, through services.submission_save, all or nothing). Callers use
`from surveys import imports` and `imports.<name>`; the package re-exports every name.
"""

from .apply import (
    UploadConflict,
    UploadRefused,
    upload_apply,
    upload_confirm,
)
from .plan import (
    BLOCKING_RULES,
    NOTED_RULES,
    Change,
    SheetPlan,
    UploadPlan,
    upload_plan,
)
from .template import (
    survey_template,
    template_filename,
    town_submissions,
)

__all__ = [
    "BLOCKING_RULES",
    "NOTED_RULES",
    "Change",
    "SheetPlan",
    "UploadConflict",
    "UploadPlan",
    "UploadRefused",
    "survey_template",
    "template_filename",
    "town_submissions",
    "upload_apply",
    "upload_confirm",
    "upload_plan",
]
