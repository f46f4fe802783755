"""The spot-check draw (抽查), pure: (frame, parameters, seed) → picks. No model is imported: the
service (evaluations.draw_services) builds the frame from the database and stores the draw; this
module only decides, so that a stored draw can be drawn again from what it stored.

How a draw is made, stably:
- The frame is a list of candidate villages, each a mapping with at least "id", "town_code" and
  "open" (whether it has an open rectification), in a stable order (the service sorts it by the
  tree's path: town by town, village by village). Its towns are taken in the order they first
  appear in it.
- Each town is drawn on its own (stratified by town): its size is `amount` villages (method
  "count") or ceil(amount% of its candidates) (method "share"), never more than it has.
- With `include_open`, its villages with an open rectification are picked first, whatever the
  size (they count towards it); the rest of the size is drawn from its other villages.
- The town's random numbers come from random.Random(f"{seed}:{town_code}") — a str seed hashes
  the same on every machine and Python version 3.2 and later (random.seed version 2) — and the
  town's other villages, in frame order, go to its .sample(). A town's draw thus depends only on
  the seed, its code and its own candidates: another town's change leaves it alone.
- The picks are returned in frame order.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

COUNT = "count"
SHARE = "share"


@dataclass(frozen=True)
class Parameters:
    method: str  # COUNT or SHARE
    amount: int  # villages per town (COUNT) or a percentage of them (SHARE)
    include_open: bool = True


def town_size(candidates: int, parameters: Parameters) -> int:
    """How many of a town's `candidates` villages are picked."""
    if parameters.method == SHARE:
        wanted = math.ceil(candidates * parameters.amount / 100)
    elif parameters.method == COUNT:
        wanted = parameters.amount
    else:
        raise ValueError(parameters.method)
    return min(max(wanted, 0), candidates)


def by_town(frame: Sequence[Mapping]) -> dict[str, list[Mapping]]:
    """The frame's villages grouped by town code, towns and villages in frame order."""
    towns: dict[str, list[Mapping]] = {}
    for entry in frame:
        towns.setdefault(str(entry["town_code"]), []).append(entry)
    return towns


def draw(frame: Sequence[Mapping], parameters: Parameters, seed: int) -> list[int]:
    """The ids of the villages picked from `frame`, in frame order."""
    picked: set[int] = set()
    for town_code, villages in by_town(frame).items():
        size = town_size(len(villages), parameters)
        forced = [v for v in villages if parameters.include_open and v.get("open")]
        others = [v for v in villages if not (parameters.include_open and v.get("open"))]
        rng = random.Random(f"{seed}:{town_code}")
        chosen = rng.sample(others, max(size - len(forced), 0))
        picked.update(v["id"] for v in (*forced, *chosen))
    return [entry["id"] for entry in frame if entry["id"] in picked]
