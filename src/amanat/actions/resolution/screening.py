"""Screening a large outside registry (border crossings, migrant registrations) against
a list held in the register (``amanat.resolve.lists``): candidate hits with scores and
reasons, within what the caller may see.

Two steps, two transactions: the list first (for the victims list, each identity
revealed is in the trail as the vault writes it, and committed at once), then the
screening, which may take minutes and appends its entries — one for the screening,
one per hit, so auditors see who found whom — only when it is done: the trail's lock
is never held while rows are scored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from amanat.access.roles import Permission
from amanat.actions.door import Audited, Context, Scope, action
from amanat.actions.errors import FieldProblem
from amanat.language.i18n import N_
from amanat.language.refusal import Refusal
from amanat.resolve.backends import EngineName, open_backend
from amanat.resolve.lists import UnknownList, list_records
from amanat.resolve.model_store import StoredModel, current_model
from amanat.resolve.records import PersonRecord
from amanat.resolve.run import KIND
from amanat.resolve.screening import Hit
from amanat.resolve.screening import screen as scored_hits


class NoModel(Refusal, LookupError):
    """No linkage model yet: a run trains or chooses one."""


@dataclass(frozen=True)
class ScreeningList:
    name: str
    targets: list[PersonRecord]
    model: StoredModel


@action(
    "screening.list",
    "The person records on a screening list (wanted, suspects, convicted, officials, "
    "victims, all) that the caller may see; victims by their sealed identity, where the "
    "vault's rules let the caller see it for the purpose given",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit=("reveal_identity", "read"),
    audited=Audited.reads,
)
def screening_list(ctx: Context, name: str, purpose: str = "assistance") -> ScreeningList:
    """Raises ``NoModel`` before reading anything when no linkage model is stored."""
    model = current_model(ctx.session, KIND)
    if model is None:
        raise NoModel(N_("no linkage model yet: run `amanat resolve run` first"))
    try:
        targets = list_records(
            ctx.session, ctx.viewer, name, master=ctx.master_key, purpose=purpose
        )
    except UnknownList as exc:
        raise FieldProblem(("list",), str(exc), name) from None
    return ScreeningList(name, targets, model)


@action(
    "screening.screen",
    "Screen the rows of an outside registry against a screening list: candidate hits "
    "with probability, decision and reasons; the screening and every hit are audited",
    scope=Scope.visible_records,
    permission=Permission.read,
    read_only=True,
    audit=("screen", "screen_hit"),
)
def screen(
    ctx: Context,
    against: ScreeningList,
    rows: Sequence[tuple[str, PersonRecord]],
    threshold: float | None = None,
    engine: EngineName = "duckdb",
) -> list[Hit]:
    """``rows``: (the row's label, the row as a record), ``amanat.resolve.screening``."""
    backend = open_backend(engine)
    try:
        hits = scored_hits(backend, list(rows), against.targets, against.model, threshold)
    finally:
        backend.close()
    why = f"screening against the {against.name} list"
    ctx.audit_entries(
        [
            (
                "screen",
                "person",
                None,
                {"list": against.name, "rows": len(rows), "hits": len(hits)},
            ),
            *(
                ("screen_hit", "person", hit.target.id, {"row": hit.row, "decision": hit.decision})
                for hit in hits
            ),
        ],
        purpose=why,
    )
    return hits
