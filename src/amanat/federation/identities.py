"""A victim's or witness's identity between nodes: sealed by her origin for each
organisation of the receiving node she consented to share it with, opened there.

At the sender, a protected person's record carries her identity only for an
organisation that works on the peer (or on a node reached through it, unless her
record is H2), that her record reaches by its marking, and
that she consented to share her identity with (by name, for a purpose the vault
reveals to: ``PURPOSE_ROLES``, not withdrawn).  Each identity is sealed to the key of
the organisation's node (``sealing``), bound to the record's global id and version, the
organisation, the purpose and both nodes: a hub that relays the bundle, or anyone who
copies the file, reads ciphertext.  A consent given to any organisation (none named)
lets nothing leave.

At the receiver, each identity for an organisation of another node is kept as it
came, to pass on (a hub: ``forwarding``); each for an organisation working here is
opened with this node's key and sealed again with that organisation's data key
(``access.copied_identity``); one that does not open refuses the bundle.  A newer
version of the record replaces its identities (none, when her consent was withdrawn),
and a withdrawal removes them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from amanat.access.identity_vault import (
    PURPOSE_ROLES,
    Identity,
    ProtectedIdentity,
    open_identity,
)
from amanat.access.vault import MasterKey
from amanat.access.visibility import reaches_any
from amanat.federation.bundle import Refusal
from amanat.federation.forwarding import NO_ONWARD, reached_nodes
from amanat.federation.nodes import checked_key
from amanat.federation.sealing import SealError, bound_to, open_box, seal_for
from amanat.register import Consent, InvalidValue, Node, Organisation, Person, Victim

if TYPE_CHECKING:  # the receiver's state (which builds on the sender's chunks)
    from amanat.federation.known import Incoming

IDENTITY_FIELDS = frozenset(f.name for f in fields(Identity))
MASTER_KEY_SETTING = "AMANAT_MASTER_KEY_FILE"


def place(local: str, peer: str, record: dict[str, Any], org: str, purpose: str) -> bytes:
    """What a sealed identity is bound to (its associated data)."""
    return bound_to(
        origin=local,
        to=peer,
        global_id=record["global_id"],
        version=record["version"],
        org=org,
        purpose=purpose,
    )


def _consented(session: Session, peer: Node, person_ids: Sequence[int]) -> dict[int, list[Any]]:
    """Per person: the organisations (code, purpose, node) of the peer or beyond it
    she consented to share her identity with, that her record reaches."""
    query = (
        select(
            Victim.person_id,
            Organisation.id,
            Organisation.code,
            Consent.purpose,
            Organisation.node_id,
            Person.handling,
        )
        .join(Consent, Consent.victim_id == Victim.id)
        .join(Organisation, Organisation.id == Consent.granted_to_org_id)
        .join(Person, Person.id == Victim.person_id)
        .where(
            Victim.person_id.in_(person_ids),
            Victim.deleted_at.is_(None),
            Consent.withdrawn_on.is_(None),
            Consent.identity.is_(True),
            Consent.purpose.in_(list(PURPOSE_ROLES)),
            reached_nodes(peer),
        )
        .distinct()
    )
    found: dict[int, list[Any]] = defaultdict(list)
    for person_id, org_id, code, purpose, node_id, handling in session.execute(query):
        if person_id is None or (node_id != peer.id and handling == NO_ONWARD):
            continue
        reached = session.scalar(
            select(Person.id).where(
                Person.id == person_id,
                reaches_any(Person, select(Organisation.id).where(Organisation.id == org_id)),
            )
        )
        if reached is not None:
            found[person_id].append((code, purpose, node_id))
    return found


def sealed_identities(
    session: Session,
    master: MasterKey | None,
    local: Node,
    peer: Node,
    records: dict[int, dict[str, Any]],
) -> None:
    """Add to each protected person's record (by id) her identities for the peer."""
    if not records:
        return
    consented = _consented(session, peer, sorted(records))
    if not consented:
        return
    if master is None:
        raise InvalidValue(
            MASTER_KEY_SETTING,
            None,
            f"is not set: victims' identities consented to organisations of "
            f"{peer.name!r} cannot be opened to seal them for it",
        )
    nodes = {n.id: n for n in session.scalars(select(Node).where(Node.is_local.is_(False)))}
    for person_id, grants in consented.items():
        protected = session.get(ProtectedIdentity, person_id)
        record = records[person_id]
        if protected is None:
            continue
        owner = session.get_one(Person, person_id).org_id
        document = json.dumps(
            asdict(open_identity(session, master, protected, owner)),
            ensure_ascii=False,
            sort_keys=True,
        ).encode("utf-8")
        record["identities"] = [
            {
                "org": code,
                "purpose": purpose,
                "sealed": seal_for(
                    checked_key(nodes[node_id].public_key),
                    document,
                    place(local.name, nodes[node_id].name, record, code, purpose),
                ),
            }
            for code, purpose, node_id in sorted(grants)
        ]


def relayed_identities(state: Incoming, record: dict[str, Any]) -> list[dict[str, str]]:
    """The identities a record carries for organisations of other nodes known here:
    sealed to their nodes, kept as they came to be passed on."""
    given = record.get("identities")
    if not isinstance(given, list):
        return []
    return [
        {k: entry[k] for k in ("org", "purpose", "sealed")}
        for entry in given
        if isinstance(entry, dict)
        and all(isinstance(entry.get(k), str) for k in ("org", "purpose", "sealed"))
        and state.org_nodes.get(entry["org"]) is not None
    ]


def opened_identities(
    state: Incoming, where: str, record: dict[str, Any]
) -> list[tuple[int, str, dict[str, Any]]]:
    """The identities a record carries for organisations working here, opened with
    this node's key: (organisation, purpose, identity)."""
    given = record.get("identities")
    if given is None:
        return []
    if record.get("kind") != "person" or not isinstance(given, list):
        raise Refusal(f"{where}.identities", type(given).__name__, "is not a person's list")
    opened = []
    for position, entry in enumerate(given):
        at = f"{where}.identities[{position}]"
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(k), str) for k in ("org", "purpose", "sealed")
        ):
            raise Refusal(at, None, "is not an identity sealed for an organisation")
        code, purpose = entry["org"], entry["purpose"]
        if code not in state.org_ids or state.org_nodes.get(code, 0) is not None:
            continue  # not for an organisation working here: sealed to another node
        key, master = state.node_key, state.master
        if key is None or master is None:
            raise Refusal(
                at,
                code,
                "cannot be kept: give this node's key (--key-file or AMANAT_NODE_KEY_FILE) "
                f"and {MASTER_KEY_SETTING} to open and seal it",
            )
        local = state.local_name
        try:
            origin = str(record.get("origin"))  # sealed by her origin, perhaps relayed
            plain = open_box(key, entry["sealed"], place(origin, local, record, code, purpose))
        except SealError as exc:
            raise Refusal(f"{at}.sealed", entry["sealed"][:16] + "…", str(exc)) from None
        document = json.loads(plain)
        if not isinstance(document, dict) or not set(document) <= IDENTITY_FIELDS:
            raise Refusal(f"{at}.sealed", None, "does not hold an identity")
        opened.append((state.org_ids[code], purpose, document))
    return opened
