"""The first rows of a checked import as a person reads them: each field by its label
and each code by its vocabulary's label ("Sex: Male", "Names — Family name: Асанов"),
never "sex=male".  A protected person's identity is never shown, only that there is
one (``ImportResult`` samples hold none of it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Column
from sqlalchemy.orm import class_mapper

from amanat.actions.intake import ImportResult
from amanat.intake.fields import model_of
from amanat.language import i18n
from amanat.register import Base
from amanat.register.labels import BIRTH_DATE_LABEL, FIELD_LABELS, TABLE_LABELS
from amanat.service.web import labels


def _columns(model: type[Base]) -> dict[str, Column[Any]]:
    return {c.key: c for c in Base.metadata.tables[str(model.__tablename__)].columns}


def _shown(column: Column[Any] | None, value: object, lang: str) -> str:
    vocab = None if column is None else column.info.get("vocabulary")
    if vocab is not None:
        return labels.label(str(vocab), str(value), lang)
    if isinstance(value, dt.date):
        return i18n.date_text(value, lang)
    return str(value)


def _facts(model: type[Base], values: dict[str, object], lang: str, prefix: str = "") -> list[str]:
    columns = _columns(model)
    return [
        f"{prefix}{i18n.gettext(lang, FIELD_LABELS.get(key, key))}: "
        f"{_shown(columns.get(key), value, lang)}"
        for key, value in values.items()
        if value is not None
    ]


def labelled_samples(result: ImportResult, lang: str) -> list[dict[str, Any]]:
    """Each sample row: its row number, the submitter's record id, its facts as text,
    and whether an identity would be sealed."""
    found = []
    for kind, drafts in result.samples.items():
        model = model_of(kind)
        relations = class_mapper(model).relationships
        for draft in drafts:
            facts = _facts(model, draft.values, lang)
            if draft.birth is not None:
                facts.append(f"{i18n.gettext(lang, BIRTH_DATE_LABEL)}: {draft.birth}")
            for relation, parts in draft.parts.items():
                part_model = relations[relation].mapper.class_
                table = i18n.gettext(lang, TABLE_LABELS.get(relation, relation))
                for part in parts:
                    facts += _facts(part_model, part, lang, prefix=f"{table} — ")
            found.append(
                {
                    "row": draft.row,
                    "id": draft.external_id,
                    "facts": facts,
                    "identity": draft.has_identity,
                }
            )
    return found
