"""Finding people by name in any script: "Джуманбеков" finds "Jumanbekov" and back.

Every word of every stored name has a phonetic key (``amanat.register.name_key``),
the same for the spellings one Central Asian name takes in Cyrillic and Latin.  A
query is cut into the same keys; candidates are the visible persons whose names
hold all of them (or, for a query of three words or more, all but one: records
often leave out the patronymic), read off the index of the rarest word; they are
ranked by the name comparison, which gives a score and its reasons, and only names
that at least possibly match are returned (each hit is a disclosure, and audited).

Protected persons (victims, witnesses) have no plaintext names and are excluded:
they match on nothing.  The search is audited with its stated purpose, and each
person returned leaves a ``search_hit`` entry, so auditors see who found whom.
The query text itself is not stored: it may be a name that should not be kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, distinct, exists, func, select
from sqlalchemy.orm import Session, aliased

from amanat.access import audit_store
from amanat.access.visibility import Viewer, visible
from amanat.names import POSSIBLE_THRESHOLD, NameComparison, compare_names
from amanat.register import Person, PersonName, PersonNameKey
from amanat.register.name_key import name_keys
from amanat.service.deps import Caller
from amanat.service.errors import FieldProblem

MAX_QUERY_LENGTH = 300
MAX_PURPOSE_LENGTH = 500
MAX_LIMIT = 100
# Candidates ranked by the name comparison (a fraction of a millisecond each), the
# ones sharing most words first; more would only slow every search down.
CANDIDATES = 30


@dataclass(frozen=True)
class PersonHit:
    person_id: int
    display_name: str
    score: float
    reasons: tuple[str, ...]
    org_id: int


def _checked(query: str, purpose: str, limit: int) -> tuple[str, str]:
    text = query.strip() if isinstance(query, str) else ""
    why = purpose.strip() if isinstance(purpose, str) else ""
    if not why or len(why) > MAX_PURPOSE_LENGTH or "\x00" in why:
        raise FieldProblem(
            ("query", "purpose"), "is required: say why you search (it is audited)", purpose
        )
    if not text or len(text) > MAX_QUERY_LENGTH or "\x00" in text:
        raise FieldProblem(("query", "q"), f"give a name of 1 to {MAX_QUERY_LENGTH} letters")
    if not 1 <= limit <= MAX_LIMIT:
        raise FieldProblem(("query", "limit"), f"must be between 1 and {MAX_LIMIT}", limit)
    return text, why


def _frequencies(session: Session, keys: list[str]) -> dict[str, int]:
    """How many names hold each key (from the index alone)."""
    K = PersonNameKey  # noqa: N806 - a table alias reads better short
    query = select(K.key, func.count()).where(K.key.in_(keys)).group_by(K.key)
    return {key: int(n) for key, n in session.execute(query)}


def _findable(query: Select[int, int], viewer: Viewer) -> Select[int, int]:
    return query.where(Person.is_protected.is_(False), visible(Person, viewer))


def _sharing_all(keys: list[str], viewer: Viewer) -> Select[int, int]:
    """Persons with every key, read off the rarest key's index entries in person
    order (so the cost follows the rarest word, and stops at the limit).  A person
    with the word in two names comes twice: callers keep the first."""
    rarest = aliased(PersonNameKey)
    query = select(Person.id, Person.org_id).join(rarest, rarest.person_id == Person.id)
    query = query.where(rarest.key == keys[0])
    for key in keys[1:]:
        other = aliased(PersonNameKey)
        query = query.where(exists().where(other.person_id == rarest.person_id, other.key == key))
    return _findable(query.order_by(rarest.person_id), viewer)


def _sharing_most(keys: list[str], viewer: Viewer) -> Select[int, int]:
    """Persons with all of ``keys`` but one (``keys`` rarest first): each has one of
    the two rarest, so only their index entries are read."""
    K = PersonNameKey  # noqa: N806 - a table alias reads better short
    hits = func.count(distinct(K.key))
    with_rare = select(K.person_id).where(K.key.in_(keys[:2]))
    matched = select(K.person_id, hits.label("hits")).where(
        K.key.in_(keys), K.person_id.in_(with_rare)
    )
    found = matched.group_by(K.person_id).having(hits >= len(keys) - 1).subquery()
    query = select(Person.id, Person.org_id).join(found, found.c.person_id == Person.id)
    return _findable(query.order_by(found.c.hits.desc(), Person.id), viewer)


def _candidates(session: Session, viewer: Viewer, keys: list[str]) -> dict[int, int]:
    """person id -> owner org id, best candidates first, at most ``CANDIDATES``."""
    frequency = _frequencies(session, keys)
    present = sorted((k for k in keys if k in frequency), key=lambda k: frequency[k])
    found: dict[int, int] = {}
    if present and len(present) == len(keys):
        rows = session.execute(_sharing_all(present, viewer).limit(2 * CANDIDATES))
        for person_id, org_id in rows:
            found.setdefault(person_id, org_id)
    # A record that lacks one word of a longer query (a patronymic, most often).
    if len(found) < CANDIDATES and len(keys) >= 3 and len(present) >= len(keys) - 1:
        most = _sharing_most(present, viewer).where(Person.id.not_in(list(found) or [0]))
        for person_id, org_id in session.execute(most.limit(CANDIDATES)):
            found.setdefault(person_id, org_id)
    return dict(list(found.items())[:CANDIDATES])


def _ranked(session: Session, text: str, candidates: dict[int, int], limit: int) -> list[PersonHit]:
    names = session.execute(
        select(PersonName.person_id, PersonName.full_name)
        .where(PersonName.person_id.in_(list(candidates)))
        .order_by(PersonName.id)
    )
    best: dict[int, PersonHit] = {}
    compared: dict[str, NameComparison] = {}  # one spelling is often many records'
    for person_id, full_name in names:
        result = compared.get(full_name) or compared.setdefault(
            full_name, compare_names(text, full_name)
        )
        if result.score >= POSSIBLE_THRESHOLD and (
            person_id not in best or result.score > best[person_id].score
        ):
            best[person_id] = PersonHit(
                person_id, full_name, result.score, result.reasons, candidates[person_id]
            )
    return sorted(best.values(), key=lambda hit: (-hit.score, hit.person_id))[:limit]


def _audit(session: Session, viewer: Viewer, action: str, purpose: str, **fields: Any) -> None:
    audit_store.append(
        session, action, user_id=viewer.user_id, org_id=viewer.org_id, purpose=purpose, **fields
    )


def search_people(
    session: Session, caller: Caller, query: str, purpose: str, limit: int = 20
) -> list[PersonHit]:
    """Visible persons whose names match ``query`` in any script, best first."""
    text, why = _checked(query, purpose, limit)
    viewer = caller.viewer
    keys = name_keys(text)
    hits: list[PersonHit] = []
    if keys and viewer.reads_records:
        candidates = _candidates(session, viewer, keys)
        hits = _ranked(session, text, candidates, limit) if candidates else []
    _audit(session, viewer, "search", why, target_kind="person", detail={"hits": len(hits)})
    for hit in hits:
        _audit(
            session,
            viewer,
            "search_hit",
            why,
            target_kind="person",
            target_id=hit.person_id,
            detail={"owner_org_id": hit.org_id, "protected": False},
        )
    return hits
