"""A trail cut short is caught: checkpoints deleted from the series, and checkpoints
overdue on the schedule the trail is signed on.

The trail (see conftest) has 1,000 entries, 7 s apart from 2025-03-01 08:00, and
``numbered`` checkpoints 1–9 at entries 100, 200, ... 900.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from amanat.access.audit import (
    AuditEntry,
    BreakReason,
    Checkpoint,
    SigningSchedule,
    VerifyResult,
    sign_checkpoint,
    verify_chain,
)

Chain = tuple[AuditEntry, ...]
Checkpoints = tuple[Checkpoint, ...]
GRACE = timedelta(minutes=5)


def _schedule(now: datetime, every: int = 100) -> SigningSchedule:
    return SigningSchedule(every=every, grace=GRACE, now=now)


def _long_after(chain: Chain) -> SigningSchedule:
    """Verified a day after the last entry: every due checkpoint is long overdue."""
    return _schedule(chain[-1].at + timedelta(days=1))


def _verify(
    entries: Chain | list[AuditEntry],
    checkpoints: Checkpoints | list[Checkpoint],
    key: Ed25519PrivateKey,
    schedule: SigningSchedule | None = None,
) -> VerifyResult:
    return verify_chain(entries, checkpoints, key.public_key(), schedule=schedule)


def _broken(result: VerifyResult) -> tuple[int | None, BreakReason | None]:
    assert not result.ok
    return result.broken_seq, result.reason


def test_numbered_checkpoints_verify(
    chain: Chain, numbered: Checkpoints, signing_key: Ed25519PrivateKey
) -> None:
    result = _verify(chain, numbered, signing_key)
    assert result.ok, result.message
    assert result.last_checkpoint_seq == 900 and result.warnings == ()


@pytest.mark.parametrize(
    ("deleted", "broken_seq", "words"),
    [
        ([3], 500, "checkpoint 4 missing before checkpoint 5 (entry 500): deleted"),
        ([0], 200, "checkpoint 1 missing before checkpoint 2"),
        ([3, 4, 5], 700, "checkpoints 4–6 missing before checkpoint 7"),
    ],
    ids=["middle", "first", "several"],
)
def test_a_deleted_checkpoint_leaves_a_gap(
    chain: Chain,
    numbered: Checkpoints,
    signing_key: Ed25519PrivateKey,
    deleted: list[int],
    broken_seq: int,
    words: str,
) -> None:
    kept = [c for i, c in enumerate(numbered) if i not in deleted]
    result = _verify(chain, kept, signing_key)
    assert _broken(result) == (broken_seq, BreakReason.CHECKPOINT_MISSING)
    assert words in result.message


def test_a_copied_checkpoint_is_named(
    chain: Chain, numbered: Checkpoints, signing_key: Ed25519PrivateKey
) -> None:
    copied = [*numbered[:3], numbered[2], *numbered[3:]]
    result = _verify(chain, copied, signing_key)
    assert _broken(result) == (300, BreakReason.CHECKPOINT_OUT_OF_ORDER)
    assert "checkpoint 3 (entry 300) listed after checkpoint 3" in result.message


def test_a_renumbered_checkpoint_fails_its_signature(
    chain: Chain, numbered: Checkpoints, signing_key: Ed25519PrivateKey
) -> None:
    # Closing the gap left by checkpoint 4 would need the key.
    closed = [
        *numbered[:3],
        *(dataclasses.replace(c, number=(c.number or 0) - 1) for c in numbered[4:]),
    ]
    assert _broken(_verify(chain, closed, signing_key)) == (500, BreakReason.CHECKPOINT_SIGNATURE)


def test_old_unnumbered_checkpoints_then_numbered_ones(
    chain: Chain, checkpoints: Checkpoints, signing_key: Ed25519PrivateKey
) -> None:
    """A trail from before numbering: old checkpoints verify as they are, and the
    series starts at 1 with the first checkpoint signed after the upgrade."""
    upgraded = (
        *checkpoints[:5],
        *(sign_checkpoint(signing_key, e, n) for n, e in enumerate(chain[599:900:100], 1)),
    )
    assert _verify(chain, upgraded, signing_key).ok
    gap = [c for c in upgraded if c.number != 1]
    assert _broken(_verify(chain, gap, signing_key)) == (700, BreakReason.CHECKPOINT_MISSING)


def test_two_checkpoints_of_one_entry(chain: Chain, signing_key: Ed25519PrivateKey) -> None:
    # `amanat audit checkpoint` twice with nothing written in between.
    twice = [sign_checkpoint(signing_key, chain[99], 1), sign_checkpoint(signing_key, chain[99], 2)]
    assert _verify(chain[:100], twice, signing_key).ok


def test_incremental_check_continues_the_numbers(
    chain: Chain, numbered: Checkpoints, signing_key: Ed25519PrivateKey
) -> None:
    anchor = numbered[4]  # checkpoint 5, entry 500
    public = signing_key.public_key()
    assert verify_chain(chain[500:], numbered, public, after=anchor).ok
    # A second checkpoint of the anchor's entry (6) comes before the first entry checked.
    again = sign_checkpoint(signing_key, chain[499], 6)
    later = [sign_checkpoint(signing_key, e, n) for n, e in enumerate(chain[599:900:100], 7)]
    assert verify_chain(chain[500:], [*numbered[:5], again, *later], public, after=anchor).ok
    result = verify_chain(chain[500:], [*numbered[:5], *later], public, after=anchor)
    assert _broken(result) == (600, BreakReason.CHECKPOINT_MISSING)


def test_an_untouched_trail_on_schedule_passes_with_its_tail_as_a_warning(
    chain: Chain, numbered: Checkpoints, signing_key: Ed25519PrivateKey
) -> None:
    result = _verify(chain[:950], numbered, signing_key, _long_after(chain))
    assert result.ok, result.message
    assert result.unsigned_tail == 50
    assert result.warnings == (
        "entries 901–950 are not signed yet: a cut among them would not show "
        "until the next checkpoint",
    )


def test_newest_entries_and_their_checkpoints_deleted(
    chain: Chain, numbered: Checkpoints, signing_key: Ed25519PrivateKey
) -> None:
    """The defect: entries 851–1000 and checkpoints 8 and 9 deleted.  The checkpoint
    due at entry 800 is then a day overdue."""
    assert _verify(chain[:850], numbered[:7], signing_key).ok  # as before: "intact"
    result = _verify(chain[:850], numbered[:7], signing_key, _long_after(chain))
    assert _broken(result) == (800, BreakReason.CHECKPOINT_OVERDUE)
    assert result.message.startswith(
        "entries 701–850 are unsigned: a checkpoint fell due at entry 800 "
        "(2025-03-01T09:33:13.000799Z) and is more than 5 min overdue — the "
        "checkpoints after entry 700 were deleted"
    )


def test_every_checkpoint_deleted(
    chain: Chain, numbered: Checkpoints, signing_key: Ed25519PrivateKey
) -> None:
    result = _verify(chain[:600], [], signing_key, _long_after(chain))
    assert _broken(result) == (100, BreakReason.CHECKPOINT_OVERDUE)
    assert result.message.startswith("no signed checkpoint on a trail of 600 entries")
    assert "the checkpoints were deleted, or no signer holds the key" in result.message


def test_a_young_trail_is_not_yet_due(chain: Chain, signing_key: Ed25519PrivateKey) -> None:
    result = _verify(chain[:99], [], signing_key, _long_after(chain))
    assert result.ok and result.unsigned_tail == 99
    assert result.warnings[0].startswith("entries 1–99 are not signed yet")


def test_a_checkpoint_due_within_the_grace_is_not_yet_overdue(
    chain: Chain, numbered: Checkpoints, signing_key: Ed25519PrivateKey
) -> None:
    """A busy trail between two looks of the signer: many entries, just due."""
    due = chain[999]  # 100 entries after checkpoint 9
    assert _verify(chain, numbered, signing_key, _schedule(due.at + GRACE)).ok
    late = _schedule(due.at + GRACE + timedelta(microseconds=1))
    assert _broken(_verify(chain, numbered, signing_key, late)) == (
        1000,
        BreakReason.CHECKPOINT_OVERDUE,
    )


def test_the_newest_checkpoint_with_the_entries_after_the_one_before_it(
    chain: Chain, numbered: Checkpoints, signing_key: Ed25519PrivateKey
) -> None:
    """What no check inside the database can see (receipts can): the trail is cut
    back to exactly how it stood when checkpoint 8 was signed."""
    result = _verify(chain[:800], numbered[:8], signing_key, _long_after(chain))
    assert result.ok and result.unsigned_tail == 0 and result.warnings == ()


@pytest.mark.parametrize("every", [0, -5, True])
def test_a_schedule_signs_every_one_or_more(chain: Chain, every: int) -> None:
    with pytest.raises(ValueError, match="every 1 or more"):
        _schedule(chain[0].at, every)


def test_a_schedule_needs_an_aware_now() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        _schedule(datetime(2025, 3, 1))


def test_the_grace_in_words(chain: Chain) -> None:
    assert _schedule(chain[0].at).grace_words() == "5 min"
    assert SigningSchedule(1, timedelta(seconds=90), chain[0].at).grace_words() == "90 s"


def test_the_docs_state_the_schedule_verify_expects() -> None:
    """docs/audit.md and the README give the numbers the code uses, and the grace
    leaves the service's signer (looking every CHECK_SECONDS) ten looks to sign."""
    from amanat.access.audit_store import CHECKPOINT_EVERY, SIGNING_GRACE
    from amanat.service.checkpoints import CHECK_SECONDS

    root = Path(__file__).resolve().parents[3]
    docs = (root / "docs" / "audit.md").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    minutes = int(SIGNING_GRACE.total_seconds() // 60)
    assert f"{CHECKPOINT_EVERY:,} entries follow the last" in docs
    assert f"more than {minutes} minutes ago" in docs and f"{minutes} minutes ago" in readme
    assert f"looking every {CHECK_SECONDS:g} s" in docs
    assert SIGNING_GRACE.total_seconds() >= CHECK_SECONDS * 10
    for reason in BreakReason:
        if reason.value.startswith("checkpoint") or reason is BreakReason.TRUNCATED:
            assert f"`{reason.value}`" in docs, reason
