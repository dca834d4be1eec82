"""A hub passing copies on (``federation.forwarding``), in one register acting as the
hub, on both databases: a copy goes on by its marking, never when H2, never back to
its origin or to a node it passed through; and a receiver refuses a record whose
hops would loop, do not run from its origin to the sender, or name an unknown origin."""

from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from amanat.federation.bundle import FORMAT, Refusal
from amanat.federation.incoming import take
from amanat.federation.nodes import add_node
from amanat.federation.outgoing import bundle_for
from amanat.register import Node, Organisation, Person
from amanat.register.federation_relay import FederationRelay
from amanat.register.sharing_group import SharingGroup, SharingGroupMember
from amanat.store.engine import transaction


def _node(session: Session, name: str, *, is_local: bool = False) -> Node:
    key = Ed25519PrivateKey.generate().public_key()
    return add_node(session, name, None, key, is_local=is_local)


def _hub(session: Session) -> dict[str, Any]:
    hub, kz, kg = _node(session, "HUB", is_local=True), _node(session, "KZ"), _node(session, "KG")
    orgs = {
        code: Organisation(code=code, name=code, kind="police", node_id=node)
        for code, node in (("RCTC", None), ("KZ-POL", kz.id), ("KG-POL", kg.id))
    }
    session.add_all(orgs.values())
    session.flush()
    group = SharingGroup(name="TASK-FORCE", owner_org_id=orgs["RCTC"].id)
    session.add(group)
    session.flush()
    session.add(SharingGroupMember(group_id=group.id, org_id=orgs["KG-POL"].id))
    return {"hub": hub, "kz": kz, "kg": kg, "orgs": orgs, "group": group}


def _copy(session: Session, made: dict[str, Any], **marking: Any) -> Person:
    values = {"distribution": "group", "sharing_group_id": made["group"].id, **marking}
    person = Person(org_id=made["orgs"]["KZ-POL"].id, origin_node_id=made["kz"].id, **values)
    session.add(person)
    session.flush()
    return person


def test_a_copy_goes_on_by_its_marking_but_never_h2_back_or_round(engine: Engine) -> None:
    with transaction(engine) as session:
        made = _hub(session)
        onward = _copy(session, made, handling="H0")
        _copy(session, made, handling="H2")
        _copy(session, made, distribution="owner", sharing_group_id=None)
        been = _copy(session, made)
        session.add(FederationRelay(record_table="person", record_id=been.id, hops="KZ,KG_"))
        back = _copy(session, made)  # already through KG: never sent there again
        session.add(FederationRelay(record_table="person", record_id=back.id, hops="KZ,KG"))
        session.flush()
        to_kg = bundle_for(session, made["hub"], made["kg"], 0)
        to_kz = bundle_for(session, made["hub"], made["kz"], 0)
    sent = {r["global_id"]: r for r in to_kg["records"]}
    assert set(sent) == {onward.global_id, been.global_id}
    assert sent[onward.global_id]["origin"] == "KZ"
    assert sent[onward.global_id]["hops"] == ["KZ", "HUB"]
    assert sent[been.global_id]["hops"] == ["KZ", "KG_", "HUB"]  # '_' is no wildcard
    assert sent[onward.global_id]["owner"] == "KZ-POL"
    assert to_kg["hops"] == ["KZ", "KG_", "HUB"]
    assert to_kz["records"] == []  # never back to its origin


def _bundle(record: dict[str, Any]) -> dict[str, Any]:
    return {"format": FORMAT, "from": "KG", "to": "HUB", "hops": ["KG"], "after": 0,
            "upto": 1, "organisations": [], "records": [record], "withdrawn": []}  # fmt: skip


@pytest.mark.parametrize(
    ("origin", "hops", "field", "reason"),
    [
        ("KZ", ["KZ", "HUB", "KG"], "records[0].hops", "already passed through 'HUB': a loop"),
        ("KZ", ["KZ"], "records[0].hops", "does not run from the record's origin to the sender"),
        ("KZ", ["KG", "KZ", "KG"], "records[0].hops", "does not run from the record's origin"),
        ("UZ", ["UZ", "KG"], "records[0].origin", "is not a known node"),
        ("KZ", "KZ,KG", "records[0].hops", "is not a list of node names"),
    ],
)
def test_a_record_whose_hops_do_not_hold_is_refused(
    sqlite_engine: Engine, origin: str, hops: Any, field: str, reason: str
) -> None:
    record = {"kind": "person", "global_id": "0c8a1f0e-1d55-4f0c-9a53-5f9a3c4f2b11",
              "version": 1, "origin": origin, "hops": hops, "owner": "KZ-POL",
              "fields": {}}  # fmt: skip
    with transaction(sqlite_engine) as session:
        made = _hub(session)
        with pytest.raises(Refusal) as refused:
            take(session, made["kg"], _bundle(record))
    assert refused.value.field == field and reason in refused.value.reason


def test_a_relayed_record_is_taken_as_its_origins(sqlite_engine: Engine) -> None:
    record = {"kind": "person", "global_id": "0c8a1f0e-1d55-4f0c-9a53-5f9a3c4f2b12",
              "version": 3, "origin": "KZ", "hops": ["KZ", "KG"], "owner": "KZ-POL",
              "distribution": "owner", "tlp": "AMBER", "handling": "H0",
              "fields": {"sex": "male"}}  # fmt: skip
    with transaction(sqlite_engine) as session:
        made = _hub(session)
        taken = take(session, made["kg"], _bundle(record))
        copy = session.query(Person).filter_by(global_id=record["global_id"]).one()
        relay = session.get_one(FederationRelay, ("person", copy.id))
        assert taken.inserted == 1 and copy.origin_node_id == made["kz"].id
        assert relay.hops == "KZ,KG"


def test_a_tombstone_is_taken_only_from_the_node_that_passed_the_copy_on(
    sqlite_engine: Engine,
) -> None:
    with transaction(sqlite_engine) as session:
        made = _hub(session)
        direct, relayed = _copy(session, made), _copy(session, made)
        session.add(FederationRelay(record_table="person", record_id=relayed.id, hops="KZ,KG"))
        session.flush()

        def withdrawn_by_kg(person: Person) -> dict[str, Any]:
            tombstone = {"kind": "person", "global_id": person.global_id, "version": 9}
            return {**_bundle({}), "records": [], "withdrawn": [tombstone]}

        with pytest.raises(Refusal, match="only its origin withdraws it"):
            take(session, made["kg"], withdrawn_by_kg(direct))  # KZ's, straight from KZ
        taken = take(session, made["kg"], withdrawn_by_kg(relayed))
        session.refresh(relayed)
        assert taken.withdrawn == 1 and relayed.deleted_at is not None
        assert relayed.origin_node_id == made["kz"].id and relayed.version == 9


def test_a_node_sends_its_hub_what_reaches_a_node_beyond_it_unless_h2(engine: Engine) -> None:
    with transaction(engine) as session:
        kz, hub = _node(session, "KZ", is_local=True), _node(session, "HUB")
        kg, uz = _node(session, "KG"), _node(session, "UZ")
        kg.via_node_id = hub.id  # KG reached through the hub; UZ directly
        orgs = {
            code: Organisation(code=code, name=code, kind="police", node_id=node)
            for code, node in (("KZ-POL", None), ("KG-POL", kg.id), ("UZ-POL", uz.id))
        }
        session.add_all(orgs.values())
        session.flush()
        groups = {}
        for name, member in (("KG-GROUP", "KG-POL"), ("UZ-GROUP", "UZ-POL")):
            groups[name] = SharingGroup(name=name, owner_org_id=orgs["KZ-POL"].id)
            session.add(groups[name])
            session.flush()
            session.add(SharingGroupMember(group_id=groups[name].id, org_id=orgs[member].id))

        def own(group: str, handling: str) -> Person:
            person = Person(org_id=orgs["KZ-POL"].id, distribution="group",
                            sharing_group_id=groups[group].id, handling=handling)  # fmt: skip
            session.add(person)
            session.flush()
            return person

        for_kg, _h2, _uz = own("KG-GROUP", "H0"), own("KG-GROUP", "H2"), own("UZ-GROUP", "H0")
        to_hub = bundle_for(session, kz, hub, 0)
    assert [r["global_id"] for r in to_hub["records"]] == [for_kg.global_id]
    assert "hops" not in to_hub["records"][0] and to_hub["hops"] == ["KZ"]  # its origin
