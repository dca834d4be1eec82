"""Build a demo region into an empty register, streaming rows to the bulk writer.

The region grows unit by unit (a network with its cases, a lone offender's case,
or victims known only to an NGO), each drawn from its own random stream seeded by
the build's seed and the unit's number, until the size's promised counts are met.
Rows go to the database in chunks, so memory stays bounded whatever the size.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from amanat.access.vault import MasterKey
from amanat.demo.population.ground_truth import GroundTruthWriter
from amanat.demo.population.mix import Mix
from amanat.demo.region.arsenal import add_storage_losses
from amanat.demo.region.gazetteer import add_places
from amanat.demo.region.lone import add_assisted_victims, add_lone_case
from amanat.demo.region.network_cases import add_network
from amanat.demo.region.organisations import add_organisations
from amanat.demo.region.people import People
from amanat.demo.region.rows import Rows
from amanat.demo.region.sealing import Vault, demo_master_key
from amanat.demo.region.services import add_service_offers
from amanat.demo.region.sizes import Size, size_named
from amanat.demo.region.sources import Sources
from amanat.demo.region.things import Things
from amanat.demo.region.world import World
from amanat.register import Base
from amanat.store.bulk import DEFAULT_CHUNK_ROWS, BulkWriter, Worker, table_order
from amanat.store.migrate import is_up_to_date

Progress = Callable[[str, int], None]
FIRST_NETWORKS = ("mixed", "arms", "tip", "drugs", "mixed")
UNITS = Mix([("network", 0.05), ("lone", 0.75), ("assisted", 0.2)])
# From this many cases on, writing from a separate process beats its start-up cost.
PROCESS_FROM_CASES = 20_000
# Tables outside the register proper that a region writes: sharing groups and the vault.
ACCESS_TABLES = frozenset(
    {
        "sharing_group",
        "sharing_group_member",
        "org_key",
        "protected_identity",
        "protected_name_index",
        "record_share",
    }
)


class RegisterNotReady(ValueError):
    """The database is not an empty register at the latest migration."""


def build_region(
    engine: Engine,
    size: str,
    seed: int,
    ground_truth: Path,
    progress: Progress | None = None,
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    worker: Worker | None = None,
    master: MasterKey | None = None,
) -> dict[str, int]:
    """Generate the demo region of ``size`` for ``seed`` into ``engine``.

    Writes the ground truth (which records are the same person, group, vehicle or
    phone) to ``ground_truth``, never into the register.  ``progress`` is called
    with a table name and the rows just handed to the database for it.  Returns
    rows per table.  Victims' and witnesses' identities are sealed with ``master``
    (by default the seed's demo key, see ``demo_master_key``).
    Raises ``RegisterNotReady`` unless the register is migrated and empty, and
    ``ValueError`` for an unknown size.

    Medium and large regions are written by a separate process (see
    ``amanat.store.bulk``), so a script calling this needs the usual
    ``if __name__ == "__main__":`` guard; ``worker`` overrides the choice.
    """
    spec = size_named(size)
    check_empty_register(engine)
    rows = Rows()
    report = progress or (lambda table, count: None)
    vault_key = master or demo_master_key(seed)
    if worker is None:
        worker = "process" if spec.cases >= PROCESS_FROM_CASES else "thread"
    writer = BulkWriter(engine, chunk_rows=chunk_rows, worker=worker)
    with GroundTruthWriter(ground_truth) as truth, writer as out:
        world = _static_world(rows, truth, spec, seed, vault_key)
        _hand_over(rows, out, report)
        _grow(world, spec, seed, out, chunk_rows, report)
        _hand_over(rows, out, report)
        return out.close()


def _hand_over(rows: Rows, out: BulkWriter, report: Progress) -> None:
    batch = rows.take()
    out.add_batch(batch)
    for table, table_rows in batch.items():
        report(table, len(table_rows))


def _static_world(
    rows: Rows, truth: GroundTruthWriter, spec: Size, seed: int, master: MasterKey
) -> World:
    rng = random.Random(f"amanat-demo/{seed}/static")
    orgs = add_organisations(rows)
    places = add_places(rows, rng, orgs, spec.sites_per_country)
    sources = Sources(rows)
    sources.add_annual_reports(rng, orgs)
    arsenal = add_storage_losses(rows, rng, orgs, places, spec.storage_losses)
    people = People(rows, places, truth, Vault(rows, master))
    offers = add_service_offers(rows, orgs)
    return World(rows, orgs, places, people, Things(rows, truth), arsenal, sources, truth, offers)


def _grow(
    world: World, spec: Size, seed: int, out: BulkWriter, chunk_rows: int, report: Progress
) -> None:
    rows = world.rows
    unit = networks = 0
    while not _reached(rows, spec):
        rng = random.Random(f"amanat-demo/{seed}/unit/{unit}")
        kind = UNITS.pick(rng)
        if kind == "network":
            # The first networks take every kind in turn, so even a tiny region has each.
            add_network(
                world, rng, FIRST_NETWORKS[networks] if networks < len(FIRST_NETWORKS) else None
            )
            networks += 1
        elif kind == "lone":
            add_lone_case(world, rng)
        else:
            add_assisted_victims(world, rng)
        unit += 1
        # Hand rows over only between units, so every batch holds whole units.
        if unit % 64 == 0 and rows.pending_count() >= chunk_rows:
            _hand_over(rows, out, report)


def _reached(rows: Rows, spec: Size) -> bool:
    return (
        rows.count("case_file") >= spec.cases
        and rows.count("person") >= spec.person_records
        and rows.count("pipeline_event") >= spec.pipeline_events
    )


def demo_tables() -> list[str]:
    """The tables a demo region writes: the register's, sharing groups and the vault.
    Not ``name_key_version``: the version of the keys, set by the migration, no record."""
    register = {
        str(mapper.class_.__tablename__)
        for mapper in Base.registry.mappers
        if mapper.class_.__module__.startswith("amanat.register")
        and mapper.class_.__tablename__ != "name_key_version"
    }
    return [t for t in table_order() if t in register or t in ACCESS_TABLES]


def check_empty_register(engine: Engine) -> None:
    """Raise ``RegisterNotReady`` unless ``engine`` holds a migrated, empty register."""
    if not is_up_to_date(engine):
        raise RegisterNotReady(
            "the database is not migrated to the latest revision; run `amanat db upgrade` first"
        )
    present = set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        for table in demo_tables():
            if table not in present:
                raise RegisterNotReady(f"table {table!r} is missing")
            if connection.execute(text(f'SELECT 1 FROM "{table}" LIMIT 1')).first():
                raise RegisterNotReady(
                    f"the register is not empty (table {table!r} has rows); "
                    "the demo region is built only into an empty register"
                )
