"""The scorers of the assessment's computed items: an app above evaluations (surveys, which may
read funding and the rounds) registers a function per key from its AppConfig.ready(), as
committees/reference.py is filled, so that evaluations imports none of them.

A scorer takes (scheme, towns) — the scheme and the assessed committees — and answers, for each
committee's pk, the share of the item's points earned (a Decimal from 0 to 1) and the evidence
in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Scorer:
    key: str
    label: str
    fn: Callable[..., dict[int, tuple[Decimal, str]]]


SCORERS: dict[str, Scorer] = {}


def register(key: str, label, fn) -> None:
    SCORERS[key] = Scorer(key, label, fn)


def get(key: str) -> Scorer | None:
    return SCORERS.get(key)


def choices() -> list[tuple[str, str]]:
    return [(s.key, s.label) for s in sorted(SCORERS.values(), key=lambda s: s.key)]
