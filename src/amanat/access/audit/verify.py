"""Verifying an audit chain and its checkpoints in one streaming pass.

Entries must come in ascending ``seq`` order (as ``ORDER BY seq`` gives them), and
checkpoints likewise.  Only the last two entry hashes and one entry of look-ahead are
kept, so memory stays flat over millions of entries.  The pass stops at the first
break and names that entry's seq and the reason.

Checks per entry, in this order, so the most telling reason is the one reported:
seq continuity (deleted, inserted, reordered), the link to the previous entry,
the entry's own hash (edited), then any checkpoint signed for it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Generic, TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from amanat.access.audit.chain import GENESIS_HASH, AuditEntry, compute_hash, format_timestamp
from amanat.access.audit.checkpoint import Checkpoint, verify_checkpoint
from amanat.access.audit.result import BreakReason, VerifyResult
from amanat.access.audit.signing_key import public_key_id

T = TypeVar("T")


class _Lookahead(Generic[T]):
    """An iterator that shows its next item without taking it."""

    def __init__(self, items: Iterable[T]) -> None:
        self._items = iter(items)
        self.next: T | None = next(self._items, None)

    def take(self) -> T | None:
        item = self.next
        if item is not None:
            self.next = next(self._items, None)
        return item


def verify_chain(
    entries: Iterable[AuditEntry],
    checkpoints: Iterable[Checkpoint],
    public_key: Ed25519PublicKey | Collection[Ed25519PublicKey],
    *,
    after: Checkpoint | None = None,
) -> VerifyResult:
    """Check every entry and checkpoint; return ok, or the first break.

    ``public_key`` may be several keys (after a rotation); each checkpoint names the
    key that signed it.  With ``after``, a checkpoint already trusted, the entries must
    start at the one following it: an incremental check of a long trail.
    """
    keys = [public_key] if isinstance(public_key, Ed25519PublicKey) else list(public_key)
    state = _Pass({public_key_id(key): key for key in keys}, _Lookahead(checkpoints))
    if after is not None:
        if (problem := state.check_signature(after)) is not None:
            return problem
        state.start_after(after)
    stream = _Lookahead(entries)
    while (entry := stream.take()) is not None:
        problem = (
            state.check_seq(entry, stream.next)
            or state.check_link(entry)
            or state.check_hash(entry)
            or state.accept(entry)
        )
        if problem is not None:
            return problem
    return state.finish()


class _Pass:
    """What the pass remembers: the position, two hashes, the last checkpoint."""

    def __init__(self, keys: dict[str, Ed25519PublicKey], checkpoints: _Lookahead[Checkpoint]):
        self.keys = keys
        self.checkpoints = checkpoints
        self.expected_seq = 1
        self.prev_hash = GENESIS_HASH
        self.before_prev_hash: str | None = None
        self.checked = 0
        self.last_checkpoint_seq: int | None = None  # last one verified against its entry
        self.last_checkpoint_listed = 0  # last one read, to check their order

    def start_after(self, anchor: Checkpoint) -> None:
        self.expected_seq = anchor.seq + 1
        self.prev_hash = anchor.entry_hash
        self.last_checkpoint_seq = anchor.seq

    def check_seq(self, entry: AuditEntry, following: AuditEntry | None) -> VerifyResult | None:
        seq, expected = entry.seq, self.expected_seq
        if seq > expected:
            if following is not None and following.seq == expected:
                return self.broken(
                    seq,
                    BreakReason.SEQ_OUT_OF_ORDER,
                    f"entry {seq} comes before entry {expected}: reordered",
                )
            missing = (
                f"entry {expected}" if seq == expected + 1 else f"entries {expected}–{seq - 1}"
            )
            return self.broken(
                expected, BreakReason.SEQ_GAP, f"{missing} missing before entry {seq}: deleted"
            )
        if seq == expected - 1:
            return self.broken(
                seq, BreakReason.SEQ_DUPLICATE, f"a second entry with seq {seq}: inserted"
            )
        if seq < expected:
            return self.broken(
                seq,
                BreakReason.SEQ_OUT_OF_ORDER,
                f"entry {seq} comes after entry {expected - 1}: reordered",
            )
        return None

    def check_link(self, entry: AuditEntry) -> VerifyResult | None:
        seq = entry.seq
        if entry.prev_hash == self.prev_hash:
            return None
        if entry.prev_hash == self.before_prev_hash:
            return self.broken(
                seq - 1,
                BreakReason.INSERTED,
                f"entry {seq} links to entry {seq - 2}, so entry {seq - 1} was "
                "inserted and the entries after it renumbered",
            )
        return self.broken(
            seq,
            BreakReason.PREV_HASH_MISMATCH,
            f"entry {seq} does not link to entry {seq - 1}: moved or inserted, "
            f"or entry {seq - 1} rewritten and re-hashed",
        )

    def check_hash(self, entry: AuditEntry) -> VerifyResult | None:
        try:
            recomputed = compute_hash(entry.prev_hash, entry)
        except (TypeError, ValueError) as exc:
            return self.broken(
                entry.seq, BreakReason.MALFORMED, f"entry {entry.seq} cannot be hashed: {exc}"
            )
        if recomputed != entry.entry_hash:
            return self.broken(
                entry.seq,
                BreakReason.HASH_MISMATCH,
                f"entry {entry.seq} does not match its hash: edited",
            )
        return None

    def accept(self, entry: AuditEntry) -> VerifyResult | None:
        """Move past a sound entry, then check the checkpoints signed for it."""
        self.before_prev_hash, self.prev_hash = self.prev_hash, entry.entry_hash
        self.expected_seq += 1
        self.checked += 1
        while (checkpoint := self.checkpoints.next) is not None and checkpoint.seq <= entry.seq:
            self.checkpoints.take()
            if checkpoint.seq < self.last_checkpoint_listed:
                return self.broken(
                    checkpoint.seq,
                    BreakReason.CHECKPOINT_OUT_OF_ORDER,
                    f"checkpoint for entry {checkpoint.seq} listed after the one "
                    f"for entry {self.last_checkpoint_listed}",
                )
            self.last_checkpoint_listed = checkpoint.seq
            if checkpoint.seq == entry.seq:  # earlier ones precede ``after``
                problem = self.check_signature(checkpoint) or self.check_pinned(checkpoint, entry)
                if problem is not None:
                    return problem
        return None

    def check_pinned(self, checkpoint: Checkpoint, entry: AuditEntry) -> VerifyResult | None:
        signed_at, entry_at = format_timestamp(checkpoint.at), format_timestamp(entry.at)
        if checkpoint.entry_hash == entry.entry_hash and signed_at == entry_at:
            self.last_checkpoint_seq = entry.seq
            return None
        since = (self.last_checkpoint_seq or 0) + 1
        return self.broken(
            entry.seq,
            BreakReason.CHECKPOINT_MISMATCH,
            f"entry {entry.seq} differs from its signed checkpoint: "
            f"entries {since}–{entry.seq} were rewritten and re-hashed",
        )

    def check_signature(self, checkpoint: Checkpoint) -> VerifyResult | None:
        key = self.keys.get(checkpoint.key_id)
        if key is not None and verify_checkpoint(key, checkpoint):
            return None
        why = "signed by an unknown key" if key is None else "signature invalid"
        return self.broken(
            checkpoint.seq,
            BreakReason.CHECKPOINT_SIGNATURE,
            f"checkpoint for entry {checkpoint.seq}: {why}",
        )

    def finish(self) -> VerifyResult:
        beyond = self.checkpoints.next
        if beyond is not None:
            last = self.expected_seq - 1
            return self.check_signature(beyond) or self.broken(
                self.expected_seq,
                BreakReason.TRUNCATED,
                f"a signed checkpoint names entry {beyond.seq} but the chain ends at entry "
                f"{last}: entries deleted from the end",
            )
        signed = (
            f"signed up to entry {self.last_checkpoint_seq}"
            if self.last_checkpoint_seq is not None
            else "no signed checkpoint"
        )
        return self._result(
            True,
            f"chain intact: {self.checked} entries checked, {signed}, "
            f"{self._tail()} in the unsigned tail",
        )

    def broken(self, seq: int, reason: BreakReason, message: str) -> VerifyResult:
        return self._result(False, message, seq, reason)

    def _tail(self) -> int:
        return (self.expected_seq - 1) - (self.last_checkpoint_seq or 0)

    def _result(
        self, ok: bool, message: str, seq: int | None = None, reason: BreakReason | None = None
    ) -> VerifyResult:
        return VerifyResult(
            ok=ok,
            message=message,
            entries_checked=self.checked,
            last_seq=self.expected_seq - 1 if self.expected_seq > 1 else None,
            last_checkpoint_seq=self.last_checkpoint_seq,
            unsigned_tail=self._tail(),
            broken_seq=seq,
            reason=reason,
        )
