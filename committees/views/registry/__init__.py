"""Pages of the registry: people, five-old volunteers, teams and tutoring stations.

Every row is reached through its committee: a person through the posts and volunteer
memberships the reader may see. Writes need EDIT_REGISTRY on the committee involved; a
person's own details (and their phone and ID number in full) are for whoever may write every
committee where the person serves (scoping.may_change_person).

One module per noun (people with their posts, volunteers, teams, stations); the URLs name the
views through this package.
"""

from .people import (
    person_detail,
    person_edit,
    person_export,
    person_list,
    post_create,
    post_edit,
    post_end,
)
from .stations import (
    station_create,
    station_detail,
    station_edit,
    station_export,
    station_list,
)
from .teams import (
    MEMBER_RESULTS,
    team_create,
    team_detail,
    team_edit,
    team_export,
    team_list,
    team_member_search,
)
from .volunteers import (
    points_entry_create,
    volunteer_create,
    volunteer_edit,
    volunteer_exit,
    volunteer_export,
    volunteer_list,
)

__all__ = [
    "MEMBER_RESULTS",
    "person_detail",
    "person_edit",
    "person_export",
    "person_list",
    "points_entry_create",
    "post_create",
    "post_edit",
    "post_end",
    "station_create",
    "station_detail",
    "station_edit",
    "station_export",
    "station_list",
    "team_create",
    "team_detail",
    "team_edit",
    "team_export",
    "team_list",
    "team_member_search",
    "volunteer_create",
    "volunteer_edit",
    "volunteer_exit",
    "volunteer_export",
    "volunteer_list",
]
