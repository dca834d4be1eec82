"""Recording a seizure (drugs, weapons, ammunition, cash) and a weapon on its own.

Each weapon is a record of its own pointing at its seizure, so its serial number
can be traced to a depot it was reported lost from (the weapon page shows the same
serial number seen elsewhere).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions import record_search, records
from amanat.actions.door import binds
from amanat.language.i18n import N_
from amanat.register import SeizedDrug, Seizure, Weapon
from amanat.service.web import form_writes, titles
from amanat.service.web.form_input import REQUIRED, FormInput, read_form
from amanat.service.web.form_writes import Fields
from amanat.service.web.page import FormRejected, Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
ROWS = (1, 2, 3)
GIVE_CURRENCY = N_("Give the currency of the cash.")
WEAPON_FIELDS = ("weapon_type", "make", "model", "calibre", "serial_number")
SEIZURE_CHOICES = 200
# What the forms run: their choices, and the records written.
SEIZURE_ACTIONS = (*form_writes.CREATING, records.get_organisation)
WEAPON_ACTIONS = form_writes.CREATING


def _defaults(page: Page) -> dict[str, Any]:
    org = records.get_organisation(page.ctx, page.ctx.viewer.org_id)
    return {
        **form_writes.MARKING_DEFAULTS,
        "country": org.country,
        "seized_on": dt.date.today().isoformat(),
        "case_id": page.request.query_params.get("case"),
    }


def _seizure_context(page: Page, form: FormInput) -> dict[str, Any]:
    return {
        "form": form,
        "rows": ROWS,
        "cases": [("", "—"), *form_writes.case_choices(page)],
        **form_writes.marking_context(page),
    }


@router.get("/seizures/new")
@binds(*SEIZURE_ACTIONS)
def seizure_form(page: SignedIn) -> Response:
    form_writes.offer(page, records.create_records)
    form = FormInput.blank(page.lang, _defaults(page))
    return page.render("seizure_form.html", _seizure_context(page, form))


def _weapon(form: FormInput, prefix: str, suffix: str) -> dict[str, Any] | None:
    values = {
        name: form.text(f"{prefix}{name}{suffix}", limit=80)
        for name in ("make", "model", "calibre", "serial_number")
    }
    kind = form.code(f"{prefix}weapon_type{suffix}", "weapon_type")
    if kind is None:
        if any(values.values()):
            form.error(f"{prefix}weapon_type{suffix}", N_("Say what type of weapon this is."))
        return None
    return {"kind": "weapon", "weapon_type": kind, **{k: v for k, v in values.items() if v}}


def _read_seizure(page: Page, form: FormInput) -> tuple[list[dict[str, Any]], list[int]]:
    """The seizure and its weapons as records, and the form row of each weapon."""
    marking = form_writes.read_marking(page, form)
    seized_on = form.field("seized_on", Seizure.seized_on, required=True)
    drugs = []
    for row in ROWS:
        substance = form.code(f"substance_{row}", "substance")
        kg = form.field(f"quantity_{row}", SeizedDrug.quantity_kg)
        if substance and kg is not None:
            drugs.append({"substance": substance, "quantity_kg": str(kg)})
        elif substance or kg is not None:
            form.error(
                f"quantity_{row}" if substance else f"substance_{row}",
                N_("Give both the substance and the quantity."),
            )
    cash = form.field("cash_amount", Seizure.cash_amount)
    currency = form.code("cash_currency", "currency")
    if cash and not currency:
        form.error("cash_currency", GIVE_CURRENCY)
    seizure = {
        "kind": "seizure",
        "ref": "seizure",
        "seized_on": seized_on.isoformat() if seized_on else None,
        "country": form.code("country", "country", required=True),
        "case_id": form.integer("case_id", 1, 2**62),
        "ammunition_rounds": form.field("ammunition_rounds", Seizure.ammunition_rounds),
        "cash_amount": str(cash) if cash is not None else None,
        "cash_currency": currency,
        "origin_country": form.code("origin_country", "country"),
        "destination_country": form.code("destination_country", "country"),
        "concealment": form.text("concealment", limit=200),
        "drugs": drugs,
        **marking,
    }
    weapons = [(row, _weapon(form, "", f"_{row}")) for row in ROWS]
    found = [(row, {**w, "seizure_id": "@seizure", **marking}) for row, w in weapons if w]
    new = [{k: v for k, v in seizure.items() if v is not None}, *(w for _, w in found)]
    return new, [row for row, _ in found]


@router.post("/seizures/new")
@binds(*SEIZURE_ACTIONS)
def record_seizure(page: SignedIn, data: Form) -> Response:
    form_writes.offer(page, records.create_records)
    form = FormInput(data, page.lang)

    def rejected(p: Page) -> FormRejected:
        return p.reject("seizure_form.html", _seizure_context(p, form))

    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        new, weapon_rows = _read_seizure(page, form)
        if not form.ok:
            raise rejected(page)
        fields: dict[tuple[str | int, ...], str] = {
            (0, name): name
            for name in (
                "seized_on",
                "country",
                "case_id",
                "cash_amount",
                "cash_currency",
                "ammunition_rounds",
                "concealment",
            )
        }
        fields[(0, "drugs")] = "quantity_1"
        for index, row in enumerate(weapon_rows, start=1):
            fields.update({(index, n): f"{n}_{row}" for n in WEAPON_FIELDS})
        ids = form_writes.create(page, form, new, fields, rejected)
        url = f"/seizures/{ids['seizure']}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The seizure was recorded."))


def _weapon_context(page: Page, form: FormInput) -> dict[str, Any]:
    seizures = record_search.recent(
        page.ctx, "seizure", SEIZURE_CHOICES, purpose="choose a seizure"
    )
    choices = [(str(s.id), titles.record_title("seizure", s, page.lang)) for s in seizures]
    return {"form": form, "seizures": [("", "—"), *choices], **form_writes.marking_context(page)}


@router.get("/weapons/new")
@binds(*WEAPON_ACTIONS)
def weapon_form(page: SignedIn) -> Response:
    form_writes.offer(page, records.create_records)
    defaults = {
        **form_writes.MARKING_DEFAULTS,
        "seizure_id": page.request.query_params.get("seizure"),
    }
    return page.render(
        "weapon_form.html", _weapon_context(page, FormInput.blank(page.lang, defaults))
    )


@router.post("/weapons/new")
@binds(*WEAPON_ACTIONS)
def record_weapon(page: SignedIn, data: Form) -> Response:
    form_writes.offer(page, records.create_records)
    form = FormInput(data, page.lang)

    def rejected(p: Page) -> FormRejected:
        return p.reject("weapon_form.html", _weapon_context(p, form))

    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        marking = form_writes.read_marking(page, form)
        if not form.raw("weapon_type"):
            form.error("weapon_type", REQUIRED)
        weapon = _weapon(form, "", "")
        year = form.field("manufactured_year", Weapon.manufactured_year)
        seizure = form.integer("seizure_id", 1, 2**62)
        if not form.ok or weapon is None:
            raise rejected(page)
        record = {
            **weapon,
            "ref": "weapon",
            **marking,
            **({"manufactured_year": year} if year else {}),
            **({"seizure_id": seizure} if seizure else {}),
        }
        fields: Fields = {(0, n): n for n in (*WEAPON_FIELDS, "manufactured_year", "seizure_id")}
        ids = form_writes.create(page, form, [record], fields, rejected)
        url = f"/weapons/{ids['weapon']}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The weapon was recorded."))
