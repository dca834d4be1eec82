"""What linkage compares, computed once per record by the name layer.

Splink compares columns in SQL; the Central Asian name rules live in Python
(``amanat.names``).  So every record gets its keys here, once: the phonetic keys of its
name parts in any order, the same without patronymic with feminine family endings made
masculine, its gender, the father's name its patronymic carries, a date of birth with
placeholders removed, normalised document numbers, phone numbers in E.164 form (read in
the country where they were written, ``amanat.names.phones``), and the record's context:
its agency, its cases (small ones apart) and its towns.  SQL then compares keys (fast),
and only pairs whose keys differ reach the name layer itself (``name_udf``).

Everything here is pure and cached per word or per value: a million records hold far
fewer distinct names, dates and words.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

import pyarrow as pa

from amanat.names import Gender, Role, name_parts, normalise_document_number
from amanat.names.dates import PartialDate, date_problem
from amanat.names.parts import name_gender
from amanat.names.phones import phone_key
from amanat.names.placeholder import placeholder_reason
from amanat.resolve.records import PersonRecord

# Documents a person holds one of at a time: two records giving different numbers of the
# same type are evidence against.  A migration card, visa or work permit is issued per trip
# or per job, so different numbers of those say nothing.
IDENTITY_DOCUMENT_TYPES = frozenset(
    {"national_passport", "international_passport", "id_card", "birth_certificate"}
)
MAX_PAIRED = 4  # words of a name paired for blocking: more are noise, and pairs grow fast
PARALLEL_FROM = 100_000  # records; below this, starting processes costs more than it saves
# People with a role in a case for it to be a small one: two close names in a case of a few
# suspects are one person far more often than in a network case of dozens.
SMALL_CASE = 6
_SEX = {"male": "male", "female": "female"}


@dataclass(frozen=True, slots=True)
class NameFeatures:
    """Keys of one name; all None when the name is a placeholder or has no letters."""

    name_key: str | None  # every part's key, sorted: word order does not matter
    core_key: str | None  # family and given names only, gender-neutral (IVANAV for Ivanova)
    bases: tuple[str, ...]  # those parts one by one, for blocking
    pairs: tuple[str, ...]  # every two of them, for blocking (Family Given Father ~ Given Family)
    tail_key: str | None  # the same words sorted by their endings (see below)
    patronymic: str | None  # the father's name the patronymic carries (SERIK)
    gender: str | None  # what the endings show: male, female or None
    size: int  # parts that are not initials: a same three-part name says more than one word
    # first letters of the parts but the patronymic, sorted: for blocking pairs whose words
    # all differ a little (Хўжаев А. ~ Xojayev Aziz: AH) together with the date of birth
    initials: str | None


NO_NAME = NameFeatures(None, None, (), (), None, None, None, 0, None)


def _by_endings(words: list[str]) -> str:
    """Words sorted by their reversed spelling: a slip in a first letter (Orinboyeva for
    O'rinboyeva) moves a word in alphabetical order but not in this one, so the SQL that
    decides whether a pair is worth the name layer compares both orders."""
    return " ".join(sorted(words, key=lambda word: word[::-1]))


@lru_cache(maxsize=262144)
def name_features(name: str) -> NameFeatures:
    """The keys of a name in any script.

    >>> name_features("Джуманбеков Ерлан") == name_features("JUMANBEKOV ERLAN")
    True
    """
    if placeholder_reason(name) is not None:
        return NO_NAME
    parts = name_parts(name)
    if not parts:
        return NO_NAME
    core = sorted(p.base for p in parts if p.role not in (Role.PATRONYMIC, Role.INITIAL))
    father = next((p.stem for p in parts if p.role is Role.PATRONYMIC), None)
    gender = name_gender(parts)
    keys = [p.key for p in parts]
    return NameFeatures(
        " ".join(sorted(keys)),
        " ".join(core) if len(core) >= 2 else None,  # one word alone is too common to be a key
        tuple(core),
        tuple(" ".join(pair) for pair in combinations(core[:MAX_PAIRED], 2)),
        _by_endings(core if len(core) >= 2 else keys),
        father,
        None if gender is Gender.UNKNOWN else gender.value,
        sum(p.role is not Role.INITIAL for p in parts),
        "".join(sorted(p.key[:1] for p in parts if p.role is not Role.PATRONYMIC)) or None,
    )


@lru_cache(maxsize=65536)
def birth_date(
    year: int | None, month: int | None, day: int | None
) -> tuple[int | None, int | None, int | None]:
    """The date of birth as evidence: placeholders and impossible dates become unknown.

    1 January of a real year is read as the year only, as ``amanat.names.dates`` does: it
    is the usual default when a document gives no day and month.
    """
    if year is None:
        return None, None, None
    when = PartialDate(year, month, day if month is not None else None)
    if date_problem(when) is not None:
        return None, None, None
    if when.month == 1 and when.day == 1:
        return year, None, None
    return when.year, when.month, when.day


def date_text(year: int | None, month: int | None, day: int | None) -> str | None:
    """ISO 8601 at the precision known."""
    if year is None:
        return None
    return str(PartialDate(year, month, day))


@lru_cache(maxsize=262144)
def _document_number(number: str) -> str | None:
    return normalise_document_number(number)


def documents(given: tuple[tuple[str, str], ...]) -> tuple[list[str], list[str]]:
    """Normalised numbers of every document, and the identity document types held."""
    numbers = {_document_number(number) for _, number in given}
    kinds = {kind for kind, number in given if kind in IDENTITY_DOCUMENT_TYPES}
    return sorted(n for n in numbers if n), sorted(kinds)


def phones(record: PersonRecord) -> list[str]:
    """The record's phone numbers in E.164 form: one written without its country code is
    read as the recording organisation's country's, else as that of the person's
    citizenship (when the citizenships agree).  Numbers valid nowhere are left out."""
    found = {phone_key(n, (record.written_in,), record.citizenships) for n in record.phones}
    return sorted(n for n in found if n)


FEATURE_SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("full_name", pa.string()),
        ("name_key", pa.string()),
        ("core_key", pa.string()),
        ("name_bases", pa.list_(pa.string())),
        ("name_pairs", pa.list_(pa.string())),
        ("name_size", pa.int32()),
        ("tail_key", pa.string()),
        ("name_initials", pa.string()),
        # the one word of a one-word name (Хамид, Azizi O.): such a name sharing its word
        # with a longer one (Zia Hamid) is worth the name layer's look (``settings``)
        ("single_key", pa.string()),
        ("patronymic", pa.string()),
        ("gender", pa.string()),
        ("birth_year", pa.int32()),
        ("birth_month", pa.int32()),
        ("birth_day", pa.int32()),
        ("birth_date", pa.string()),
        # the year when the month is unknown (or 1 January): for blocking on the year alone
        ("birth_year_alone", pa.int32()),
        ("citizenships", pa.list_(pa.string())),
        ("documents", pa.list_(pa.string())),
        ("document_types", pa.list_(pa.string())),
        ("phones", pa.list_(pa.string())),
        ("organisation", pa.int64()),  # whose record: one agency's two records are two people
        ("cases", pa.list_(pa.int64())),
        ("small_cases", pa.list_(pa.int64())),
        ("places", pa.list_(pa.int64())),
    ]
)


def feature_table(records: list[PersonRecord], workers: int | None = None) -> pa.Table:
    """The linkage input: one row per record, columns as in ``FEATURE_SCHEMA``.

    A large batch is split over ``workers`` processes (default: one per core): the name
    layer is pure Python, so one process would use one core of the machine.
    """
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(records) >= PARALLEL_FROM:
        size = -(-len(records) // (workers * 2))  # two chunks a worker evens out the load
        chunks = [records[start : start + size] for start in range(0, len(records), size)]
        # spawn, not fork: the caller may already run DuckDB or Spark threads
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            return pa.concat_tables(pool.map(_features, chunks))
    return _features(records)


def _features(records: list[PersonRecord]) -> pa.Table:
    columns: dict[str, list[object]] = {name: [] for name in FEATURE_SCHEMA.names}
    for record in records:
        name = name_features(record.name)
        year, month, day = birth_date(record.birth_year, record.birth_month, record.birth_day)
        numbers, kinds = documents(record.documents)
        values = (
            record.id,
            record.name or None,
            name.name_key,
            name.core_key,
            list(name.bases) or None,
            list(name.pairs) or None,
            name.size,
            name.tail_key,
            name.initials,
            name.bases[0] if len(name.bases) == 1 else None,
            name.patronymic,
            name.gender or _SEX.get(record.sex or ""),
            year,
            month,
            day,
            date_text(year, month, day),
            year if month is None else None,
            list(record.citizenships) or None,
            numbers or None,
            kinds or None,
            phones(record) or None,
            record.org_id,
            # a case says who a name belongs to; without a usable name it says nothing (and
            # would tie a placeholder "неизвестно" to the named co-accused)
            [case for case, _ in record.cases if name.name_key] or None,
            [case for case, people in record.cases if name.name_key and people <= SMALL_CASE]
            or None,
            list(record.places) or None,
        )
        for column, value in zip(columns.values(), values, strict=True):
            column.append(value)
    return pa.table(columns, schema=FEATURE_SCHEMA)
