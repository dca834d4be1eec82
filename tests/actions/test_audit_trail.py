"""The audit trail through the door: the ``audit`` permission reads it (auditors), the
operator reads it on the command line, reading it is recorded, and signing and
verifying are the operator's alone."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.actions.conftest import acting, detail, operating, trail
from typer.testing import CliRunner

from amanat.access import accounts, audit_store
from amanat.access.audit import generate_signing_key_file, load_signing_key
from amanat.access.roles import PermissionDenied
from amanat.actions import audit_trail
from amanat.actions.actor import Credential
from amanat.actions.door import Refused
from amanat.actions.errors import FieldProblem
from amanat.cli.audit import app
from amanat.store.engine import transaction

PASSWORD = "correct horse battery"
runner = CliRunner()


@pytest.fixture
def people(engine: Engine) -> Engine:
    """KZ-POL with an auditor and an analyst; two entries: one by the analyst, one by
    the operator (no organisation)."""
    with transaction(engine) as session:
        accounts.add_organisation(session, "KZ-POL", "Kazakh police", "police", "KZ")
        for name, role in (("olga", "auditor"), ("aigul", "analyst")):
            accounts.add_user(session, "KZ-POL", name, name.title(), role, PASSWORD)
        analyst = accounts.user_by_name(session, "aigul")
        audit_store.append(
            session, "read", user_id=analyst.id, org_id=analyst.org_id, target_kind="case"
        )
        audit_store.append(session, "resolve_run", target_kind="resolution_run", target_id=1)
    return engine


def test_only_the_audit_permission_reads_the_trail(people: Engine) -> None:
    for run in (
        lambda ctx: audit_trail.search(ctx, audit_trail.Wanted()),
        lambda ctx: audit_trail.alerts(ctx),
    ):
        with pytest.raises(PermissionDenied, match="lacks 'audit'"):
            with acting(people, "aigul") as ctx:
                run(ctx)
    # an auditor's read-only token reads it: reading the trail changes nothing else
    with acting(people, "olga", Credential.read_only_token) as ctx:
        found = audit_trail.search(ctx, audit_trail.Wanted(username="aigul"))
    assert [(e.action, name) for e, name in found.entries] == [("read", "aigul")]
    searched = trail(people)[-1]
    assert searched.action == "audit_search" and detail(searched)["rows"] == 1


def test_reading_alerts_is_recorded_and_a_period_ending_first_is_refused(people: Engine) -> None:
    with acting(people, "olga") as ctx:
        raised = audit_trail.alerts(ctx, since=dt.datetime(2000, 1, 1))
    read = trail(people)[-1]
    assert read.action == "alerts_read" and detail(read)["alerts"] == len(raised.alerts)
    with pytest.raises(FieldProblem) as refused, acting(people, "olga") as ctx:
        audit_trail.alerts(ctx, since=dt.datetime(2020, 1, 2), until=dt.datetime(2020, 1, 1))
    assert refused.value.loc == ("query", "since")


def test_signing_and_verifying_are_the_operators(people: Engine, tmp_path: Path) -> None:
    public = generate_signing_key_file(tmp_path / "signing.key")
    key = load_signing_key(tmp_path / "signing.key", {})
    with pytest.raises(Refused, match="not open to a command line"):
        with acting(people, "olga") as ctx:
            audit_trail.checkpoint(ctx, key)
    with pytest.raises(Refused):
        with acting(people, "olga") as ctx:
            audit_trail.verify(ctx, [])
    with operating(people) as ctx:
        signed = audit_trail.checkpoint(ctx, key)
    assert signed is not None and signed.seq == trail(people)[-1].seq
    with pytest.raises(audit_trail.KeyNeeded), operating(people) as ctx:
        audit_trail.verify(ctx, [])
    with operating(people) as ctx:
        assert audit_trail.verify(ctx, [public]).ok


def _cli(people: Engine, *args: str) -> str:
    url = people.url.render_as_string(hide_password=False)
    result = runner.invoke(app, [*args, "-d", url])
    assert result.exit_code in (0, 3), result.output
    return result.output


def test_the_operators_search_and_alerts_are_recorded(people: Engine) -> None:
    """On the command line the operator reads the trail; that is in it now, as an
    auditor's reading is."""
    _cli(people, "search", "--action", "read")
    _cli(people, "alerts")
    searched, alerted = trail(people)[-2:]
    assert (searched.action, searched.actor_user_id) == ("audit_search", None)
    assert json.loads(searched.detail) == {"rows": 1, "via": "system operator"}
    assert alerted.action == "alerts_read"


def test_an_unknown_organisation_matches_no_entry(people: Engine) -> None:
    """Not the operator's, which have no organisation (an unknown code once compared
    the organisation with NULL)."""
    assert "resolve_run" not in _cli(people, "search", "--org", "NO-SUCH")
    with operating(people) as ctx:
        found = audit_trail.search(ctx, audit_trail.Wanted(org_code="NO-SUCH"))
    assert found.entries == []
