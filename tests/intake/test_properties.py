"""Random and mutated files end in a clean import or a clear error, and an error
leaves the register exactly as it was."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from tests.intake.conftest import count, import_as
from tests.intake.test_import import PEOPLE, PEOPLE_PROFILE

from amanat.access.roles import PermissionDenied
from amanat.actions.intake import ImportRequest
from amanat.intake.problems import IntakeError
from amanat.intake.profile import parse_profile
from amanat.register import Citizenship, Person, PersonName

PROFILE = parse_profile(PEOPLE_PROFILE)
TABLES = (Person, PersonName, Citizenship)


def _mutated(data: st.DataObject) -> bytes:
    base = bytearray(PEOPLE.encode(data.draw(st.sampled_from(["utf-8", "cp1251", "utf-16"]))))
    for _ in range(data.draw(st.integers(0, 6))):
        action = data.draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        at = data.draw(st.integers(0, max(len(base) - 1, 0)))
        if action == "flip" and base:
            base[at] = data.draw(st.integers(0, 255))
        elif action == "insert":
            base[at:at] = data.draw(st.binary(min_size=1, max_size=8))
        elif action == "delete" and base:
            del base[at]
        elif action == "truncate":
            del base[at:]
    return bytes(base)


def _import_or_error(engine: Engine, content: bytes, suffix: str) -> None:
    before = [count(engine, t) for t in TABLES]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"file{suffix}"
        path.write_bytes(content)
        try:
            result = import_as(engine, ImportRequest(path, PROFILE))
        except IntakeError as exc:
            assert exc.message("ru") and exc.message("en")
            result = None
        except PermissionDenied:  # never expected: asel may create
            raise
    if result is None or not result.ok:
        if result is not None:
            assert all(e.reason("en") and e.row >= 1 for e in result.errors)
        assert [count(engine, t) for t in TABLES] == before
    else:
        assert result.written


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_csv_files(registered_sqlite: Engine, data: st.DataObject) -> None:
    _import_or_error(registered_sqlite, _mutated(data), ".csv")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".xlsx", ".json", ".jsonl"])
)
def test_random_bytes_in_any_format(registered_sqlite: Engine, content: bytes, suffix: str) -> None:
    _import_or_error(registered_sqlite, content, suffix)
