"""Checkpoints signed by two keys in turn: each accepted within its period, a retired
key's checkpoint of a later entry refused even though its signature is sound."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from amanat.access.audit import (
    AuditEntry,
    BreakReason,
    public_key_base64,
    public_key_id,
    sign_checkpoint,
    verify_chain,
)
from amanat.access.audit.key_period import KeyPeriod

Chain = tuple[AuditEntry, ...]


def _periods(
    old: Ed25519PrivateKey, new: Ed25519PrivateKey, chain: Chain, retired_after: int
) -> dict[str, KeyPeriod]:
    """``old`` retired at entry ``retired_after``'s time, ``new`` valid from then."""
    at = chain[retired_after - 1].at
    return {
        public_key_id(old.public_key()): KeyPeriod(
            public_key_id(old.public_key()), public_key_base64(old.public_key()), None, at
        ),
        public_key_id(new.public_key()): KeyPeriod(
            public_key_id(new.public_key()), public_key_base64(new.public_key()), at, None
        ),
    }


def test_each_key_within_its_period(chain: Chain, signing_key: Ed25519PrivateKey) -> None:
    new = Ed25519PrivateKey.generate()
    signed = [sign_checkpoint(signing_key, chain[99], 1), sign_checkpoint(new, chain[199], 2)]
    keys = [signing_key.public_key(), new.public_key()]
    periods = _periods(signing_key, new, chain, 150)
    result = verify_chain(chain, signed, keys, periods=periods)
    assert result.ok, result.message
    assert result.last_checkpoint_seq == 200


def test_a_retired_key_after_its_retirement(chain: Chain, signing_key: Ed25519PrivateKey) -> None:
    new = Ed25519PrivateKey.generate()
    signed = [
        sign_checkpoint(signing_key, chain[99], 1),
        sign_checkpoint(signing_key, chain[199], 2),
    ]
    keys = [signing_key.public_key(), new.public_key()]
    periods = _periods(signing_key, new, chain, 150)
    result = verify_chain(chain, signed, keys, periods=periods)
    assert not result.ok
    assert (result.broken_seq, result.reason) == (200, BreakReason.CHECKPOINT_KEY_RETIRED)
    assert "after its retirement" in result.message
    # Without the periods the same checkpoints pass: the periods are what refuse it.
    assert verify_chain(chain, signed, keys).ok


def test_a_new_key_before_its_period(chain: Chain, signing_key: Ed25519PrivateKey) -> None:
    new = Ed25519PrivateKey.generate()
    signed = [sign_checkpoint(new, chain[99], 1)]
    periods = _periods(signing_key, new, chain, 150)
    result = verify_chain(chain, signed, [new.public_key()], periods=periods)
    assert result.reason is BreakReason.CHECKPOINT_KEY_RETIRED
    assert "before its period began" in result.message
