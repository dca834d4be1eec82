"""An organisation's names in each language, and its own language.

The people who use Amanat read it in Kazakh, Kyrgyz, Uzbek, Tajik, Russian and
English; an organisation is named to each in their language where it has a name in
it, else in its own language, else in English (``Organisation.name_in``).

An administrator names their own organisation; the system operator any.  An
administrator cannot rename another organisation: a name that imitates another
organisation would be offered to everyone for referrals and consent.  The code, which
nobody but the operator sets, stays shown beside the name on the directory page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from amanat.access.roles import Permission
from amanat.access.sharing import NotFound
from amanat.actions.accounts import USERS_AND_OPERATOR
from amanat.actions.actor import Credential
from amanat.actions.door import Context, Scope, action
from amanat.language.i18n import N_
from amanat.register import InvalidValue, Organisation, OrganisationName
from amanat.register.organisation import ENGLISH
from amanat.vocab import vocabulary

# The languages a name is asked for on the forms: the interface's.
NAME_LANGUAGES = ("en", "ru", "kk", "ky", "uz", "tg")


@dataclass(frozen=True)
class Naming:
    """A name and (optionally) a short name in one language."""

    name: str
    short_name: str | None = None


def organisation_of(ctx: Context, org: int | str) -> Organisation:
    """The organisation ``org`` (id or code) if the caller may name it: any for the
    operator, else only the caller's own; another is not found."""
    if isinstance(org, int):
        found = ctx.session.get(Organisation, org) if 0 < org < 2**63 else None
    else:
        found = ctx.session.scalar(select(Organisation).where(Organisation.code == org))
    operator = ctx.actor.credential is Credential.operator
    if found is None or (not operator and found.id != ctx.viewer.org_id):
        raise NotFound(N_("organisation %(org)s not found"), org=org)
    return found


def namings_of(org: Organisation) -> dict[str, Naming]:
    """The names an organisation has, by language, English included."""
    found = {n.language: Naming(n.name, n.short_name) for n in org.names}
    return {ENGLISH: Naming(org.name, org.short_name), **found}


def _checked(names: Mapping[str, Naming]) -> dict[str, Naming]:
    languages = vocabulary("language")
    kept: dict[str, Naming] = {}
    for lang, naming in names.items():
        if lang not in languages:
            raise InvalidValue("organisation_name.language", lang, N_("is not a language code"))
        name = naming.name.strip()
        short = (naming.short_name or "").strip() or None
        if short and not name:
            raise InvalidValue(
                f"organisation_name.name[{lang}]", name, N_("is needed with a short name")
            )
        if name:
            kept[lang] = Naming(name, short)
    if ENGLISH not in kept:
        raise InvalidValue(f"organisation_name.name[{ENGLISH}]", "", N_("is required"))
    return kept


@action(
    "organisation.names",
    "See an organisation's names in each language, to change them (an administrator: "
    "their own organisation's; the system operator: any)",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    read_only=True,
    credentials=USERS_AND_OPERATOR,
    unaudited_because="the directory of organisations is open to every user",
)
def names_to_edit(ctx: Context, org: int | str) -> Organisation:
    return organisation_of(ctx, org)


@action(
    "organisation.name",
    "Name an organisation in each language, with short names, and set its own "
    "language (an administrator: their own organisation; the system operator: any)",
    scope=Scope.own_organisation,
    permission=Permission.administer,
    audit="organisation_named",
    credentials=USERS_AND_OPERATOR,
)
def name_organisation(
    ctx: Context,
    org: int | str,
    names: Mapping[str, Naming],
    language: str | None = None,
) -> Organisation:
    """Set the names given (a language left out or given blank loses its name;
    English is required) and the organisation's own language (None: none)."""
    found = organisation_of(ctx, org)
    kept = _checked(names)
    english = kept.pop(ENGLISH)
    found.name, found.short_name = english.name, english.short_name
    found.language = language or None
    rows = {n.language: n for n in found.names}
    for lang in set(rows) - set(kept):
        found.names.remove(rows[lang])
    for lang, naming in kept.items():
        row = rows.get(lang)
        if row is None:
            row = OrganisationName(language=lang, name=naming.name)
            found.names.append(row)
        row.name, row.short_name = naming.name, naming.short_name
    ctx.session.flush()
    named = ",".join(sorted([ENGLISH, *kept]))
    ctx.audit("organisation", found.id, code=found.code, languages=named)
    return found
