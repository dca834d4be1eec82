"""Every generated row is one the ORM would have accepted: valid codes, plausible
dates, sound links, markings within what TLP allows."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Date, DateTime, select, text
from sqlalchemy.orm import Session
from tests.demo.region.conftest import Built

from amanat.demo.region.dates import HORIZON
from amanat.register import RECORD_KINDS, Base
from amanat.register.checks import InvalidValue, check_marking
from amanat.store.schema import metadata
from amanat.vocab import vocabulary

LATEST = dt.date.fromordinal(HORIZON)
# Columns that may lie in the future: a document's expiry.
FUTURE_ALLOWED = {("identity_document", "expires_on")}


def models() -> list[type[Base]]:
    return [
        m.class_ for m in Base.registry.mappers if m.class_.__module__.startswith("amanat.register")
    ]


def test_every_vocabulary_column_holds_valid_codes(tiny_region: Built) -> None:
    with tiny_region.engine.connect() as connection:
        for table in metadata().sorted_tables:
            for column in table.columns:
                name = column.info.get("vocabulary")
                if name is None:
                    continue
                query = select(column).where(column.is_not(None)).distinct()
                found = set(connection.execute(query).scalars())
                assert found <= set(vocabulary(name).codes()), f"{table.name}.{column.name}"


def test_no_date_lies_in_the_future(tiny_region: Built) -> None:
    with tiny_region.engine.connect() as connection:
        for table in metadata().sorted_tables:
            for column in table.columns:
                if (table.name, column.name) in FUTURE_ALLOWED:
                    continue
                if isinstance(column.type, Date | DateTime):
                    latest = connection.scalar(select(column).order_by(column.desc()).limit(1))
                    if latest is None:
                        continue
                    day = latest.date() if isinstance(latest, dt.datetime) else latest
                    assert day <= LATEST, f"{table.name}.{column.name}: {day}"


def test_every_record_passes_the_orm_checks(tiny_region: Built) -> None:
    """Load every record and run the checks the ORM runs on input."""
    with Session(tiny_region.engine) as session:
        for model in models():
            for record in session.scalars(select(model)):
                _check_fields(model, record)
                check_record = getattr(record, "check_record", None)
                if check_record is not None:
                    check_record()
                if hasattr(record, "distribution"):
                    check_marking(
                        model.__tablename__, record.tlp, record.distribution,
                        record.sharing_group_id,
                    )  # fmt: skip


def _check_fields(model: type[Base], record: Any) -> None:
    for column in model.__table__.columns:
        check = column.info.get("check")
        value = getattr(record, column.key)
        if check is None or value is None:
            continue
        try:
            check(value)
        except (ValueError, TypeError) as exc:
            raise InvalidValue(f"{model.__tablename__}.{column.key}", value, str(exc)) from None


def test_links_are_sound(tiny_region: Built) -> None:
    """Every foreign key points at a row (the loader skips the checks, so check here)."""
    with tiny_region.engine.connect() as connection:
        for table in metadata().sorted_tables:
            for key in table.foreign_keys:
                child, parent = key.parent, key.column
                dangling = connection.scalar(
                    text(
                        f'SELECT count(*) FROM "{table.name}" c WHERE c."{child.name}" IS NOT NULL '
                        f'AND NOT EXISTS (SELECT 1 FROM "{parent.table.name}" p '
                        f'WHERE p."{parent.name}" = c."{child.name}")'
                    )
                )
                assert dangling == 0, f"{table.name}.{child.name}"


def test_every_kind_of_record_is_there(tiny_region: Built) -> None:
    with tiny_region.engine.connect() as connection:
        for kind, model in RECORD_KINDS.items():
            count = connection.scalar(text(f'SELECT count(*) FROM "{model.__tablename__}"'))
            assert count, kind


def test_every_record_has_a_global_identity_of_its_own_made_here(tiny_region: Built) -> None:
    seen: list[str] = []
    with tiny_region.engine.connect() as connection:
        for model in RECORD_KINDS.values():
            if "global_id" not in model.__table__.columns:
                continue  # an organisation is no record
            table = model.__tablename__
            rows = connection.execute(text(f'SELECT global_id, origin_node_id FROM "{table}"'))
            for global_id, origin in rows:
                assert str(uuid.UUID(global_id)) == global_id, table
                assert origin is None, table  # this node's own records
                seen.append(global_id)
    assert len(seen) > 1000 and len(set(seen)) == len(seen)
    assert {uuid.UUID(g).version for g in seen} == {4}
