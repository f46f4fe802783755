"""Synthetic five-olds for `load_synthetic`: so many a village, one in BACKBONE_EVERY of them in the
backbone, the others participants, invented deterministically from a seed and written in bulk
with their history, a chunk of villages at a time (a province's 500,000 people never sit in
memory at once)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from simple_history.utils import bulk_create_with_history

from ..models import Committee, Gender, Layer, Person, Volunteer
from .people import CATEGORY_WEIGHTS, FORMER_POSTS, GIVEN_FEMALE, GIVEN_MALE, SURNAMES

BACKBONE_EVERY = 10  # the demo's 368 backbone among 3,818 five-olds: about one in ten
CHUNK_PEOPLE = 20_000
BATCH_SIZE = 2_000


def _person(rng: random.Random, code: str) -> Person:
    cats, weights = zip(*CATEGORY_WEIGHTS, strict=True)
    category = rng.choices(cats, weights)[0]
    gender = rng.choice((Gender.MALE, Gender.MALE, Gender.FEMALE))
    given = GIVEN_MALE if gender == Gender.MALE else GIVEN_FEMALE
    return Person(
        code=code,
        name=rng.choice(SURNAMES) + "".join(rng.choice(given) for _ in range(rng.choice((1, 2, 2)))),
        gender=gender,
        birth_year=rng.randint(1940, 1966),
        phone=f"139{rng.randrange(10**8):08d}",
        former_post=rng.choice(FORMER_POSTS[category]),
        is_five_old=True,
        five_old_category=category,
    )


def _chunks(villages: Sequence[Committee], per_village: int):
    size = max(1, CHUNK_PEOPLE // max(per_village, 1))
    for start in range(0, len(villages), size):
        yield villages[start : start + size]


def synthetic_five_olds_load(
    *, villages: Sequence[Committee], per_village: int, seed: int, code_prefix: str, actor, reason: str
) -> int:
    """Create `per_village` five-olds in each village (people and their memberships); return how many."""
    rng = random.Random(f"five-olds-{seed}")
    history = {"default_user": actor, "default_change_reason": reason, "batch_size": BATCH_SIZE}
    made = 0
    for chunk in _chunks(villages, per_village):
        people: list[Person] = []
        places: list[tuple[Committee, str]] = []
        for village in chunk:
            for i in range(per_village):
                people.append(_person(rng, f"{code_prefix}{made + len(people) + 1:07d}"))
                places.append((village, Layer.BACKBONE if i % BACKBONE_EVERY == 0 else Layer.PARTICIPANT))
        people = bulk_create_with_history(people, Person, **history)
        members = [
            Volunteer(
                person=person,
                committee=village,
                layer=layer,
                joined_on=datetime.date(rng.randint(2008, 2022), rng.randint(1, 12), rng.randint(1, 28)),
            )
            for person, (village, layer) in zip(people, places, strict=True)
        ]
        bulk_create_with_history(members, Volunteer, **history)
        made += len(people)
    return made
