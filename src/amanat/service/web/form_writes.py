"""What the record forms share: the marking fieldset (grading, TLP, handling,
distribution) and writing through ``records.create_records`` with the register's
objections shown beside the fields they concern."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import select

from amanat.access.roles import Permission
from amanat.access.visibility import distribution_allowed, visible
from amanat.actions import records
from amanat.actions.errors import FieldProblem
from amanat.register import Source
from amanat.service.web.form_input import FormInput, place_problem
from amanat.service.web.i18n import N_
from amanat.service.web.identity import master_key
from amanat.service.web.page import FormRejected, Page
from amanat.service.web.sharing import member_groups

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


def may_create(page: Page) -> None:
    page.user.require(Permission.create, "records")


def marking_context(page: Page) -> dict[str, Any]:
    """Choices of the marking fieldset: the user's sharing groups and visible sources."""
    viewer = page.user.viewer
    sources = page.db.scalars(
        select(Source).where(visible(Source, viewer)).order_by(Source.id.desc()).limit(100)
    )
    return {
        "groups": [("", "—"), *((g.name, g.name) for g in member_groups(page.db, viewer.org_id))],
        "sources": [("", "—"), *((str(s.id), s.title) for s in sources)],
    }


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
        groups = {g.name: g.id for g in member_groups(page.db, page.user.viewer.org_id)}
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
        return records.create_records(
            page.db, page.user, new, master=master_key(page.request), loc=()
        )
    except FieldProblem as exc:
        place_problem(form, exc.loc, exc.message, where)
        raise page.after_refusal(rejected) from None
