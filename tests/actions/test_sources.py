"""Source documents' files through the door: kept only by the source's organisation,
with the vault's key and the file its record fingerprints; downloaded only by those
who see the source, each download audited; invisible answers like missing."""

from __future__ import annotations

import pytest
from tests.actions.conftest import World

from amanat.access.roles import PermissionDenied
from amanat.access.sharing import NotFound
from amanat.actions import sources
from amanat.actions.errors import FieldProblem
from amanat.actions.records.changes import OriginatorOnly

CONTENT = b"%PDF court decision"


def _source(world: World, group: bool = True, content: bytes = CONTENT) -> int:
    record = {
        "kind": "source",
        "ref": "source",
        "title": "Decision 2-123/2024",
        "content_sha256": sources.fingerprint(content),
    }
    return world.create("police", record, group=group)["source"]


def _attach(world: World, source_id: int, username: str = "police", **options: bool) -> None:
    with world.acting(username, **options) as ctx:
        sources.attach_file(ctx, source_id, "C:\\cases\\decision.pdf", "application/pdf", CONTENT)


def test_the_file_is_kept_and_downloaded_with_an_entry_each(world: World) -> None:
    source_id = _source(world)
    _attach(world, source_id)
    [upload] = world.entries("upload")
    assert upload["target"] == ("source", str(source_id)) and upload["size"] == len(CONTENT)
    with world.acting("prosecutor") as ctx:
        kept, content = sources.download(ctx, source_id)
        assert (kept.filename, content) == ("decision.pdf", CONTENT)
        assert sources.file_of(ctx, source_id) == kept
    [download] = world.entries("download")
    assert download["user_id"] == world.user_id("prosecutor")
    reads = [e for e in world.entries("read") if e["user_id"] == world.user_id("prosecutor")]
    assert [e["purpose"] for e in reads] == ["download"]


def test_only_the_sources_organisation_keeps_its_file(world: World) -> None:
    source_id = _source(world)
    with pytest.raises(OriginatorOnly):
        _attach(world, source_id, "prosecutor")
    with pytest.raises(NotFound):
        _attach(world, source_id, "uz-police")
    with pytest.raises(PermissionDenied, match="'create'"):
        _attach(world, source_id, "stats")
    assert world.entries("upload") == []


def test_a_file_is_kept_only_with_the_key_and_as_fingerprinted(world: World) -> None:
    with pytest.raises(FieldProblem, match="master key"):
        _attach(world, _source(world), master=False)
    with pytest.raises(FieldProblem, match="fingerprints"):
        _attach(world, _source(world, content=b"another file"))
    source_id = _source(world)
    _attach(world, source_id)
    with pytest.raises(FieldProblem, match="already"):
        _attach(world, source_id)


def test_a_source_not_shared_answers_like_a_missing_one(world: World) -> None:
    source_id = _source(world, group=False)
    _attach(world, source_id)
    for missing in (source_id, source_id + 1000, 2**63):
        with world.acting("prosecutor") as ctx:
            with pytest.raises(NotFound):
                sources.download(ctx, missing)
            assert sources.file_of(ctx, missing) is None
    assert world.entries("download") == []


def test_without_the_key_nothing_is_downloaded(world: World) -> None:
    source_id = _source(world)
    _attach(world, source_id)
    with world.acting("police", master=False) as ctx, pytest.raises(NotFound):
        sources.download(ctx, source_id)
    assert world.entries("download") == []
