"""Writes to the committee tree, roles, users, jobs and the registry. Each is one transaction.

Services raise django.core.exceptions.ValidationError with a message for the user; views
turn it into form errors. Permission checks belong to the caller (views ask scoping).
One module per noun; callers use `from committees import services` and `services.<name>`.
"""

from .history import (
    REASON_LENGTH,
)
from .jobs import (
    job_finish,
    job_progress,
    job_retry,
    job_start,
)
from .meetings import (
    MEETING_FIELDS,
    meeting_delete,
    meeting_save,
)
from .points import (
    points_award_settle,
    review_decide,
)
from .reference import (
    reference_save,
)
from .registry import (
    PERSON_FIELDS,
    POST_FIELDS,
    STATION_FIELDS,
    TEAM_FIELDS,
    VOLUNTEER_FIELDS,
    person_update,
    points_entry_create,
    post_create,
    post_end,
    post_update,
    station_create,
    station_update,
    team_create,
    team_update,
    volunteer_create,
    volunteer_exit,
    volunteer_update,
)
from .tree import (
    DETAIL_FIELDS,
    committee_close,
    committee_create,
    committee_delete,
    committee_move,
    committee_reopen,
    committee_update_details,
)
from .users import (
    User,
    password_generate,
    role_assign,
    role_end,
    user_create,
    user_reset_password,
    user_set_active,
    user_update,
)

__all__ = [
    "points_award_settle",
    "review_decide",
    "DETAIL_FIELDS",
    "MEETING_FIELDS",
    "meeting_delete",
    "meeting_save",
    "PERSON_FIELDS",
    "POST_FIELDS",
    "REASON_LENGTH",
    "STATION_FIELDS",
    "TEAM_FIELDS",
    "User",
    "VOLUNTEER_FIELDS",
    "committee_close",
    "committee_create",
    "committee_delete",
    "committee_move",
    "committee_reopen",
    "committee_update_details",
    "password_generate",
    "job_finish",
    "job_progress",
    "job_retry",
    "job_start",
    "person_update",
    "points_entry_create",
    "post_create",
    "post_end",
    "post_update",
    "reference_save",
    "role_assign",
    "role_end",
    "station_create",
    "station_update",
    "team_create",
    "team_update",
    "user_create",
    "user_reset_password",
    "user_set_active",
    "user_update",
    "volunteer_create",
    "volunteer_exit",
    "volunteer_update",
]
