"""Withdrawal without an edit of the record (issue 18, item 5): removing KG's
organisation from the sharing group at KZ sends KG a tombstone for the group's
records with the next bundle, and adding it back sends them again, newer; KZ lists
the tombstone as unacknowledged until KG's signed acknowledgement comes back."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_federation import (
    PERSON_PROFILE,
    Node,
    cli,
    new_node,
    ok,
    refused,
    sql,
    trail,
)


def unacked(node: Node, where: Path) -> str:
    """What `amanat federation status` says of KG's unacknowledged tombstones."""
    status = ok(node, "federation", "status", cwd=where)
    rows = [[c.strip() for c in line.split("┃" if "┃" in line else "│")]
            for line in status.splitlines() if "│" in line or "┃" in line]  # fmt: skip
    kg_row = next(row for row in rows if row[1] == "KG")
    return kg_row[rows[0].index("unacked tombstones")]


def test_leaving_and_rejoining_the_group_withdraws_and_resends(tmp_path: Path) -> None:
    where = tmp_path
    kz, kg = new_node("KZ", where), new_node("KG", where)
    cli(kz, "node", "add", "KG", "http://127.0.0.1:1", kg.public_key, cwd=where)
    cli(kg, "node", "add", "KZ", "http://127.0.0.1:2", kz.public_key, cwd=where)
    cli(kz, "org", "add", "KZ-POL", "Kazakh police", "--kind", "police", cwd=where)
    cli(kz, "org", "add", "KG-POL", "Kyrgyz police", "--kind", "police", "--node", "KG",
        cwd=where)  # fmt: skip
    cli(kg, "org", "add", "KG-POL", "Kyrgyz police", "--kind", "police", cwd=where)
    for node, owner in ((kz, "KZ-POL"), (kg, "KG-POL")):
        cli(node, "group", "add", "TASK-FORCE", "--owner", owner, cwd=where)
    cli(kz, "group", "add-member", "TASK-FORCE", "KG-POL", cwd=where)
    cli(kz, "user", "add", "kz-analyst", "--org", "KZ-POL", "--role", "investigator",
        "--password", "long enough password", cwd=where)  # fmt: skip
    (where / "person.yaml").write_text(PERSON_PROFILE.format(kind="person"))
    (where / "people.csv").write_text("id,full_name,sex\nP1,Group Suspect,male\n")
    cli(kz, "import", "people.csv", "--profile", "person.yaml", "--user", "kz-analyst",
        "--distribution", "group", "--group", "TASK-FORCE", cwd=where)  # fmt: skip
    key = ("--key-file", str(kz.key_file))

    def exchange(name: str) -> dict[str, list[object]]:
        path = where / name
        ok(kz, "federation", "export", "--to", "KG", "--out", str(path), *key, cwd=where)
        ok(kg, "federation", "import", str(path), cwd=where)
        bundle: dict[str, list[object]] = json.loads(path.read_bytes())["bundle"]
        return bundle

    def held_at_kg() -> int:
        return int(sql(kg, "SELECT count(*) FROM person WHERE deleted_at IS NULL")[0][0])

    assert len(exchange("1.json")["records"]) == 1 and held_at_kg() == 1
    # The member leaves, through the command line (the group.remove_member action).
    ok(kz, "group", "remove-member", "TASK-FORCE", "KG-POL", cwd=where)
    second = exchange("2.json")
    assert second["records"] == [] and len(second["withdrawn"]) == 1
    assert held_at_kg() == 0
    assert trail(kg, "federation_bundle_received")[-1]["withdrawn"] == 1
    assert unacked(kz, where) == "1"
    # KG acknowledges, offline: a signed file carried back to KZ.
    ack = where / "ack.json"
    ok(kg, "federation", "ack", "--to", "KZ", "--out", str(ack), "--key-file", str(kg.key_file),
       cwd=where)  # fmt: skip
    forged = where / "ack-forged.json"
    forged.write_bytes(ack.read_bytes().replace(b'"received":', b'"received":1'))
    error = refused(kz, "federation", "import", str(forged), cwd=where)
    assert "acknowledgement refused" in error and unacked(kz, where) == "1"
    assert trail(kz, "federation_ack_refused")[-1]["sender"] == "KG"
    out = ok(kz, "federation", "import", str(ack), cwd=where)
    assert out.startswith("Acknowledged by KG: up to sequence")
    assert unacked(kz, where) == "0"
    sent, taken = trail(kg, "federation_ack_sent"), trail(kz, "federation_ack_received")
    assert taken[-1]["sha256"] == sent[-1]["sha256"]
    # Back in the group: the record is sent again, at a version above the tombstone.
    ok(kz, "group", "add-member", "TASK-FORCE", "KG-POL", cwd=where)
    third = exchange("3.json")
    assert len(third["records"]) == 1 and third["withdrawn"] == []
    assert held_at_kg() == 1
    # An organisation of KZ itself leaving changes nothing KG is sent.
    cli(kz, "org", "add", "KZ-NGO", "Kazakh NGO", "--kind", "ngo", cwd=where)
    cli(kz, "group", "add-member", "TASK-FORCE", "KZ-NGO", cwd=where)
    ok(kz, "group", "remove-member", "TASK-FORCE", "KZ-NGO", cwd=where)
    fourth = exchange("4.json")
    assert fourth["records"] == [] and fourth["withdrawn"] == []
