"""Updating and soft-deleting records: originator control, optimistic locking, audit.

Only the owner organisation changes its records; anyone else who can see one asks
the owner through a share request.  Every change names the version it was made
against: a stale version is a conflict (409) and nothing is written, so nobody
silently overwrites a colleague's edit.  A deleted record is kept, with the reason,
and disappears from every read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session, class_mapper
from sqlalchemy.orm.exc import StaleDataError

from amanat.access import sharing
from amanat.access.roles import Permission
from amanat.access.sharing import visible_record
from amanat.access.visibility import Viewer
from amanat.actions.door import Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.actions.records.kinds import children, record_model
from amanat.actions.records.references import check_references
from amanat.discovery.index import refresh_written
from amanat.language.i18n import N_, gettext
from amanat.language.refusal import Refusal, filled
from amanat.register import InvalidValue
from amanat.register.base import utcnow
from amanat.register.converters import converter
from amanat.register.reasons import Unfit
from amanat.register.system import not_changed_by_update, parent_keys, set_by_register

Loc = tuple[str | int, ...]
# A protected person's identity is sealed in the vault; it is never written in plaintext.
SEALED_FIELDS = frozenset(
    {"names", "citizenships", "documents", "phones", "addresses"}
    | {"birth_year", "birth_month", "birth_day"}
)
MAX_REASON = 2000


class OriginatorOnly(Refusal, PermissionError):
    """A change to a record of another organisation: only its originator makes it."""

    def __init__(self, kind: str, record_id: int, verb: str) -> None:
        # ``verb`` is one of the msgids below (marked where it is given).
        super().__init__(
            N_(
                "permission denied: only the originating organisation %(verb)s %(kind)s "
                "%(record_id)s; ask it with a share request"
            ),
            verb=verb,
            kind=kind,
            record_id=record_id,
        )

    def said(self, lang: str) -> str:
        return filled(
            lang, self.msgid, {**self.params, "verb": gettext(lang, str(self.params["verb"]))}
        )


def _owned_record(ctx: Context, kind: str, record_id: int, verb: str) -> Any:
    record_model(kind)
    if not 0 < record_id < 2**63:
        raise FieldProblem(("path", "record_id"), N_("is not a record id"), record_id)
    record = visible_record(ctx.session, ctx.viewer, kind, record_id)
    if record.org_id != ctx.viewer.org_id:
        raise OriginatorOnly(kind, record_id, verb)
    return record


def _check_version(record: Any, version: int, kind: str) -> None:
    if version != record.version:
        raise StaleDataError(f"{kind} {record.id} is at version {record.version}, not {version}")


def _child(model: type[Any], item: Any, loc: Loc) -> Any:
    if not isinstance(item, Mapping):
        raise FieldProblem(loc, N_("is not an object"), item)
    columns = {attr.key: attr for attr in class_mapper(model).column_attrs}
    child = model()
    for key, value in item.items():
        attr = columns.get(key)
        if attr is None or key in set_by_register(model) or key in parent_keys(model):
            raise FieldProblem((*loc, key), N_("is not a field you can set"), value)
        _set(child, key, value, (*loc, key), attr.columns[0])
    return child


def _set(obj: Any, key: str, value: Any, loc: Loc, column: Any) -> None:
    """Set a column to a value read as every door reads it (``register.converters``)."""
    try:
        converted = converter(column)(value)
    except ValueError as exc:
        raise FieldProblem(loc, str(exc), value, exc if isinstance(exc, Unfit) else None) from None
    if converted is None and not column.nullable:
        raise FieldProblem(loc, N_("must have a value"), value)
    try:
        setattr(obj, key, converted)
    except InvalidValue as exc:
        raise FieldProblem(loc, exc.msgid, exc.value, exc.unfit, **exc.params) from None


def apply_changes(
    session: Session, viewer: Viewer, record: Any, changes: Mapping[str, Any], loc: Loc
) -> None:
    model = type(record)
    columns = {attr.key: attr for attr in class_mapper(model).column_attrs}
    lists = children(model)
    # Kept by the register, or changed only through their own actions (distribution, vault).
    kept = not_changed_by_update(model)
    check_references(session, viewer, model, changes, loc)
    for key, value in changes.items():
        if getattr(record, "is_protected", False) and key in SEALED_FIELDS:
            raise FieldProblem(
                (*loc, key), N_("belongs to a protected identity, sealed in the vault"), None
            )
        if key in lists:
            if not isinstance(value, Sequence) or isinstance(value, str):
                raise FieldProblem((*loc, key), N_("is not a list"), value)
            built = [_child(lists[key], item, (*loc, key, i)) for i, item in enumerate(value)]
            setattr(record, key, built)  # the old rows go (delete-orphan)
        elif key in columns and key not in kept:
            _set(record, key, value, (*loc, key), columns[key].columns[0])
        else:
            raise FieldProblem((*loc, key), N_("is not a field you can change"), value)


def _flush(session: Session, loc: Loc) -> None:
    try:
        session.flush()
    except InvalidValue as exc:  # checks across fields run at flush
        field = exc.field.split(".", 1)[-1]
        raise FieldProblem((*loc, field), exc.msgid, exc.value, exc.unfit, **exc.params) from None


@action(
    "record.update",
    "Change fields of a record the caller's organisation owns, at the version read",
    scope=Scope.own_organisation,
    permission=Permission.update,
    audit="update",
)
def update_record(
    ctx: Context,
    kind: str,
    record_id: int,
    changes: Mapping[str, Any],
    version: int,
    *,
    loc: Sequence[str | int] = ("body",),
) -> Any:
    record = _owned_record(ctx, kind, record_id, N_("updates"))
    _check_version(record, version, kind)
    apply_changes(ctx.session, ctx.viewer, record, changes, tuple(loc))
    # Touching the row bumps the version even when only child lists changed.
    record.updated_at = utcnow()
    _flush(ctx.session, tuple(loc))
    closed = 0
    if kind == "victim" and "consents" in changes:
        # Imported here: the referrals package imports this module (OriginatorOnly).
        from amanat.actions.referrals.consent import follow_consent

        closed = follow_consent(ctx.session, record, ctx.viewer)
    refresh_written(ctx.session, ctx.master_key, [(kind, record.id)])
    ctx.audit(
        kind,
        record.id,
        owner_org_id=record.org_id,
        fields=",".join(sorted(changes)),
        referrals_closed=closed or None,
    )
    return record


@action(
    "record.delete",
    "Soft-delete a record the caller's organisation owns, saying why",
    scope=Scope.own_organisation,
    permission=Permission.update,
    audit="delete",
)
def delete_record(ctx: Context, kind: str, record_id: int, reason: str, version: int) -> None:
    """The record stays, with the reason, and vanishes from every read."""
    record = _owned_record(ctx, kind, record_id, N_("deletes"))
    reason = reason.strip() if isinstance(reason, str) else ""
    if not reason or len(reason) > MAX_REASON or "\x00" in reason:
        raise FieldProblem(("body", "reason"), N_("say why the record is deleted"), reason)
    _check_version(record, version, kind)
    record.deleted_at = utcnow()
    record.deletion_reason = reason
    ctx.session.flush()
    ctx.audit(kind, record.id, purpose=reason, owner_org_id=record.org_id)


@action(
    "record.distribution",
    "Change who a record reaches (its originator, within what its TLP allows)",
    scope=Scope.own_organisation,
    permission=Permission.share,
    audit="distribution",
)
def set_distribution(
    ctx: Context,
    kind: str,
    record_id: int,
    distribution: str,
    group: str | None = None,
    version: int | None = None,
) -> Any:
    record = visible_record(ctx.session, ctx.viewer, kind, record_id)
    if version is not None:
        _check_version(record, version, kind)
    sharing.set_distribution(ctx.session, ctx.viewer, kind, record_id, distribution, group)
    ctx.session.flush()
    ctx.audit(kind, record.id, owner_org_id=record.org_id, distribution=record.distribution)
    return record
