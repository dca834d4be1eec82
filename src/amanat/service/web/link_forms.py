"""Linking people: a person to a case (with the role played), and two people to each
other (family, associate, employer ...).

A person is found by name in any script first (the search box; one click on a
person found attaches them); a new person record is made only after the people
with a name like it were shown ("Is this one of them?") and the user chose to
create one anyway, so the register does not fill with duplicates the resolver must
merge later.  The new person enters resolution at once (``resolution.arrived``).

The case (``record.read``) and the person (``record.named``) a form is about are
read through the door: audited, and not found when the user may not see them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from starlette.datastructures import FormData

from amanat.actions import named, records
from amanat.actions.door import binds
from amanat.actions.errors import NotFound
from amanat.actions.resolution import arrivals
from amanat.language.i18n import N_
from amanat.register import Person, Relationship
from amanat.service.web import form_writes, person_picker, titles
from amanat.service.web.form_input import FormInput, read_form
from amanat.service.web.form_writes import Fields
from amanat.service.web.page import FormRejected, Page, SignedIn

router = APIRouter(include_in_schema=False)
Form = Annotated[FormData, Depends(read_form)]
ROLE_TEMPLATE = "case_person_form.html"
LINK_TEMPLATE = "link_form.html"
CHOOSE_PERSON = N_("Choose a person found by the search, or give a new person's name.")
ROLE_FIELDS = ("role", "perpetrator_role", "facilitator_kind", "official_position")


def _context(
    page: Page,
    form: FormInput,
    purpose: str,
    likely: list[person_picker.Choice] | None = None,
    **more: Any,
) -> dict[str, Any]:
    """The form's context; ``likely``: the people found for a new person's name, shown
    in place of the search box's results."""
    query = person_picker.searched_name(form)
    return {
        "form": form,
        "q": query,
        "found": likely or person_picker.search(page, query, purpose),
        "likely": bool(likely),
        **form_writes.marking_context(page),
        **more,
    }


# What the forms run: what they are about, read; the search; the records written; the
# new person linked at once.
CASE_ACTIONS = (
    records.get_record,
    *person_picker.SEARCH_ACTIONS,
    *form_writes.CREATING,
    arrivals.arrived,
)
LINK_ACTIONS = (named.named, *person_picker.SEARCH_ACTIONS, *form_writes.CREATING)


def _case_purpose(case_id: int) -> str:
    return f"add a person to case {case_id}"


def _case_context(
    page: Page, case_id: int, form: FormInput, likely: list[person_picker.Choice] | None = None
) -> dict[str, Any]:
    purpose = _case_purpose(case_id)
    case = records.get_record(page.ctx, "case", case_id, purpose)
    title = titles.record_title("case", case, page.lang)
    return _context(page, form, purpose, likely, case=case, case_title=title)


@router.get("/cases/{case_id:int}/people/new")
@binds(*CASE_ACTIONS)
def case_person_form(page: SignedIn, case_id: int) -> Response:
    form_writes.offer(page, records.create_records)
    given = page.request.query_params
    defaults = {
        **form_writes.MARKING_DEFAULTS,
        "role": "suspect",
        # a victim's page asks for her recruiter (``record_victim.html``)
        "perpetrator_role": given.get("perpetrator_role"),
        "q": given.get("q", ""),
    }
    form = FormInput.blank(page.lang, defaults)
    return page.render(ROLE_TEMPLATE, _case_context(page, case_id, form))


def _new_person(form: FormInput) -> dict[str, Any] | None:
    name = form.text("full_name", limit=300)
    if name is None:
        return None
    person: dict[str, Any] = {"kind": "person", "ref": "person", "names": [{"full_name": name}]}
    sex = form.code("sex", "sex")
    year = form.field("birth_year", Person.birth_year)
    country = form.code("citizenship", "country")
    if sex:
        person["sex"] = sex
    if year:
        person["birth_year"] = year
    if country:
        person["citizenships"] = [country]
    return person


def _likely(page: Page, case_id: int, form: FormInput) -> list[person_picker.Choice]:
    """The people with a name like the new person's, to show first; none when the user
    saw them for this very name and chose to create a new person anyway."""
    name = form.text("full_name", limit=300) or ""
    if form.raw("create_anyway") == name:
        return []
    return person_picker.search(page, name, _case_purpose(case_id))


@router.post("/cases/{case_id:int}/people/new")
@binds(*CASE_ACTIONS)
def add_case_person(page: SignedIn, case_id: int, data: Form) -> Response:
    form_writes.offer(page, records.create_records)
    case = records.get_record(page.ctx, "case", case_id, _case_purpose(case_id))
    form = FormInput(data, page.lang)

    def rejected(p: Page) -> FormRejected:
        return p.reject(ROLE_TEMPLATE, _case_context(p, case_id, form))

    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        marking = form_writes.read_marking(page, form)
        chosen = form.integer("person_id", 1, 2**62)
        person = None if chosen else _new_person(form)
        if chosen is None and person is None:
            form.error("person_id", CHOOSE_PERSON)
        role: dict[str, Any] = {
            "kind": "case_role",
            "case_id": case.id,
            "person_id": chosen or "@person",
            "role": form.code("role", "case_role", required=True),
            "perpetrator_role": form.code("perpetrator_role", "perpetrator_role"),
            "facilitator_kind": form.code("facilitator_kind", "facilitator_kind"),
            "is_public_official": form.flag("is_public_official"),
            "official_position": form.text("official_position", limit=200),
            **marking,
        }
        if not form.ok:
            raise rejected(page)
        likely = _likely(page, case_id, form) if person is not None else []
        if likely:
            # shown, not rejected: the search's audit entries are kept with the answer
            return page.render(ROLE_TEMPLATE, _case_context(page, case_id, form, likely))
        new = [
            *([{**person, **marking}] if person else []),
            {k: v for k, v in role.items() if v is not None},
        ]
        index = len(new) - 1
        fields: Fields = {(index, name): name for name in ROLE_FIELDS}
        fields.update(
            {
                (index, "person_id"): "person_id",
                (0, "names"): "full_name",
                (0, "birth_year"): "birth_year",
                (0, "sex"): "sex",
            }
        )
        ids = form_writes.create(page, form, new, fields, rejected)
        if person is not None:
            arrivals.arrived(page.ctx, ids["person"])
        url = f"/cases/{case.id}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The person was added to the case."))


def _link_purpose(person_id: int) -> str:
    return f"link people to person {person_id}"


def _person_title(page: Page, person_id: int) -> str:
    """The person's title, or not found (like a person that does not exist)."""
    found = named.named(page.ctx, {"person": [person_id]}, _link_purpose(person_id))
    title = titles.titles_from(found, "person", page.lang).get(person_id)
    if title is None:
        raise NotFound(f"person {person_id} not found")
    return title


def _link_context(page: Page, person_id: int, form: FormInput) -> dict[str, Any]:
    name = _person_title(page, person_id)
    purpose = _link_purpose(person_id)
    return _context(page, form, purpose, person_id=person_id, person_title=name)


@router.get("/people/{person_id:int}/links/new")
@binds(*LINK_ACTIONS)
def link_form(page: SignedIn, person_id: int) -> Response:
    form_writes.offer(page, records.create_records)
    defaults = {
        **form_writes.MARKING_DEFAULTS,
        "kind": "associate",
        "q": page.request.query_params.get("q", ""),
    }
    form = FormInput.blank(page.lang, defaults)
    return page.render(LINK_TEMPLATE, _link_context(page, person_id, form))


@router.post("/people/{person_id:int}/links/new")
@binds(*LINK_ACTIONS)
def link_people(page: SignedIn, person_id: int, data: Form) -> Response:
    form_writes.offer(page, records.create_records)
    form = FormInput(data, page.lang)

    def rejected(p: Page) -> FormRejected:
        return p.reject(LINK_TEMPLATE, _link_context(p, person_id, form))

    with page.submission(form.raw("form_token")) as claimed:
        if claimed.done_url:
            return page.redirect(claimed.done_url)
        _person_title(page, person_id)
        other = form.integer("person_id", 1, 2**62)
        if other is None:
            form.error("person_id", N_("Choose the person to link to."))
        elif other == person_id:
            form.error("person_id", N_("A person cannot be linked to themselves."))
        started = form.field("started_on", Relationship.started_on)
        link: dict[str, Any] = {
            "kind": "relationship",
            "ref": "link",
            # The record's own kind column, named apart from the kind of record.
            "relationship_kind": form.code("kind", "relationship_kind", required=True),
            "from_person_id": person_id,
            "to_person_id": other,
            "detail": form.text("detail", limit=120),
            "started_on": started.isoformat() if started else None,
            **form_writes.read_marking(page, form),
        }
        if not form.ok:
            raise rejected(page)
        fields: Fields = {
            (0, "to_person_id"): "person_id",
            (0, "detail"): "detail",
            (0, "started_on"): "started_on",
            (0, "kind"): "kind",
        }
        new = [{k: v for k, v in link.items() if v is not None}]
        form_writes.create(page, form, new, fields, rejected)
        url = f"/people/{person_id}"
        claimed.complete(page.db, url)
        return page.redirect(url, N_("The people were linked."))
