"""The roles of the shared fixture set and what each may read: one table for every matrix."""

ROLES = ["admin", "staff", "dg_secretary", "eh_secretary", "viewer", "dg_viewer"]
OBJECTS = ["district", "dg", "dg_v1", "eh_v1"]
READS = {
    "admin": {"district", "dg", "dg_v1", "eh_v1"},
    "staff": {"district", "dg", "dg_v1", "eh_v1"},
    "dg_secretary": {"dg", "dg_v1"},
    "eh_secretary": {"eh_v1"},
    "viewer": {"district", "dg", "dg_v1", "eh_v1"},
    "dg_viewer": {"dg", "dg_v1"},
}

# The two towns' objects (东港镇, 鹅湖镇) and which of them each role reads.
TOWNS = ["dg", "eh"]
TOWN_READS = {
    "admin": {"dg", "eh"},
    "staff": {"dg", "eh"},
    "dg_secretary": {"dg"},
    "eh_secretary": {"eh"},
    "viewer": {"dg", "eh"},
    "dg_viewer": {"dg"},
}


def town_status(role: str, town: str, ok: int, writes: dict[str, set[str]] | None = None) -> int:
    """What a role gets on a page of a town's object: 404 where it does not read the town; on a
    write (`writes`: the towns each role may write), 403 where it reads but may not write."""
    if town not in TOWN_READS[role]:
        return 404
    if writes is not None and town not in writes.get(role, set()):
        return 403
    return ok
