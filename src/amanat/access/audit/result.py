"""The outcome of verifying an audit chain: ok, or the first broken entry and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BreakReason(StrEnum):
    HASH_MISMATCH = "hash_mismatch"  # contents no longer give the stored hash: edited
    SEQ_GAP = "seq_gap"  # a seq is missing: deleted
    SEQ_DUPLICATE = "seq_duplicate"  # a seq appears twice: inserted
    SEQ_OUT_OF_ORDER = "seq_out_of_order"  # seqs out of order: reordered
    INSERTED = "inserted"  # the next entry links past this one: inserted and renumbered
    PREV_HASH_MISMATCH = "prev_hash_mismatch"  # does not link to the entry before it
    MALFORMED = "malformed"  # cannot be hashed at all (a naive timestamp, a float)
    CHECKPOINT_SIGNATURE = "checkpoint_signature"  # forged, or signed by an unknown key
    CHECKPOINT_MISMATCH = "checkpoint_mismatch"  # signed hash differs: tail rewritten
    CHECKPOINT_OUT_OF_ORDER = "checkpoint_out_of_order"
    TRUNCATED = "truncated"  # a valid checkpoint names an entry beyond the last one


@dataclass(frozen=True)
class VerifyResult:
    """``ok``, or ``broken_seq`` and ``reason`` of the first break; ``message`` says it in words."""

    ok: bool
    message: str
    entries_checked: int
    last_seq: int | None
    last_checkpoint_seq: int | None
    # Entries after the last checkpoint: chained, but a writer who re-hashes all of
    # them is caught only once the next checkpoint is signed.  Not an error.
    unsigned_tail: int
    broken_seq: int | None = None
    reason: BreakReason | None = None
