"""Drugs and arms on the move, from seizures: where a consignment came from, where
it was seized (its transit point) and where it was going.

Kilograms are summed per route and substance in the database.  A seized weapon
whose serial number matches a weapon reported lost from storage is traced: its
origin is the country of that depot (Soviet-era stockpiles leak), not what the
seizing officer guessed.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Engine, func, select

from amanat.analyze.flowset import UNKNOWN, FlowSet, Path
from amanat.analyze.scope import Scope
from amanat.register import SeizedDrug, Seizure, StorageLoss, Weapon


def _where(scope: Scope) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [scope.admits(Seizure), scope.in_period(Seizure.seized_on)]
    if scope.country:
        clauses.append(
            (Seizure.country == scope.country)
            | (Seizure.origin_country == scope.country)
            | (Seizure.destination_country == scope.country)
        )
    return clauses


def _path(origin: str | None, seized_in: str, destination: str | None) -> Path:
    via = tuple(c for c in (seized_in,) if c not in (origin, destination))
    return Path(origin or UNKNOWN, via, destination or UNKNOWN)


def drug_flows(engine: Engine, scope: Scope, substance: str | None = None) -> FlowSet:
    """Kilograms of drugs by origin → country of seizure → destination."""
    query = (
        select(
            Seizure.origin_country,
            Seizure.country,
            Seizure.destination_country,
            func.sum(SeizedDrug.quantity_kg),
        )
        .join(SeizedDrug, SeizedDrug.seizure_id == Seizure.id)
        .where(*_where(scope))
        .group_by(Seizure.origin_country, Seizure.country, Seizure.destination_country)
    )
    if substance:
        query = query.where(SeizedDrug.substance == substance)
    flows = FlowSet("drugs", "kg")
    with engine.connect() as connection:
        for origin, seized_in, destination, kg in connection.execute(query):
            flows.add(_path(origin, seized_in, destination), float(kg or 0))
    return flows


def arms_flows(engine: Engine, scope: Scope) -> FlowSet:
    """Weapons seized, by origin (traced to a storage loss when possible) → country
    of seizure → destination."""
    # A derived table, so Weapon here is not correlated with the seized weapons
    # (the visibility rule needs the mapped class itself, not an alias).
    traced = (
        select(Weapon.serial_number, func.min(StorageLoss.country).label("country"))
        .join(StorageLoss, StorageLoss.id == Weapon.storage_loss_id)
        .where(scope.admits(Weapon), scope.admits(StorageLoss), Weapon.serial_number.is_not(None))
        .group_by(Weapon.serial_number)
        .subquery()
    )
    origin = func.coalesce(traced.c.country, Seizure.origin_country)
    query = (
        select(origin, Seizure.country, Seizure.destination_country, func.count())
        .select_from(Weapon)
        .join(Seizure, Seizure.id == Weapon.seizure_id)
        .outerjoin(traced, traced.c.serial_number == Weapon.serial_number)
        .where(scope.admits(Weapon), *_where(scope))
        .group_by(origin, Seizure.country, Seizure.destination_country)
    )
    flows = FlowSet("arms", "weapons")
    with engine.connect() as connection:
        for source, seized_in, destination, count in connection.execute(query):
            flows.add(_path(source, seized_in, destination), int(count))
    return flows
