"""Victims' and witnesses' identities, sealed as the identity vault keeps them.

A protected person's names, date of birth, citizenships, documents, phones and
addresses never go into the plaintext tables: they are sealed with the owning
organisation's data key (wrapped by the master key) under a stable pseudonym,
exactly as ``amanat.access.identity_vault.protect`` does for one record at a time.

Without a master key of its own a demo region uses one derived from its seed, so
that its pseudonyms are reproducible and the demo service can reveal identities
when given the same key.  That key protects synthetic data only.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from amanat.access import protected_names
from amanat.access.vault import (
    BlindIndexKey,
    DataKey,
    MasterKey,
    PseudonymRole,
    choose_pseudonym,
    derive_pseudonym_key,
    field_context,
    generate_data_key,
    pseudonym_candidates,
    seal,
    wrap_data_key,
    wrapped_key_id,
)
from amanat.demo.region.organisations import CREATED_AT, Org
from amanat.demo.region.rows import Rows


def demo_master_key(seed: int) -> MasterKey:
    """The master key a demo region built with ``seed`` uses unless given another."""
    return MasterKey(hashlib.sha256(f"amanat-demo-master-key/{seed}".encode()).digest())


class Vault:
    def __init__(self, rows: Rows, master: MasterKey) -> None:
        self.rows = rows
        self.master = master
        self.pseudonym_key = derive_pseudonym_key(master)
        self.keys: dict[int, DataKey] = {}
        self.index_keys: dict[int, BlindIndexKey] = {}
        self.taken: set[str] = set()

    def data_key(self, org: Org) -> DataKey:
        """The organisation's data key, created (and its wrapped form written) on first use."""
        key = self.keys.get(org.id)
        if key is None:
            key = generate_data_key()
            wrapped = wrap_data_key(self.master, key, org.id)
            self.rows.put("org_key", org.id, wrapped, wrapped_key_id(wrapped), CREATED_AT, 1, None)
            self.keys[org.id] = key
        return key

    def protect(
        self, org: Org, person_id: int, identity: dict[str, Any], role: PseudonymRole
    ) -> str:
        """Seal ``identity`` (see ``identity_document``) for the person record; write and
        return its pseudonym."""
        document = json.dumps(identity, ensure_ascii=False, separators=(",", ":"))
        sealed = seal(self.data_key(org), document, field_context("person", person_id, "identity"))
        candidates = pseudonym_candidates(self.pseudonym_key, role, org.country, person_id)
        pseudonym = choose_pseudonym(candidates, self.taken.__contains__)
        self.taken.add(pseudonym)
        self.rows.put("protected_identity", person_id, pseudonym, sealed, 1)
        self.index_names(org, person_id, identity["names"])
        return pseudonym

    def index_names(self, org: Org, person_id: int, names: list[dict[str, Any]]) -> None:
        """The blind index of her names, as ``protected_names.write`` makes it, so that
        her case workers find her by name in the demo too."""
        key = self.index_keys.get(org.id)
        if key is None:
            key = self.index_keys[org.id] = protected_names.index_key(self.master, org.id)
        for token in sorted(protected_names.tokens(key, protected_names.name_words(names))):
            self.rows.add("protected_name_index", person_id, org.id, token)


def plain(fields: tuple[str, ...], values: tuple[Any, ...]) -> dict[str, Any]:
    """The non-empty fields of a row, as the sealed identity document holds them."""
    return {f: v for f, v in zip(fields, values, strict=True) if v is not None}


def identity_document(
    names: list[dict[str, Any]],
    birth: tuple[int | None, int | None, int | None],
    citizenships: list[str],
    documents: list[dict[str, Any]],
    phones: list[str],
    addresses: list[dict[str, Any]],
) -> dict[str, Any]:
    """What ``asdict(amanat.access.identity_vault.Identity(...))`` gives, built directly:
    ``asdict`` deep-copies every value, which is most of the cost of sealing."""
    return {
        "names": names,
        "birth_year": birth[0],
        "birth_month": birth[1],
        "birth_day": birth[2],
        "citizenships": citizenships,
        "documents": documents,
        "phones": phones,
        "addresses": addresses,
    }
