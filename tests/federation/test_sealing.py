"""A node's sealing key is the X25519 form of its Ed25519 key: the public key a peer
computes from the pinned one is the one the node's own secret gives, and a box opens
only with that secret and for the place it was bound to."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from amanat.federation.sealing import (
    SealError,
    bound_to,
    open_box,
    seal_for,
    sealing_private_key,
    sealing_public_key,
)


def test_the_peer_computes_the_sealing_key_the_node_holds() -> None:
    for _ in range(64):
        key = Ed25519PrivateKey.generate()
        derived = sealing_private_key(key).public_key().public_bytes_raw()
        assert sealing_public_key(key.public_key()).public_bytes_raw() == derived


def test_a_box_opens_with_its_key_for_its_place_only() -> None:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    here = bound_to(global_id="g", version=1)
    box = seal_for(key.public_key(), b"who she is", here)
    assert open_box(key, box, here) == b"who she is"
    assert seal_for(key.public_key(), b"who she is", here) != box  # a fresh key each time
    for opener, place, sealed in (
        (other, here, box),
        (key, bound_to(global_id="g", version=2), box),
        (key, here, box[:-4] + ("AAAA" if not box.endswith("AAAA") else "BBBB")),
        (key, here, "not base64!"),
        (key, here, "AAAA"),
    ):
        with pytest.raises(SealError):
            open_box(opener, sealed, place)
