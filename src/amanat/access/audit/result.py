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
    # Signed by a key outside its recorded period: a retired key used after its retirement.
    CHECKPOINT_KEY_RETIRED = "checkpoint_key_retired"
    CHECKPOINT_MISMATCH = "checkpoint_mismatch"  # signed hash differs: tail rewritten
    CHECKPOINT_OUT_OF_ORDER = "checkpoint_out_of_order"  # or a checkpoint copied
    CHECKPOINT_MISSING = "checkpoint_missing"  # a gap in the checkpoints' numbers: deleted
    TRUNCATED = "truncated"  # a valid checkpoint names an entry beyond the last one
    # A checkpoint fell due long ago and none is there: the newest were deleted
    # (with the entries after them), or no signer holds the key.
    CHECKPOINT_OVERDUE = "checkpoint_overdue"


@dataclass(frozen=True)
class VerifyResult:
    """``ok``, or ``broken_seq`` and ``reason`` of the first break; ``message`` says it in words."""

    ok: bool
    message: str
    entries_checked: int
    last_seq: int | None
    last_checkpoint_seq: int | None
    # Entries after the last checkpoint: chained, but a writer who re-hashes or cuts
    # them is caught only once the next checkpoint is signed.  Not an error until a
    # checkpoint is overdue (``CHECKPOINT_OVERDUE``); a warning under a schedule.
    unsigned_tail: int
    broken_seq: int | None = None
    reason: BreakReason | None = None
    # What an intact trail still cannot show (the unsigned tail), in words.
    warnings: tuple[str, ...] = ()
