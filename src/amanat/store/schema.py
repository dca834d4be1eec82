"""The whole schema: every model module imported, so the metadata is complete."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.orm import configure_mappers

import amanat.access.audit_store
import amanat.access.models
import amanat.register  # noqa: F401
from amanat.register.base import Base


def metadata() -> MetaData:
    configure_mappers()
    return Base.metadata
