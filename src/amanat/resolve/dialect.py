"""A stored model in the SQL of the engine that runs it.

Models are stored as Splink writes them for the engine that trained them (DuckDB by
default; the model's ``sql_dialect`` says which).  Splink translates blocking rules
itself, but a stored comparison level is plain SQL text; it is translated here with
sqlglot, which Splink already depends on.
"""

from __future__ import annotations

import copy
from typing import Any

import sqlglot

STORED_DIALECT = "duckdb"


AMANAT_PREFIX = "amanat_"  # what Amanat keeps beside Splink's settings (``associates``)


def for_engine(model: dict[str, Any], engine: str) -> dict[str, Any]:
    """``model`` as Splink reads it: every comparison level's SQL in ``engine``'s dialect,
    and without Amanat's own keys (Splink refuses keys it does not know)."""
    if any(key.startswith(AMANAT_PREFIX) for key in model):
        model = {k: v for k, v in model.items() if not k.startswith(AMANAT_PREFIX)}
    source = model.get("sql_dialect") or STORED_DIALECT
    if engine == source:
        return model
    translated = copy.deepcopy(model)
    translated["sql_dialect"] = engine
    for comparison in translated["comparisons"]:
        for level in comparison["comparison_levels"]:
            sql = level["sql_condition"]
            if sql.strip().upper() != "ELSE":
                level["sql_condition"] = sqlglot.transpile(sql, read=source, write=engine)[0]
    return translated
