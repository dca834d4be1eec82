"""Finding people by name in any script: "Джуманбеков" finds "Jumanbekov" and back.

Every word of every stored name has a phonetic key (``amanat.register.name_key``),
the same for the spellings one Central Asian name takes in Cyrillic and Latin.  A
query is cut into the same keys; candidates are the visible persons whose names
hold all of them (or, for a query of three words or more, all but one: records
often leave out the patronymic), read off the index of word pairs; they are
kept when the name comparison says they at least possibly match (each hit is a
disclosure, and audited), and ordered by the same scoring as linkage: the register's
linkage model's probability when a model is stored (``amanat.resolve.search.rank``),
else the name comparison's score; among equals, the spelling closest to the query's
(the exact transliteration first: Джуманбеков ranks Dzhumanbekov before Jumanbekov).
A surname alone puts the records that spell it as typed first, however many other
parts their names have.

Protected persons (victims, witnesses) have no plaintext names and are excluded:
they match on nothing.  The search is audited with its stated purpose, and each
person returned leaves a ``search_hit`` entry, so auditors see who found whom.
The query text itself is not stored: it may be a name that should not be kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from rapidfuzz.fuzz import ratio
from sqlalchemy import BindParameter, Select, bindparam, distinct, exists, func, select
from sqlalchemy.orm import Session, aliased

from amanat.access.roles import Permission
from amanat.access.visibility import Viewer, viewer_params, visible_template
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.language.i18n import N_
from amanat.names import POSSIBLE_THRESHOLD, NameComparison, compare_names, transliterate
from amanat.names.dates import PartialDate, usable_date
from amanat.names.normalise import normalise, words
from amanat.register import Person, PersonName, PersonNameKey
from amanat.register.name_key import MAX_PAIRED_WORDS, pair_keys
from amanat.register.name_key_version import search_keys
from amanat.resolve.model_store import StoredModel, current_model
from amanat.resolve.records import PersonRecord, read_people

MAX_QUERY_LENGTH = 300
MAX_PURPOSE_LENGTH = 500
MAX_LIMIT = 100
# Candidates ranked by the name comparison (a fraction of a millisecond each), the
# ones sharing most words first; more would only slow every search down.
CANDIDATES = 30
# Persons sharing most words with the query checked for visibility, best first: enough
# for ``CANDIDATES`` visible ones unless the user sees few of the records around.
SCANNED = 5 * CANDIDATES
# A model trained by another process is used by searches here within this time.
MODEL_TTL_SECONDS = 30.0


@dataclass(frozen=True)
class PersonHit:
    person_id: int
    display_name: str
    score: float
    reasons: tuple[str, ...]
    org_id: int
    # The linkage model's probability on the name alone; None without a model, or for a
    # single hit (nothing to order: scoring costs a DuckDB session).
    match_probability: float | None = None
    model_version: str | None = None
    birth_date: str | None = None  # as recorded, to the year, month or day


def _born(born: str | None) -> PartialDate | None:
    """The date of birth a search gives (optional), or a clear error naming the field."""
    if born is None or not born.strip():
        return None
    # 01.01 of a year is read as the year: the usual default when only the year is known.
    when, problem = usable_date(born) if len(born) <= 40 else (None, "too long")
    if when is None:
        raise FieldProblem(
            ("query", "born"),
            N_("give a date of birth as YYYY, MM.YYYY or DD.MM.YYYY (%(problem)s)"),
            born,
            problem=problem,
        )
    return when


def _contradicts(given: PartialDate | None, recorded: PartialDate | None) -> bool:
    """Whether a recorded date of birth rules the given one out: years more than one
    apart (a year is often guessed), or the same year with another day and month, not
    merely swapped (12.03 / 03.12)."""
    if given is None or recorded is None:
        return False
    if abs(given.year - recorded.year) > 1:
        return True
    if given.year != recorded.year or None in (given.month, given.day, recorded.month):
        return False
    if recorded.day is None:
        return given.month != recorded.month
    pair, other = (given.month, given.day), (recorded.month, recorded.day)
    return pair != other and pair != other[::-1]


def _checked(query: str, purpose: str, limit: int) -> tuple[str, str]:
    text = query.strip() if isinstance(query, str) else ""
    why = purpose.strip() if isinstance(purpose, str) else ""
    if not why or len(why) > MAX_PURPOSE_LENGTH or "\x00" in why:
        raise FieldProblem(
            ("query", "purpose"), N_("is required: say why you search (it is audited)"), purpose
        )
    if not text or len(text) > MAX_QUERY_LENGTH or "\x00" in text:
        raise FieldProblem(
            ("query", "q"),
            N_("give a name of 1 to %(length)s letters"),
            length=MAX_QUERY_LENGTH,
        )
    if not 1 <= limit <= MAX_LIMIT:
        raise FieldProblem(
            ("query", "limit"),
            N_("must be between 1 and %(most)s"),
            limit,
            most=MAX_LIMIT,
        )
    return text, why


# Statements built once (per number of query words) with bound parameters, run
# with ``viewer_params``: building and keying them cost more than running them.
_KEYS: BindParameter[str] = bindparam("keys", expanding=True)
_FREQUENCIES = (
    select(PersonNameKey.key, func.count())
    .where(PersonNameKey.key.in_(_KEYS))
    .group_by(PersonNameKey.key)
)
_NAMES = (
    select(
        PersonName.person_id,
        PersonName.full_name,
        Person.birth_year,
        Person.birth_month,
        Person.birth_day,
    )
    .join(Person, Person.id == PersonName.person_id)
    .where(PersonName.person_id.in_(bindparam("people", expanding=True)))
    .order_by(PersonName.id)
)


def _frequencies(session: Session, keys: list[str]) -> dict[str, int]:
    """How many names hold each key (from the index alone); keys no name holds are left out."""
    return {key: int(n) for key, n in session.execute(_FREQUENCIES, {"keys": keys})}


def _findable(query: Select[int, int]) -> Select[int, int]:
    # Only for roles that read records: search_people asks nothing of other roles.
    return query.where(Person.is_protected.is_(False), visible_template(Person, True))


@cache
def _sharing_all(words: int) -> Select[int, int]:
    """Persons with every key (``key_0`` the rarest), read off the rarest key's index
    entries in person order (so the cost follows the rarest word, and stops at the
    limit).  A person with the word in two names comes twice: callers keep the first."""
    rarest = aliased(PersonNameKey)
    query = select(Person.id, Person.org_id).join(rarest, rarest.person_id == Person.id)
    query = query.where(rarest.key == bindparam("key_0"))
    for index in range(1, words):
        other = aliased(PersonNameKey)
        query = query.where(
            exists().where(
                other.person_id == rarest.person_id, other.key == bindparam(f"key_{index}")
            )
        )
    return _findable(query.order_by(rarest.person_id)).limit(bindparam("limit"))


@cache
def _sharing_pairs() -> Select[int, int]:
    """Persons whose names hold at least ``need`` of the query's word pairs
    (``amanat.register.name_key``), those with most first: a few dozen index entries
    where single words would be thousands.  The best ``scan`` of them are checked for
    visibility, not all: a pair of common words (Азамат уулу) is in thousands of names,
    and a search shows at most ``CANDIDATES``."""
    K = PersonNameKey  # noqa: N806 - a table alias reads better short
    pairs = func.count(distinct(K.key))
    best = (
        select(K.person_id, pairs.label("pairs"))
        .where(K.key.in_(bindparam("pairs", expanding=True)))
        .group_by(K.person_id)
        .having(pairs >= bindparam("need"))
        .order_by(pairs.desc(), K.person_id)
        .limit(bindparam("scan"))
        .subquery()
    )
    query = select(Person.id, Person.org_id).join(best, best.c.person_id == Person.id)
    return _findable(query.order_by(best.c.pairs.desc(), Person.id)).limit(bindparam("limit"))


def _candidates(session: Session, viewer: Viewer, keys: list[str]) -> dict[int, int]:
    """person id -> owner org id, best candidates first, at most ``CANDIDATES``.

    A query of 2 to 12 words finds the names holding all its words, or all but one
    (a record without the patronymic, most often) when it has three or more: a name
    with m of the n words holds m(m-1)/2 of their pairs, so "at least n-1 words" is
    "at least (n-1)(n-2)/2 pairs".  One word, or more than 12, is looked up word by word.
    """
    seen = viewer_params(viewer)
    words = len(keys)
    if 2 <= words <= MAX_PAIRED_WORDS:
        need = 1 if words == 2 else (words - 1) * (words - 2) // 2
        given: dict[str, Any] = {"pairs": pair_keys(keys), "need": need}
        given |= {"scan": SCANNED, "limit": CANDIDATES}
        return {row[0]: row[1] for row in session.execute(_sharing_pairs(), {**seen, **given})}
    # One word is read off its index; more than 12, rarest first (the counts only
    # order them), and a word no name holds means no name holds them all.
    frequency = _frequencies(session, keys) if words > 1 else dict.fromkeys(keys, 0)
    if len(frequency) < words:
        return {}
    given = {
        f"key_{index}": key for index, key in enumerate(sorted(keys, key=frequency.__getitem__))
    }
    found: dict[int, int] = {}
    for person_id, org_id in session.execute(
        _sharing_all(words), {**seen, **given, "limit": 2 * CANDIDATES}
    ):
        found.setdefault(person_id, org_id)
    return dict(list(found.items())[:CANDIDATES])


def _ranked(
    session: Session,
    viewer: Viewer,
    text: str,
    candidates: dict[int, int],
    limit: int,
    when: PartialDate | None,
) -> list[PersonHit]:
    names = session.execute(_NAMES, {"people": list(candidates)})
    best: dict[int, PersonHit] = {}
    recorded: dict[int, PartialDate | None] = {}
    compared: dict[str, NameComparison] = {}  # one spelling is often many records'
    for person_id, full_name, year, month, day in names:
        result = compared.get(full_name) or compared.setdefault(
            full_name, compare_names(text, full_name)
        )
        if result.score >= POSSIBLE_THRESHOLD and (
            person_id not in best or result.score > best[person_id].score
        ):
            born = recorded[person_id] = PartialDate(year, month, day) if year else None
            best[person_id] = PersonHit(
                person_id,
                full_name,
                result.score,
                result.reasons,
                candidates[person_id],
                birth_date=None if born is None else str(born),
            )
    hits = list(best.values())
    model = current_model(session, "person", max_age=MODEL_TTL_SECONDS) if len(hits) > 1 else None
    if model is not None:
        hits = _scored(session, viewer, text, hits, model, when)

    surname_alone = len(words(text)) == 1

    def order(hit: PersonHit) -> tuple[bool, bool, float, float, float, int]:
        # Without a model, a date of birth given only puts the records it rules out last;
        # with one, it is evidence in the probability like any other field.
        ruled_out = model is None and _contradicts(when, recorded.get(hit.person_id))
        # One word (a surname alone) says nothing of the other parts, so how many a record
        # has must not decide: a record whose matched name holds the word as typed comes first.
        spelt_as_typed = surname_alone and _has_word(hit.display_name, text)
        first = hit.score if hit.match_probability is None else hit.match_probability
        closeness = _closeness(text, hit.display_name)
        return (ruled_out, not spelt_as_typed, -first, *closeness, hit.person_id)

    return sorted(hits, key=order)[:limit]


def _has_word(name: str, word: str) -> bool:
    return normalise(word) in words(name)


def _closeness(text: str, name: str) -> tuple[float, float]:
    """Among equals, the spelling closest to the query's: as written, then in Latin
    (Джуманбеков ranks Dzhumanbekov, its transliteration, before Jumanbekov)."""
    written, shown = text.casefold(), name.casefold()
    # Exact text only: a ratio across scripts measures nothing (Cyrillic shares no letter
    # with Latin), and capitals are how passports write names, not another spelling.
    return float(written != shown), -ratio(transliterate(written), transliterate(shown))


def _scored(
    session: Session,
    viewer: Viewer,
    text: str,
    hits: list[PersonHit],
    model: StoredModel,
    when: PartialDate | None,
) -> list[PersonHit]:
    """The hits with the linkage model's probability on the name, and on the date of
    birth when the search gives one."""
    from amanat.resolve.search import rank  # Splink: loaded only once a model is stored

    shown = {hit.person_id: hit.display_name for hit in hits}
    people = [
        PersonRecord(record.id, shown[record.id])
        if when is None
        else PersonRecord(record.id, shown[record.id], None, *_date_of(record))
        for record in read_people(session, viewer, only_ids=list(shown))
    ]
    query = (
        PersonRecord(0, text)
        if when is None
        else PersonRecord(0, text, None, when.year, when.month, when.day)
    )
    scores = {r.record.id: r.score for r in rank(query, people, model)}
    return [
        replace(hit, match_probability=scores.get(hit.person_id, 0.0), model_version=model.version)
        for hit in hits
    ]


def _date_of(record: PersonRecord) -> tuple[int | None, int | None, int | None]:
    return record.birth_year, record.birth_month, record.birth_day


def find_people(
    ctx: Context, text: str, limit: int, when: PartialDate | None = None
) -> list[PersonHit]:
    """The search's hits, best first, unaudited: for actions that audit what they show
    (``person.search``, ``person.search_grouped``), with ``text`` and ``limit`` checked."""
    session, viewer = ctx.session, ctx.viewer
    keys = search_keys(session.connection(), text)  # refused when the stored keys are stale
    if not keys or not viewer.reads_records:
        return []
    candidates = _candidates(session, viewer, keys)
    return _ranked(session, viewer, text, candidates, limit, when) if candidates else []


def audit_found(ctx: Context, why: str, shown: dict[int, int]) -> None:
    """The search and each person record it showed (id -> owner organisation), in one
    append (one statement)."""
    found = {"owner_org_id": 0, "protected": False}
    ctx.audit_entries(
        [("search", "person", None, {"hits": len(shown)})]
        + [
            ("search_hit", "person", record, {**found, "owner_org_id": org})
            for record, org in shown.items()
        ],
        purpose=why,
    )


def checked_query(
    query: str, purpose: str, limit: int, born: str | None
) -> tuple[str, str, PartialDate | None]:
    """The query, purpose and date of birth of a people search, or a ``FieldProblem``."""
    text, why = _checked(query, purpose, limit)
    return text, why, _born(born)


@action(
    "person.search",
    "Find people by name in any script (and date of birth), best first; protected "
    "persons are never found by name",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit=("search", "search_hit"),
)
def search_people(
    ctx: Context,
    query: str,
    purpose: str,
    limit: int = 20,
    born: str | None = None,
) -> list[PersonHit]:
    """Visible persons whose names match ``query`` in any script, best first; ``born``
    (optional, a full or partial date of birth) weighs in the order."""
    text, why, when = checked_query(query, purpose, limit, born)
    hits = find_people(ctx, text, limit, when)
    audit_found(ctx, why, {hit.person_id: hit.org_id for hit in hits})
    return hits
