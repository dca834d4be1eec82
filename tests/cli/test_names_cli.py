"""`amanat names compare` as a user runs it; `amanat names rekey` as the operator does."""

from __future__ import annotations

import base64
import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, select, update
from typer.testing import CliRunner

from amanat.access.audit_store import AuditRecord
from amanat.access.identity_vault import Identity, protect
from amanat.access.protected_names import ProtectedNameIndex, persons_named
from amanat.access.vault import generate_master_key
from amanat.cli import names
from amanat.names import MATCH_THRESHOLD, POSSIBLE_THRESHOLD
from amanat.names.phonetic import KEY_VERSION
from amanat.register import Organisation, Person, PersonName, PersonNameKey
from amanat.register.name_key import NameKeyVersion, stored_keys
from amanat.register.name_key_version import stored_version
from amanat.store.engine import transaction

AMANAT = str(Path(sys.executable).parent / "amanat")

runner = CliRunner()


def test_compare_two_names() -> None:
    result = runner.invoke(names.app, ["compare", "Джуманбеков Ерлан", "Jumanbekov Erlan"])
    assert result.exit_code == 0, result.output
    assert "score     1.00" in result.output
    assert "decision  match" in result.output
    assert "family name: Джуманбеков ~ Jumanbekov (same phonetic key JUMANBEKAV)" in result.output


def test_compare_a_placeholder() -> None:
    result = runner.invoke(names.app, ["compare", "неизвестно", "неизвестно"])
    assert result.exit_code == 0, result.output
    assert "decision  no match" in result.output
    assert "never matched" in result.output


def test_compare_pairs_writes_csv(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    rows = [
        ("Джуманбеков Ерлан", "Jumanbekov Erlan", "match"),
        ("Ivanov Sergei", "Ivanova Sergei", "no match"),
        ("Асанов Бакыт", "Бакыт Асан уулу", "possible"),
        ("unknown", "unknown", "no match"),
    ]
    with pairs.open("w", encoding="utf-8-sig", newline="") as handle:  # as Excel saves it
        writer = csv.writer(handle)
        writer.writerow(["id", "a", "b"])
        writer.writerows((str(i), a, b) for i, (a, b, _) in enumerate(rows))
    result = runner.invoke(names.app, ["compare", "--pairs", str(pairs)])
    assert result.exit_code == 0, result.output
    out = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(out[0]) == ["a", "b", "score", "decision", "reasons"]
    assert [(r["a"], r["b"], r["decision"]) for r in out] == rows
    assert float(out[0]["score"]) == 1.0
    assert "same phonetic key JUMANBEKAV" in out[0]["reasons"]
    assert "; " in out[2]["reasons"]


def test_pairs_without_the_columns(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("left,right\nA,B\n", encoding="utf-8")
    result = runner.invoke(names.app, ["compare", "--pairs", str(pairs)])
    assert result.exit_code == 1
    assert "needs columns a and b" in result.output


@pytest.mark.parametrize(
    "arguments",
    [["compare"], ["compare", "only one"], ["compare", "A", "B", "--pairs", __file__]],
)
def test_wrong_arguments_are_explained(arguments: list[str]) -> None:
    result = runner.invoke(names.app, arguments)
    assert result.exit_code == 1
    assert "Error:" in result.output


def test_help_describes_the_arguments() -> None:
    result = runner.invoke(names.app, ["compare", "--help"])
    assert result.exit_code == 0
    thresholds = (f"{MATCH_THRESHOLD:.2f}", f"{POSSIBLE_THRESHOLD:.2f}")  # help follows the code
    for text in ("First name", "Second name", "--pairs", "columns a and b", *thresholds):
        assert text in result.output


def test_compare_pairs_writes_names_as_text_not_formulas(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    formulas = ['=HYPERLINK("http://example.invalid","y")', "+1+1", "@SUM(A1)", "-2+3"]
    with pairs.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["a", "b"])
        writer.writerows((f, "Jumanbekov Erlan") for f in formulas)
    result = runner.invoke(names.app, ["compare", "--pairs", str(pairs)])
    assert result.exit_code == 0, result.output
    out = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [r["a"] for r in out] == ["'" + f for f in formulas]
    assert all(0 <= float(r["score"]) <= 1 for r in out)


def _amanat(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [AMANAT, *arguments], capture_output=True, text=True, timeout=300, check=False, env=env
    )


def test_rekey_rebuilds_stale_keys_and_is_recorded(sqlite_engine: Engine) -> None:
    """As the operator runs it: the installed command, in its own process."""
    url = sqlite_engine.url.render_as_string(hide_password=False)
    with transaction(sqlite_engine) as session:
        org = Organisation(code="KZ-POL", name="Police", kind="police", country="KZ")
        session.add(org)
        session.flush()
        session.add(Person(org_id=org.id, names=[PersonName(full_name="Васильев Юрий")]))
    with transaction(sqlite_engine) as session:  # as an older key function left them
        session.execute(update(PersonNameKey).values(key=PersonNameKey.key + "X"))
        session.execute(update(NameKeyVersion).values(version=KEY_VERSION - 1))
    done = _amanat("names", "rekey", "--database", url)
    assert done.returncode == 0, done.stdout + done.stderr
    keys = stored_keys("Васильев Юрий")
    assert done.stdout == (
        f"Name search keys rebuilt: {len(keys)} keys of version {KEY_VERSION} "
        f"(they were: version {KEY_VERSION - 1})\n"
    )
    with sqlite_engine.connect() as connection:
        assert sorted(connection.scalars(select(PersonNameKey.key))) == sorted(keys)
        assert stored_version(connection) == KEY_VERSION
        entry = connection.scalars(
            select(AuditRecord.action).order_by(AuditRecord.seq.desc()).limit(1)
        ).one()
    assert entry == "name_keys_rebuilt"


def test_rekey_needs_a_register(tmp_path: Path) -> None:
    done = _amanat("names", "rekey", "--database", f"sqlite:///{tmp_path / 'none.sqlite'}")
    assert done.returncode == 1
    assert "run `amanat init` first" in done.stderr


def test_index_protected_gives_earlier_victims_their_name_index(sqlite_engine: Engine) -> None:
    """Victims sealed before migration 0023 have no index: the operator's command, with
    the master key, builds it from the sealed identities; the name is never printed."""
    master = generate_master_key()
    url = sqlite_engine.url.render_as_string(hide_password=False)
    with transaction(sqlite_engine) as session:
        org = Organisation(code="KG-NGO", name="NGO", kind="ngo", country="KG")
        session.add(org)
        session.flush()
        person = Person(org_id=org.id, is_protected=True)
        session.add(person)
        session.flush()
        protect(session, master, person, Identity(names=[{"full_name": "Айгуль Сапарова"}]))
        session.execute(delete(ProtectedNameIndex))  # as before the upgrade
        org_id, person_id = org.id, person.id
    key = base64.b64encode(master.secret).decode()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AMANAT_")}
    refused = _amanat("names", "index-protected", "--database", url, env=environment)
    assert refused.returncode == 1 and "no master key" in refused.stderr
    done = _amanat(
        "names", "index-protected", "--database", url,
        env={**environment, "AMANAT_MASTER_KEY": key},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "Protected names indexed: 1 persons\n"
    assert "Айгуль" not in done.stdout + done.stderr
    with transaction(sqlite_engine) as session:
        query = persons_named(master, org_id, "Aigul Saparova")
        assert query is not None and list(session.scalars(query)) == [person_id]
        entry = session.scalars(
            select(AuditRecord.action).order_by(AuditRecord.seq.desc()).limit(1)
        ).one()
    assert entry == "protected_names_indexed"
