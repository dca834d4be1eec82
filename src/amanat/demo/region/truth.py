"""The ground truth: which records are the same person, group, vehicle or phone.

Written to a file beside the register, never into it, so that resolution can be
evaluated against it later.
"""

from __future__ import annotations

from typing import Protocol


class Truth(Protocol):
    """Where answer-key rows go (the population layer's ``GroundTruthWriter``)."""

    def write(self, record_kind: str, record_id: int, identity_id: int, style: str) -> None: ...
