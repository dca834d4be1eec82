"""A node's name, URL and key are checked before they are stored: every refusal names
the field and the value; what is stored is the form peers compare."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from amanat.access.audit import public_key_base64, public_key_id
from amanat.federation import nodes
from amanat.register import InvalidValue, Node
from amanat.store.engine import transaction

KEY = Ed25519PrivateKey.generate().public_key()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://hub.example", "is not an http:// or https:// URL with a host"),
        ("https://", "is not an http:// or https:// URL with a host"),
        ("hub.example", "is not an http:// or https:// URL with a host"),
        ("https://hub.example:99999", "is not a URL"),
        ("https://u:p@hub.example", "holds a user name or password"),
        ("https://hub.example/?token=1", "has a query or fragment"),
        ("https://hub.example/" + "a" * 500, "is longer than 500 characters"),
    ],
)
def test_a_bad_url_is_refused_naming_it(url: str, reason: str) -> None:
    with pytest.raises(InvalidValue, match=r"^URL: ") as refused:
        nodes.checked_url(url)
    assert refused.value.value == url and reason in str(refused.value)


def test_a_good_url_is_kept_without_its_trailing_slash() -> None:
    assert (
        nodes.checked_url("https://hub.example:8443/amanat/") == "https://hub.example:8443/amanat"
    )
    assert nodes.checked_url("http://10.0.0.7") == "http://10.0.0.7"


@pytest.mark.parametrize(
    "text",
    ["", "not-a-key", base64.b64encode(b"\x01" * 31).decode(), "-----BEGIN PUBLIC KEY-----\nx"],
)
def test_a_bad_key_is_refused_naming_it(text: str) -> None:
    with pytest.raises(InvalidValue, match=r"^KEY: ") as refused:
        nodes.checked_key(text)
    assert refused.value.value == text


def test_a_key_reads_back_as_given() -> None:
    assert public_key_id(nodes.checked_key(public_key_base64(KEY))) == public_key_id(KEY)


@pytest.mark.parametrize("name", ["", "-KZ", "KZ HUB", "KZ/1", "Қазақстан", "K" * 81])
def test_a_bad_name_is_refused_naming_it(name: str) -> None:
    with pytest.raises(InvalidValue, match=r"^NAME: "):
        nodes.checked_name(name)


def test_one_node_is_this_one_on_both_back_ends(engine: Engine) -> None:
    with transaction(engine) as session:
        here = nodes.add_node(session, "KZ", None, KEY, is_local=True)
        peer_key = Ed25519PrivateKey.generate().public_key()
        nodes.add_node(session, "HUB", "https://hub.example/", peer_key, is_local=False)
        assert nodes.local_node(session) is here
        views = nodes.views(session)
        assert [(v.name, v.url, v.is_local) for v in views] == [
            ("KZ", None, True),
            ("HUB", "https://hub.example", False),
        ]
        assert views[1].fingerprint == public_key_id(peer_key)
        another = Ed25519PrivateKey.generate().public_key()
        with pytest.raises(InvalidValue, match="already initialised as 'KZ'"):
            nodes.add_node(session, "KZ2", None, another, is_local=True)


def test_the_database_itself_holds_one_local_node(engine: Engine) -> None:
    with transaction(engine) as session:
        nodes.add_node(session, "KZ", None, KEY, is_local=True)
    other = public_key_base64(Ed25519PrivateKey.generate().public_key())
    with pytest.raises(IntegrityError), transaction(engine) as session:
        session.add(Node(name="KZ2", public_key=other, is_local=True))
        session.flush()
    with transaction(engine) as session:  # peers: as many as there are
        session.add(Node(name="HUB", public_key=other, is_local=False))
