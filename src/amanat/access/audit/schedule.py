"""How often the trail is signed, so that verification can tell a checkpoint not
yet due from checkpoints that are gone.

A deployment that configures a verify key signs its trail: the running service
signs the latest entry once ``every`` entries follow the last checkpoint, looking
every 30 s (``amanat.service.checkpoints``).  An entry that made a checkpoint due
more than ``grace`` ago and is still unsigned means the checkpoints after it were
deleted — or that no signer holds the key, which the operator must then explain.
Only time since the entry fell due counts, never the length of the unsigned tail
alone: a busy service writes thousands of entries between two looks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from amanat.access.audit.chain import format_timestamp


@dataclass(frozen=True)
class SigningSchedule:
    """A checkpoint is due once ``every`` entries follow the last one, and is overdue
    ``grace`` after the entry that made it due was written, as seen at ``now``."""

    every: int
    grace: timedelta
    now: datetime

    def __post_init__(self) -> None:
        if isinstance(self.every, bool) or self.every < 1:
            raise ValueError(f"a signing schedule signs every 1 or more entries, not {self.every}")
        format_timestamp(self.now)  # refuses a naive time, which cannot be compared

    def overdue(self, due_at: datetime) -> bool:
        return due_at + self.grace < self.now

    def grace_words(self) -> str:
        """The grace as a reader would say it: "5 min", "90 s"."""
        seconds = self.grace.total_seconds()
        return f"{seconds / 60:g} min" if seconds % 60 == 0 else f"{seconds:g} s"
