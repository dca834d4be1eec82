"""The whole schema: every module that defines tables, imported, so the metadata
(for migrations, tests and the bulk loader) is complete."""

from __future__ import annotations

from importlib import import_module

from sqlalchemy import MetaData
from sqlalchemy.orm import configure_mappers

from amanat.register.base import Base

MODEL_MODULES = (
    "amanat.register",
    "amanat.access.models",
    "amanat.access.sessions",
    "amanat.access.role_requests",
    "amanat.access.audit_store",
    "amanat.access.alert_acks",
    "amanat.access.identity_vault",
    "amanat.access.copied_identity",
    "amanat.resolve.models",
    "amanat.access.source_files",
    "amanat.service.used_tokens",
    "amanat.discovery.models",
    "amanat.reports.models",
)


def metadata() -> MetaData:
    for module in MODEL_MODULES:
        import_module(module)
    configure_mappers()
    return Base.metadata
