"""The sharing panel of a record's page: its marking and distribution, for the
originator to change; a request to share it further, for anyone else who may share;
and the share requests about it.

Built from the actions alone (``share.requests``, ``share.shared_with``,
``share.groups``, ``organisation.list``); each form is offered only to those the
door would let use it, and the action checks again when it is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from amanat.access.models import ShareRequest
from amanat.access.visibility import DISTRIBUTIONS, distribution_allowed
from amanat.actions import records, sharing
from amanat.actions.door import allowed
from amanat.register import Organisation
from amanat.service.web import titles
from amanat.service.web.form_input import FormInput
from amanat.service.web.page import Page

# What the panel runs, for the pages that show it.
ACTIONS = (sharing.requests, sharing.shared_with, sharing.groups, records.list_organisations)


@dataclass
class Panel:
    kind: str
    record: Any
    is_owner: bool
    may_share: bool
    may_approve: bool
    groups: list[tuple[str, str]]
    distributions: list[str]
    targets: list[tuple[str, str]]
    requests: list[ShareRequest]
    shared_with: list[str]
    form: FormInput
    # The record's sharing group, when it is one of the caller's organisation's.
    group: str | None = None
    org_names: dict[int, str] = field(default_factory=dict)


def panel(
    page: Page,
    kind: str,
    record: Any,
    form: FormInput | None = None,
    orgs: list[Organisation] | None = None,
) -> Panel:
    """``orgs``: the directory, when the page has it already."""
    ctx = page.ctx
    is_owner = record.org_id == ctx.viewer.org_id
    groups = sharing.groups(ctx)
    orgs = titles.organisations(ctx) if orgs is None else orgs
    group = next((g.name for g in groups if g.id == record.sharing_group_id), None)
    defaults = {
        "tlp": record.tlp,
        "handling": record.handling,
        "distribution": record.distribution,
        "group": group or "",
    }
    may_share = (
        allowed(ctx, sharing.ask) if not is_owner else allowed(ctx, records.set_distribution)
    )
    return Panel(
        kind=kind,
        record=record,
        is_owner=is_owner,
        may_share=may_share,
        may_approve=allowed(ctx, sharing.decide),
        groups=[(g.name, g.name) for g in groups],
        distributions=[d for d in DISTRIBUTIONS if distribution_allowed(record.tlp, d)],
        targets=[(o.code, o.name_in(page.lang)) for o in orgs if o.id != record.org_id],
        requests=sharing.requests(ctx, kind, record.id),
        shared_with=[o.name_in(page.lang) for o in sharing.shared_with(ctx, kind, record.id)]
        if is_owner
        else [],
        form=form or FormInput.blank(page.lang, defaults),
        group=group,
        org_names={o.id: o.name_in(page.lang) for o in orgs},
    )
