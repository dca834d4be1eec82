"""The import's mapping form: the kind of record and, for each column of the file, a
drop-down of the fields it may go to, labelled as pages name them; the profile's YAML
is what they make of it (``amanat.intake.remapping``), shown for analysts under
"details" and downloadable for ``amanat import --profile``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.responses import Response

from amanat.actions import intake
from amanat.intake.fields import importable_kinds
from amanat.intake.problems import IntakeError
from amanat.intake.profile import Profile
from amanat.intake.readers import ReadOptions, open_table
from amanat.intake.remapping import chosen_fields, offered_fields, remapped
from amanat.intake.staging import StagedFile
from amanat.language.i18n import N_, gettext
from amanat.register.labels import KIND_LABELS
from amanat.service.web.field_labels import profile_field_label
from amanat.service.web.form_input import NOT_A_CHOICE, FormInput

MAPPED_COLUMNS = 200
NOT_IMPORTED = N_("Not imported")


def _headings(staged: StagedFile, profile: Profile | None) -> list[str]:
    """The file's column headings (the first ``MAPPED_COLUMNS``), read as the profile
    says (its format, sheet, encoding)."""
    options = profile.read if profile is not None else ReadOptions()
    with open_table(staged.path, options) as table:
        return [str(h) for h in list(table.headings)[:MAPPED_COLUMNS]]


def _base_profile(text: str) -> Profile | None:
    """The profile the form started from; None for none at all; ``IntakeError`` for
    one that cannot be read."""
    return intake.profile_from(text) if text.strip() else None


def mapping_form(staged: StagedFile, form: FormInput, lang: str) -> dict[str, Any] | None:
    """The mapping form: the kind of record and, for each column of the file, the
    field it goes to (a drop-down each, labelled); None where the profile is not one of
    a single kind (the built-in FtM profile) or cannot be read — edited as YAML then."""
    if form.values.get("built_in"):
        return None
    try:
        profile = _base_profile(str(form.values.get("profile") or ""))
        headings = _headings(staged, profile)
    except IntakeError:
        return None
    chosen = chosen_fields(profile, headings) if profile is not None else [""] * len(headings)
    if chosen is None:
        return None
    kind = profile.sections[0].kind if profile is not None else "person"
    form.values.setdefault("kind", kind)
    kind = str(form.values["kind"])
    if kind not in importable_kinds():
        return None
    for index, field in enumerate(chosen):
        form.values.setdefault(f"column-{index}", field)
    offered = offered_fields(kind, profile)
    return {
        "kinds": [(k, gettext(lang, KIND_LABELS.get(k, k))) for k in importable_kinds()],
        "headings": list(enumerate(headings)),
        "choices": [
            ("", gettext(lang, NOT_IMPORTED)),
            *((f, profile_field_label(kind, f, lang)) for f in offered),
        ],
    }


def remap(staged: StagedFile, form: FormInput) -> str:
    """The profile as the mapping form's drop-downs send each column (the errors beside
    the drop-downs that offer no such field, or repeat one)."""
    text = form.raw("profile")
    if form.raw("built_in") or not form.raw("kind"):
        return text  # no mapping form: the YAML as written
    try:
        profile = _base_profile(text)
        headings = _headings(staged, profile)
    except IntakeError:
        return text  # said when the profile is read
    if profile is not None and len(profile.sections) != 1:
        return text
    kind = form.choice("kind", dict.fromkeys(importable_kinds()), required=True)
    if kind is None:
        return text
    offered = frozenset(offered_fields(kind, profile))
    chosen: list[tuple[str, str]] = []
    for index, heading in enumerate(headings):
        name = f"column-{index}"
        field = form.raw(name)
        if field and field not in offered:
            form.error(name, NOT_A_CHOICE)
        elif field and field in {f for _, f in chosen}:
            form.error(name, N_("Another column already goes to this field."))
        chosen.append((heading, field))
    return remapped(text, kind, chosen) if form.ok else text


def profile_download(staged: StagedFile, text: str) -> Response:
    name = f"{Path(staged.name).stem or 'import'}.profile.yaml"
    return Response(
        text,
        media_type="application/yaml; charset=utf-8",
        headers={"Content-Disposition": "attachment; filename*=UTF-8''" + quote(name)},
    )
