"""Sealing fields: round trip, context binding, tamper detection, length hiding."""

from __future__ import annotations

import os

import pytest

from amanat.access.vault import (
    VaultError,
    field_context,
    generate_data_key,
    open_sealed,
    open_sealed_text,
    seal,
)

NAME = field_context("person", 123, "name")


def test_round_trip_text_and_bytes() -> None:
    key = generate_data_key()
    assert open_sealed_text(key, seal(key, "Джуманбеков Ерлан", NAME), NAME) == "Джуманбеков Ерлан"
    photo = os.urandom(50_000)
    context = field_context("person", 123, "photo")
    assert open_sealed(key, seal(key, photo, context), context) == photo
    assert open_sealed(key, seal(key, b"", NAME), NAME) == b""


def test_plaintext_is_not_in_the_token() -> None:
    key = generate_data_key()
    token = seal(key, "Jumanbekov Erlan", NAME)
    assert b"Jumanbekov" not in token and b"person" not in token


def test_same_plaintext_seals_differently_each_time() -> None:
    key = generate_data_key()
    assert seal(key, "Erlan", NAME) != seal(key, "Erlan", NAME)


def test_wrong_context_fails() -> None:
    key = generate_data_key()
    with pytest.raises(VaultError):
        open_sealed(key, seal(key, "Erlan", NAME), "person:123:names")


@pytest.mark.parametrize(
    "moved_to",
    [field_context("person", 124, "name"), field_context("person", 123, "document_number")],
)
def test_token_moved_to_another_row_or_field_fails(moved_to: str) -> None:
    key = generate_data_key()
    with pytest.raises(VaultError):
        open_sealed(key, seal(key, "Erlan", NAME), moved_to)


def test_another_organisations_key_fails() -> None:
    token = seal(generate_data_key(), "Erlan", NAME)
    with pytest.raises(VaultError):
        open_sealed(generate_data_key(), token, NAME)


def test_every_flipped_bit_fails_with_the_same_message() -> None:
    key = generate_data_key()
    token = seal(key, "Erlan", NAME)
    messages = set()
    for position in range(len(token) * 8):
        altered = bytearray(token)
        altered[position // 8] ^= 1 << (position % 8)
        with pytest.raises(VaultError) as caught:
            open_sealed(key, bytes(altered), NAME)
        messages.add(str(caught.value))
    assert messages == {"sealed value cannot be opened"}


@pytest.mark.parametrize("cut", [0, 1, 13, 28, 60])
def test_truncated_token_fails(cut: int) -> None:
    key = generate_data_key()
    with pytest.raises(VaultError):
        open_sealed(key, seal(key, "Erlan", NAME)[:cut], NAME)


def test_lengths_are_padded_to_32_byte_blocks() -> None:
    key = generate_data_key()
    short, longer = seal(key, "Ali", NAME), seal(key, "Aleksandr Nurlanovich", NAME)
    assert len(short) == len(longer) == 1 + 12 + 32 + 16
    assert len(seal(key, "x" * 32, NAME)) == 1 + 12 + 64 + 16


def test_context_parts_are_checked() -> None:
    with pytest.raises(ValueError):
        field_context("person:1", 2, "name")
    with pytest.raises(ValueError):
        field_context("person", 2, "")
    with pytest.raises(ValueError):
        seal(generate_data_key(), "Erlan", "")


def test_data_key_repr_hides_the_key() -> None:
    key = generate_data_key()
    assert key.secret.hex() not in repr(key) and repr(key.secret) not in repr(key)
