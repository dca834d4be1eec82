"""Indicator tables for publication: victims by sex, age (0–17 / 18+), form of
exploitation and citizenship; persons prosecuted and convicted by sex and
citizenship; national and regional; in the shapes UNODC's GLOTIP questionnaire and
SDG indicator 16.2.2 ask for.

Periods are calendar years (GLOTIP counts victims detected and persons prosecuted
in the reference year).  Everyone counted is a person, not a record: a victim the
police and an NGO both recorded counts once (``amanat.analyze.victims``), and so
does a defendant the prosecutor and the court both recorded in one case.  Victims
count where their case is, else where identified; persons prosecuted or convicted
where the case is, in cases of the scope's type (trafficking in persons by default).
A person's sex and citizenship come from the person records, and only when a record
is admitted too — for publication, when it is CLEAR; otherwise they count as unknown.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, Subquery, and_, case, func, select

from amanat.analyze.crosstab import CrossTab
from amanat.analyze.network.canonical import entity_of
from amanat.analyze.scope import Scope
from amanat.analyze.victims import victim_forms, victims
from amanat.register import Case, Citizenship, Person, PipelineEvent

SEXES = ("female", "male", "unknown")
AGES = ("0-17", "18+", "unknown")
UNKNOWN = "unknown"
GLOTIP_GROUPS = ("women", "men", "girls", "boys", UNKNOWN)


def _age(people: Subquery) -> Any:
    age = people.c.age
    return case((age.is_(None), UNKNOWN), (age < 18, "0-17"), else_="18+")


def _sex(column: Any) -> Any:
    return func.coalesce(column, UNKNOWN)


def _rows(engine: Engine, query: Any) -> list[tuple[str, str, int]]:
    with engine.connect() as connection:
        return [(str(a), str(b), int(n)) for a, b, n in connection.execute(query)]


def victims_by_sex_age(engine: Engine, scope: Scope) -> CrossTab:
    people = victims(scope)
    sex, age = _sex(people.c.sex), _age(people)
    query = select(sex, age, func.count()).group_by(sex, age)
    return CrossTab.of(
        "victims_sex_age",
        "Victims detected by sex and age",
        "sex",
        _rows(engine, query),
        SEXES,
        AGES,
    )


def victims_by_form(engine: Engine, scope: Scope) -> CrossTab:
    people, forms = victims(scope), victim_forms(scope)
    sex = _sex(people.c.sex)
    query = (
        select(forms.c.form, sex, func.count())
        .select_from(forms)
        .join(people, people.c.victim == forms.c.victim)
        .group_by(forms.c.form, sex)
    )
    most = select(func.count()).select_from(forms).group_by(forms.c.victim)
    with engine.connect() as connection:
        contributions = max([n for (n,) in connection.execute(most)] or [1])
    return CrossTab.of(
        "victims_form_sex",
        "Victims detected by form of exploitation and sex",
        "form",
        _rows(engine, query),
        (),
        SEXES,
        contributions,
    )


def victims_by_citizenship(engine: Engine, scope: Scope) -> CrossTab:
    people = victims(scope)
    sex, citizen = _sex(people.c.sex), func.coalesce(people.c.citizenship, UNKNOWN)
    query = select(citizen, sex, func.count()).group_by(citizen, sex)
    return CrossTab.of(
        "victims_citizenship_sex",
        "Victims detected by citizenship and sex",
        "citizenship",
        _rows(engine, query),
        (),
        SEXES,
    )


def victims_glotip(engine: Engine, scope: Scope) -> CrossTab:
    """GLOTIP's victim table: women, men, girls, boys by form of exploitation."""
    people, forms = victims(scope), victim_forms(scope)
    sex, age = people.c.sex, people.c.age
    group = case(
        (and_(sex == "female", age >= 18), "women"),
        (and_(sex == "male", age >= 18), "men"),
        (and_(sex == "female", age < 18), "girls"),
        (and_(sex == "male", age < 18), "boys"),
        else_=UNKNOWN,
    )
    query = (
        select(group, forms.c.form, func.count())
        .select_from(forms)
        .join(people, people.c.victim == forms.c.victim)
        .group_by(group, forms.c.form)
    )
    return CrossTab.of(
        "glotip_victims",
        "GLOTIP: victims detected by sex/age group and form",
        "group",
        _rows(engine, query),
        GLOTIP_GROUPS,
        (),
        contributions=3,
    )


def persons_at_stage(engine: Engine, scope: Scope, stage: str) -> CrossTab:
    """Persons prosecuted (or convicted) by sex and citizenship: national, foreign."""
    citizen = (
        select(func.min(Citizenship.country))
        .where(Citizenship.person_id == Person.id)
        .scalar_subquery()
    )
    nationality = case(
        (Person.id.is_(None), UNKNOWN),
        (citizen.is_(None), UNKNOWN),
        (citizen == Case.jurisdiction, "national"),
        else_="foreign",
    )
    # One row per person in a case: a value beats a blank ("unknown" sorts last).
    sex = func.min(_sex(Person.sex))
    person = entity_of("person", PipelineEvent.person_id)
    persons = (
        select(
            PipelineEvent.case_id,
            person.label("person"),
            sex.label("sex"),
            func.min(nationality).label("nat"),
        )
        .join(Case, Case.id == PipelineEvent.case_id)
        .outerjoin(Person, and_(Person.id == PipelineEvent.person_id, scope.admits(Person)))
        .where(
            scope.admits(PipelineEvent),
            scope.admits(Case),
            PipelineEvent.stage == stage,
            PipelineEvent.person_id.is_not(None),
            Case.case_type == (scope.case_type or "tip"),
            scope.in_period(PipelineEvent.occurred_on),
            *([Case.jurisdiction == scope.country] if scope.country else []),
        )
        .group_by(PipelineEvent.case_id, person)
        .subquery()
    )
    query = select(persons.c.sex, persons.c.nat, func.count()).group_by(
        persons.c.sex, persons.c.nat
    )
    return CrossTab.of(
        f"persons_{stage}",
        f"Persons {stage} by sex and citizenship",
        "sex",
        _rows(engine, query),
        SEXES,
        ("national", "foreign", UNKNOWN),
    )


def victims_by_country(engine: Engine, scope: Scope) -> CrossTab:
    """The regional table: victims by country and sex."""
    people = victims(scope.narrowed(country=None))
    country, sex = func.coalesce(people.c.country, UNKNOWN), _sex(people.c.sex)
    query = select(country, sex, func.count()).group_by(country, sex)
    return CrossTab.of(
        "regional_victims",
        "Victims detected by country and sex",
        "country",
        _rows(engine, query),
        (),
        SEXES,
    )


def indicator_tables(engine: Engine, scope: Scope) -> list[CrossTab]:
    """Every indicator table for the scope: national when it names a country."""
    tables = [
        victims_by_sex_age(engine, scope),
        victims_by_form(engine, scope),
        victims_by_citizenship(engine, scope),
        victims_glotip(engine, scope),
        persons_at_stage(engine, scope, "prosecuted"),
        persons_at_stage(engine, scope, "convicted"),
    ]
    if not scope.country:
        tables.append(victims_by_country(engine, scope))
    return tables


def sdg_16_2_2(table: CrossTab, population: int) -> dict[str, float]:
    """Victims per 100,000 population by sex and age (SDG 16.2.2) from the
    sex × age table; ``population`` is the country's, given by the user."""
    rates: dict[str, float] = {}
    for i, sex in enumerate(table.rows):
        for j, age in enumerate(table.columns):
            rates[f"{sex}/{age}"] = float(table.cells[i, j]) * 100_000 / population
    rates["total"] = float(table.cells.sum()) * 100_000 / population
    return rates
