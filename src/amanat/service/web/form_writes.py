"""What the record forms share: offering a form only to those who may use it, the
marking fieldset (grading, TLP, handling, distribution) and writing through
``record.create`` with the register's objections shown beside the fields they
concern."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from amanat.access.visibility import distribution_allowed
from amanat.actions import record_search, records, sharing
from amanat.actions.door import admit, declaration_of
from amanat.actions.errors import FieldProblem
from amanat.language.i18n import N_
from amanat.service.web import titles
from amanat.service.web.form_input import FormInput, place_problem
from amanat.service.web.page import FormRejected, Page

MARKING_DEFAULTS = {
    "tlp": "AMBER",
    "handling": "H0",
    "reliability": "B",
    "credibility": "2",
    "source_kind": "agency_record",
    "distribution": "owner",
}
# Where on the form an objection of the register goes: (record index, field) -> field.
Fields = dict[tuple[str | int, ...], str]
TOO_WIDE = N_("This is wider than the marking allows.")
CHOOSE_GROUP = N_("Choose the sharing group.")
# How many of the newest sources and cases a form offers to choose from.
SOURCE_CHOICES = 100
CASE_CHOICES = 200
# What the marking fieldset runs, for the forms that show it.
MARKING_ACTIONS = (sharing.groups, record_search.recent)
# What a form that writes new records runs.
CREATING = (records.create_records, *MARKING_ACTIONS)


def offer(page: Page, run: Callable[..., Any]) -> None:
    """Refuse a form to those the door would refuse the action it leads to, with the
    door's own answer (naming the missing permission)."""
    admit(declaration_of(run), page.ctx.actor)


def marking_context(page: Page) -> dict[str, Any]:
    """Choices of the marking fieldset: the user's sharing groups and the newest
    sources the user may see."""
    sources = record_search.recent(page.ctx, "source", SOURCE_CHOICES, purpose="choose a source")
    return {
        "groups": [("", "—"), *((g.name, g.name) for g in sharing.groups(page.ctx))],
        "sources": [("", "—"), *((str(s.id), s.title) for s in sources)],
    }


def case_choices(page: Page) -> list[tuple[str, str]]:
    """(id, title) of the newest cases the user may see, for a select list."""
    cases = record_search.recent(page.ctx, "case", CASE_CHOICES, purpose="choose a case")
    return [(str(c.id), titles.record_title("case", c, page.lang)) for c in cases]


def read_marking(page: Page, form: FormInput) -> dict[str, Any]:
    """The provenance and sharing fields of a new record, checked."""
    values: dict[str, Any] = {
        "tlp": form.code("tlp", "tlp", required=True),
        "handling": form.code("handling", "handling_code", required=True),
        "reliability": form.code("reliability", "reliability", required=True),
        "credibility": form.code("credibility", "credibility", required=True),
        "source_kind": form.code("source_kind", "source_kind", required=True),
    }
    source = form.integer("source_id", 1, 2**62)
    if source is not None:
        values["source_id"] = source
    distribution = form.code("distribution", "distribution", required=True)
    tlp = values["tlp"]
    if distribution and tlp and not distribution_allowed(tlp, distribution):
        form.error("distribution", TOO_WIDE)
    if distribution == "group":
        name = form.text("group", limit=200)
        groups = {g.name: g.id for g in sharing.groups(page.ctx)}
        if not name or name not in groups:
            form.error("group", CHOOSE_GROUP)
        else:
            values["sharing_group_id"] = groups[name]
    values["distribution"] = distribution
    return values


MARKING_FIELDS = (
    "tlp",
    "handling",
    "reliability",
    "credibility",
    "source_kind",
    "source_id",
    "distribution",
)


def create(
    page: Page,
    form: FormInput,
    new: list[dict[str, Any]],
    fields: Mapping[tuple[str | int, ...], str],
    rejected: Callable[[Page], FormRejected],
) -> dict[str, int]:
    """Write ``new`` (submission records); on an objection of the register, raise the
    form again (``rejected`` builds it, on a fresh session) with the error beside its
    field."""
    where = dict(fields)
    for index in range(len(new)):
        for name in MARKING_FIELDS:
            where.setdefault((index, name), name)
        where.setdefault((index, "sharing_group_id"), "group")
    try:
        return records.create_records(page.ctx, new, loc=())
    except FieldProblem as exc:
        place_problem(form, exc.loc, exc.said(form.lang), where)
        raise page.after_refusal(rejected) from None
