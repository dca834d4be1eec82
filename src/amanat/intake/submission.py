"""A submission: records one organisation sends in one go, written in one transaction.

The document is JSON (or the same shape as a Python mapping)::

    {"organisation": "KZ-MVD",
     "defaults": {"tlp": "AMBER", "handling": "H1", "reliability": "B", "credibility": "2"},
     "records": [
       {"kind": "person", "ref": "p1", "sex": "male", "birth_year": 1985,
        "names": [{"full_name": "Джуманбеков Ерлан", "script": "Cyrl"}]},
       {"kind": "case", "ref": "c1", "case_type": "tip", "jurisdiction": "KZ"},
       {"kind": "case_role", "case_id": "@c1", "person_id": "@p1", "role": "suspect"}]}

``ref`` names a record inside the submission; ``"@name"`` in any ``*_id`` field
points at it.  A plain integer points at a record already in the register.
Every record is asserted by the submitting organisation; nobody can submit in
another organisation's name.  Any error rolls the whole submission back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapper, Session, class_mapper

from amanat.access.identity_vault import Identity, protect
from amanat.access.vault import MasterKey, PseudonymRole
from amanat.register import (
    RECORD_KINDS,
    Base,
    InvalidValue,
    Organisation,
    Person,
    Provenance,
)
from amanat.register.converters import converter
from amanat.register.sharing_group import SharingGroupMember
from amanat.register.system import set_by_register
from amanat.store.engine import transaction

MARKING_FIELDS = ("tlp", "handling", "reliability", "credibility", "source_kind")


class SubmissionError(ValueError):
    """The submission was rejected; nothing of it was written."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


@dataclass
class SubmissionResult:
    organisation: str
    created: dict[str, int] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)  # ref -> database id


def _table_name(mapper: Mapper[Any]) -> str:
    return str(mapper.class_.__tablename__)


class _Builder:
    def __init__(self, session: Session, org: Organisation, defaults: Mapping[str, Any]) -> None:
        self.session = session
        self.org = org
        self.defaults = defaults
        self.refs: dict[str, int] = {}
        self.master: MasterKey | None = None

    def _check_group(self, where: str, group_id: int) -> None:
        """A submitter marks records only for sharing groups its organisation is in."""
        member = self.session.scalar(
            select(SharingGroupMember.id).where(
                SharingGroupMember.group_id == group_id, SharingGroupMember.org_id == self.org.id
            )
        )
        if member is None:
            raise InvalidValue(where, group_id, "is not a sharing group of yours")

    def reference(self, where: str, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("@"):
            if value[1:] not in self.refs:
                raise InvalidValue(where, value, "refers to no earlier record of this submission")
            return self.refs[value[1:]]
        return value

    def build(
        self, model: type[Base], data: Mapping[str, Any], where: str, record_kind: str = ""
    ) -> Base:
        """Build one object; ``record_kind`` is given for a top-level record, whose
        ``"kind"`` names the kind of record — its own ``kind`` column, if it has one,
        is then given as ``"<record kind>_kind"`` (``"group_kind": "clan"``)."""
        mapper: Mapper[Any] = class_mapper(model)
        columns = {c.key: c for c in mapper.column_attrs}
        children = {r.key: r for r in mapper.relationships if r.uselist}
        is_record = hasattr(model, "org_id") and "org_id" in columns
        values: dict[str, Any] = {}
        reserved = set_by_register(model)  # the register keeps them
        if is_record:
            values.update({k: v for k, v in self.defaults.items() if k in MARKING_FIELDS})
        for key, value in data.items():
            if record_kind and key in ("kind", "ref"):
                continue
            if record_kind and key == f"{record_kind}_kind" and "kind" in columns:
                key = "kind"
            path = f"{where}.{key}"
            if key in reserved:
                raise InvalidValue(path, value, "is set by the register, not by a submitter")
            if key in children:
                continue
            if key not in columns:
                raise InvalidValue(path, value, f"is not a field of {_table_name(mapper)}")
            if key.endswith("_id"):
                value = self.reference(path, value)
            column = columns[key].columns[0]
            try:
                values[key] = converter(column)(value)
            except ValueError as exc:
                raise InvalidValue(path, value, str(exc)) from None
            if values[key] is None and not column.nullable:
                raise InvalidValue(path, value, "must have a value")
            if key == "sharing_group_id" and values[key] is not None:
                self._check_group(path, values[key])
        obj = model()
        if is_record:
            obj.org_id = self.org.id  # type: ignore[attr-defined]
        for key, value in values.items():
            try:
                setattr(obj, key, value)
            except InvalidValue as exc:  # say where in the submission, not just the column
                raise InvalidValue(f"{where}.{key}", data.get(key, exc.value), exc.reason) from None
        for key, rel in children.items():
            items = data.get(key) or []
            if not isinstance(items, list):
                raise InvalidValue(f"{where}.{key}", items, "is not a list")
            built = [
                self.build(rel.mapper.class_, self._child(rel.mapper, item), f"{where}.{key}[{i}]")
                for i, item in enumerate(items)
            ]
            getattr(obj, key).extend(built)
        return obj

    @staticmethod
    def _child(mapper: Mapper[Any], item: Any) -> Mapping[str, Any]:
        # A list of plain strings is shorthand for the child's one main field
        # (citizenships: ["KZ"], phones: ["+7 701 ..."]).
        if isinstance(item, Mapping):
            return item
        main = {"citizenship": "country", "person_phone": "number", "victim_control": "means"}
        key = main.get(_table_name(mapper))
        if key is None:
            raise InvalidValue(_table_name(mapper), item, "is not an object")
        return {key: item}


def submit(
    engine: Engine, document: Mapping[str, Any], master: MasterKey | None = None
) -> SubmissionResult:
    """Write every record of the submission, or none of them.

    A person with ``"is_protected": true`` (a victim or witness) has the identity
    sealed in the vault with ``master``; without a master key such a submission is
    refused rather than stored in plaintext.
    """
    code = document.get("organisation")
    if not isinstance(code, str) or not code:
        raise SubmissionError("organisation", "the submitting organisation's code is required")
    defaults = document.get("defaults") or {}
    if not isinstance(defaults, Mapping):
        raise SubmissionError("defaults", "must be an object")
    with transaction(engine) as session:
        org = session.scalar(select(Organisation).where(Organisation.code == code))
        if org is None:
            raise SubmissionError("organisation", f"{code!r} is not a registered organisation")
        return write_records(session, org, document.get("records"), defaults, master)


def write_records(
    session: Session,
    org: Organisation,
    records: Any,
    defaults: Mapping[str, Any] | None = None,
    master: MasterKey | None = None,
) -> SubmissionResult:
    """Write ``records`` asserted by ``org`` in the caller's transaction (the caller
    commits, or rolls back on the ``SubmissionError`` this raises)."""
    if not isinstance(records, Sequence) or isinstance(records, str) or not records:
        raise SubmissionError("records", "must be a non-empty list")
    result = SubmissionResult(organisation=org.code)
    builder = _Builder(session, org, defaults or {})
    builder.master = master
    try:
        for index, record in enumerate(records):
            _add(builder, index, record, result)
    except InvalidValue as exc:
        raise SubmissionError("", str(exc)) from None
    except IntegrityError as exc:
        raise SubmissionError("", f"refused by the database: {exc.orig}") from None
    return result


def _add(builder: _Builder, index: int, record: Any, result: SubmissionResult) -> None:
    where = f"records[{index}]"
    if not isinstance(record, Mapping):
        raise SubmissionError(where, "is not an object")
    kind = record.get("kind")
    model = RECORD_KINDS.get(str(kind))
    if model is None or not issubclass(model, Provenance):
        submittable = sorted(k for k, m in RECORD_KINDS.items() if hasattr(m, "org_id"))
        raise SubmissionError(
            f"{where}.kind", f"{kind!r} is not a kind of record; one of {', '.join(submittable)}"
        )
    identity = None
    if kind == "person" and record.get("is_protected"):
        record, identity = _split_identity(builder, record, f"{where}.{kind}")
    obj = builder.build(model, record, f"{where}.{kind}", record_kind=str(kind))
    builder.session.add(obj)
    try:
        builder.session.flush()
    except InvalidValue as exc:  # a check across fields, run at flush
        raise SubmissionError(where, str(exc)) from None
    except IntegrityError as exc:
        raise SubmissionError(where, f"refused by the database: {exc.orig}") from None
    if identity is not None:
        role = PseudonymRole.WITNESS if record.get("protected_as") == "witness" else None
        assert builder.master is not None  # checked by _split_identity
        assert isinstance(obj, Person)
        protect(builder.session, builder.master, obj, identity, role or PseudonymRole.VICTIM)
    ref = record.get("ref")
    if ref is not None:
        if str(ref) in builder.refs:
            raise SubmissionError(f"{where}.ref", f"{ref!r} is used twice")
        builder.refs[str(ref)] = obj.id  # type: ignore[attr-defined]
        result.ids[str(ref)] = obj.id  # type: ignore[attr-defined]
    result.created[str(kind)] = result.created.get(str(kind), 0) + 1


IDENTITY_LISTS = ("names", "citizenships", "documents", "phones", "addresses")
IDENTITY_VALUES = ("birth_year", "birth_month", "birth_day")


def _split_identity(
    builder: _Builder, record: Mapping[str, Any], where: str
) -> tuple[dict[str, Any], Identity]:
    """Take a protected person's identity out of the record, checked but never stored
    in the plaintext tables."""
    if builder.master is None:
        raise SubmissionError(
            where, "a protected identity needs the vault's master key (AMANAT_MASTER_KEY_FILE)"
        )
    # Build a throwaway person with the identity so every field is checked the same
    # way as for anyone else; it is never added to the session.
    checked = builder.build(Person, record, where, record_kind="person")
    assert isinstance(checked, Person)
    checked.check_record()
    for name in checked.names:
        name.check_record()
    for document in checked.documents:
        document.check_record()
    identity = Identity(
        names=[
            _plain(n, ("kind", "full_name", "given", "patronymic", "family", "script", "language"))
            for n in checked.names
        ],
        birth_year=checked.birth_year,
        birth_month=checked.birth_month,
        birth_day=checked.birth_day,
        citizenships=[c.country for c in checked.citizenships],
        documents=[_plain(d, ("doc_type", "number", "issuing_country")) for d in checked.documents],
        phones=[p.number for p in checked.phones],
        addresses=[_plain(a, ("kind", "line", "country")) for a in checked.addresses],
    )
    rest = {k: v for k, v in record.items() if k not in IDENTITY_LISTS + IDENTITY_VALUES}
    rest.pop("protected_as", None)
    return rest, identity


def _plain(obj: object, fields: tuple[str, ...]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields if getattr(obj, f) is not None}
