"""Verifying an audit chain and its checkpoints in one streaming pass.

Entries must come in ascending ``seq`` order (as ``ORDER BY seq`` gives them), and
checkpoints likewise.  Only the last two entry hashes and one entry of look-ahead are
kept, so memory stays flat over millions of entries.  The pass stops at the first
break and names that entry's seq and the reason.

Checks per entry, in this order, so the most telling reason is the one reported:
seq continuity (deleted, inserted, reordered), the link to the previous entry,
the entry's own hash (edited), then any checkpoint signed for it — its signature,
that it pins this entry, and that its number follows the last one's (a checkpoint
deleted from the series).  At the end: a checkpoint naming an entry past the last
one (entries cut), and, given the ``schedule`` the trail is signed on, a checkpoint
overdue (the newest checkpoints deleted, or none ever signed).

What no check here can see: the newest checkpoint deleted together with the entries
after the one before it — the trail then looks exactly as it did when that earlier
checkpoint was signed.  Receipts kept outside the database catch that
(``amanat.access.audit.receipt``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Generic, TypeVar

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from amanat.access.audit.chain import GENESIS_HASH, AuditEntry, compute_hash, format_timestamp
from amanat.access.audit.checkpoint import Checkpoint, verify_checkpoint
from amanat.access.audit.key_period import KeyPeriod
from amanat.access.audit.result import BreakReason, VerifyResult
from amanat.access.audit.schedule import SigningSchedule
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
    schedule: SigningSchedule | None = None,
    periods: Mapping[str, KeyPeriod] | None = None,
) -> VerifyResult:
    """Check every entry and checkpoint; return ok, or the first break.

    ``public_key`` may be several keys (after a rotation); each checkpoint names the
    key that signed it.  With ``after``, a checkpoint already trusted, the entries must
    start at the one following it: an incremental check of a long trail.  With
    ``schedule``, the trail is expected to be signed on it: an overdue checkpoint is
    a break, and an unsigned tail not yet overdue is a warning.  With ``periods`` (by
    key id), a checkpoint signed by a key outside its period is a break.
    """
    keys = [public_key] if isinstance(public_key, Ed25519PublicKey) else list(public_key)
    state = _Pass({public_key_id(key): key for key in keys}, _Lookahead(checkpoints), schedule)
    state.periods = dict(periods or {})
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

    def __init__(
        self,
        keys: dict[str, Ed25519PublicKey],
        checkpoints: _Lookahead[Checkpoint],
        schedule: SigningSchedule | None,
    ):
        self.keys = keys
        self.periods: dict[str, KeyPeriod] = {}
        self.checkpoints = checkpoints
        self.schedule = schedule
        self.expected_seq = 1
        self.prev_hash = GENESIS_HASH
        self.before_prev_hash: str | None = None
        self.checked = 0
        self.last_checkpoint_seq: int | None = None  # last one verified against its entry
        self.last_checkpoint_listed = 0  # last one read, to check their order
        self.last_number = 0  # number of the last numbered checkpoint verified
        # The entry that made a checkpoint due (``schedule.every`` entries after the
        # last one), while none has been signed since.
        self.due: AuditEntry | None = None

    def start_after(self, anchor: Checkpoint) -> None:
        self.expected_seq = anchor.seq + 1
        self.prev_hash = anchor.entry_hash
        self.last_checkpoint_seq = anchor.seq
        self.last_number = anchor.number or 0

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
        problem = self.accept_checkpoints(entry)
        if self.schedule is not None and self._tail() == self.schedule.every:
            self.due = entry
        return problem

    def accept_checkpoints(self, entry: AuditEntry) -> VerifyResult | None:
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
            if checkpoint.seq < entry.seq:  # at or before ``after``, already trusted
                self.last_number = max(self.last_number, checkpoint.number or 0)
                continue
            problem = (
                self.check_signature(checkpoint)
                or self.check_pinned(checkpoint, entry)
                or self.check_number(checkpoint)
            )
            if problem is not None:
                return problem
        return None

    def check_pinned(self, checkpoint: Checkpoint, entry: AuditEntry) -> VerifyResult | None:
        signed_at, entry_at = format_timestamp(checkpoint.at), format_timestamp(entry.at)
        if checkpoint.entry_hash == entry.entry_hash and signed_at == entry_at:
            self.last_checkpoint_seq = entry.seq
            self.due = None
            return None
        since = (self.last_checkpoint_seq or 0) + 1
        return self.broken(
            entry.seq,
            BreakReason.CHECKPOINT_MISMATCH,
            f"entry {entry.seq} differs from its signed checkpoint: "
            f"entries {since}–{entry.seq} were rewritten and re-hashed",
        )

    def check_number(self, checkpoint: Checkpoint) -> VerifyResult | None:
        """Numbered checkpoints run 1, 2, 3, ...: a gap is a checkpoint deleted."""
        number, expected = checkpoint.number, self.last_number + 1
        if number is None:  # signed before numbering
            return None
        if number == expected:
            self.last_number = number
            return None
        if number > expected:
            missing = (
                f"checkpoint {expected}"
                if number == expected + 1
                else f"checkpoints {expected}–{number - 1}"
            )
            return self.broken(
                checkpoint.seq,
                BreakReason.CHECKPOINT_MISSING,
                f"{missing} missing before checkpoint {number} (entry {checkpoint.seq}): deleted",
            )
        return self.broken(
            checkpoint.seq,
            BreakReason.CHECKPOINT_OUT_OF_ORDER,
            f"checkpoint {number} (entry {checkpoint.seq}) listed after checkpoint "
            f"{self.last_number}: copied or reordered",
        )

    def check_signature(self, checkpoint: Checkpoint) -> VerifyResult | None:
        key = self.keys.get(checkpoint.key_id)
        if key is not None and verify_checkpoint(key, checkpoint):
            period = self.periods.get(checkpoint.key_id)
            refusal = None if period is None else period.refusal(checkpoint.at)
            if refusal is None:
                return None
            return self.broken(
                checkpoint.seq,
                BreakReason.CHECKPOINT_KEY_RETIRED,
                f"checkpoint for entry {checkpoint.seq}: {refusal}",
            )
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
        if (overdue := self.check_overdue()) is not None:
            return overdue
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

    def check_overdue(self) -> VerifyResult | None:
        """A checkpoint due long ago and still missing: the newest ones were deleted."""
        due, schedule = self.due, self.schedule
        if due is None or schedule is None or not schedule.overdue(due.at):
            return None
        last = self.expected_seq - 1
        when = f"a checkpoint fell due at entry {due.seq} ({format_timestamp(due.at)})"
        if self.last_checkpoint_seq is None:
            what = f"no signed checkpoint on a trail of {last} entries: {when}"
            cause = "the checkpoints were deleted"
        else:
            what = f"entries {self.last_checkpoint_seq + 1}–{last} are unsigned: {when}"
            cause = f"the checkpoints after entry {self.last_checkpoint_seq} were deleted"
        return self.broken(
            due.seq,
            BreakReason.CHECKPOINT_OVERDUE,
            f"{what} and is more than {schedule.grace_words()} overdue — {cause}, "
            "or no signer holds the key",
        )

    def broken(self, seq: int, reason: BreakReason, message: str) -> VerifyResult:
        return self._result(False, message, seq, reason)

    def _tail(self) -> int:
        return (self.expected_seq - 1) - (self.last_checkpoint_seq or 0)

    def _warnings(self) -> tuple[str, ...]:
        tail = self._tail()
        if self.schedule is None or tail == 0:
            return ()
        last = self.expected_seq - 1
        return (
            f"entries {last - tail + 1}–{last} are not signed yet: a cut among them "
            "would not show until the next checkpoint",
        )

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
            warnings=self._warnings() if ok else (),
        )
