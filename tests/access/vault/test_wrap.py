"""Wrapping data keys: bound to the organisation and to the master key."""

from __future__ import annotations

import pytest

from amanat.access.vault import (
    MasterKeyMismatchError,
    VaultError,
    generate_data_key,
    generate_master_key,
    rewrap_data_key,
    unwrap_data_key,
    wrap_data_key,
    wrapped_key_id,
)


def test_round_trip() -> None:
    master, data_key = generate_master_key(), generate_data_key()
    wrapped = wrap_data_key(master, data_key, org_id=1)
    assert unwrap_data_key(master, wrapped, org_id=1) == data_key
    assert data_key.secret not in wrapped


def test_key_wrapped_for_org_1_cannot_be_unwrapped_as_org_2() -> None:
    master = generate_master_key()
    wrapped = wrap_data_key(master, generate_data_key(), org_id=1)
    with pytest.raises(VaultError):
        unwrap_data_key(master, wrapped, org_id=2)
    with pytest.raises(VaultError):
        unwrap_data_key(master, wrapped, org_id=11)


def test_every_flipped_bit_is_refused() -> None:
    master = generate_master_key()
    wrapped = wrap_data_key(master, generate_data_key(), org_id=7)
    for position in range(len(wrapped) * 8):
        altered = bytearray(wrapped)
        altered[position // 8] ^= 1 << (position % 8)
        with pytest.raises(VaultError):
            unwrap_data_key(master, bytes(altered), org_id=7)


def test_wrong_master_key_is_told_apart_from_tampering() -> None:
    old, new = generate_master_key(), generate_master_key()
    wrapped = wrap_data_key(old, generate_data_key(), org_id=1)
    assert wrapped_key_id(wrapped) == old.key_id
    with pytest.raises(MasterKeyMismatchError) as caught:
        unwrap_data_key(new, wrapped, org_id=1)
    assert old.key_id in str(caught.value) and new.key_id in str(caught.value)


def test_rewrap_moves_a_data_key_to_a_new_master_key() -> None:
    old, new, data_key = generate_master_key(), generate_master_key(), generate_data_key()
    rewrapped = rewrap_data_key(old, new, wrap_data_key(old, data_key, 3), 3)
    assert wrapped_key_id(rewrapped) == new.key_id
    assert unwrap_data_key(new, rewrapped, 3) == data_key


@pytest.mark.parametrize("wrapped", [b"", b"\x01" * 10, b"\x02" + b"\x00" * 68])
def test_malformed_wrapped_key_is_refused(wrapped: bytes) -> None:
    with pytest.raises(VaultError):
        unwrap_data_key(generate_master_key(), wrapped, org_id=1)
