"""The menu, per role: each role sees the work it does, and nothing it may not do
(an administrator has no record pages; an auditor has the trail, not the records)."""

from __future__ import annotations

from amanat.access.roles import Role
from amanat.language.i18n import N_

Item = tuple[str, str]  # (path, English msgid)

HOME: Item = ("/", N_("Dashboard"))
SEARCH: Item = ("/search", N_("Search"))
SHARING: Item = ("/sharing", N_("Sharing requests"))
NEW_CASE: Item = ("/cases/new", N_("Open a case"))
NEW_SEIZURE: Item = ("/seizures/new", N_("Record a seizure"))
NEW_SOURCE: Item = ("/sources/new", N_("Upload a document"))
MONITOR: Item = ("/monitor", N_("Monitoring"))
IMPORT: Item = ("/import", N_("Import a file"))
EXPORT: Item = ("/export", N_("Export"))
EMERGENCY: Item = ("/break-glass", N_("Emergency access"))
REVIEW: Item = ("/review", N_("Review matches"))
REPORTS: Item = ("/reports", N_("Open-source reports"))

MENUS: dict[Role, tuple[Item, ...]] = {
    Role.investigator: (
        HOME,
        SEARCH,
        NEW_CASE,
        NEW_SEIZURE,
        NEW_SOURCE,
        SHARING,
        MONITOR,
        IMPORT,
        EXPORT,
        EMERGENCY,
    ),
    Role.prosecutor: (
        HOME,
        SEARCH,
        NEW_CASE,
        NEW_SOURCE,
        SHARING,
        MONITOR,
        IMPORT,
        EXPORT,
        EMERGENCY,
    ),
    Role.analyst: (
        HOME,
        SEARCH,
        MONITOR,
        REVIEW,
        REPORTS,
        NEW_SOURCE,
        SHARING,
        IMPORT,
        EXPORT,
        EMERGENCY,
    ),
    Role.case_worker: (
        HOME,
        ("/caseload", N_("My caseload")),
        ("/referrals", N_("Referrals")),
        ("/victims/new", N_("Register a victim")),
        ("/services", N_("Service providers")),
        SEARCH,
        SHARING,
        IMPORT,
        EXPORT,
        EMERGENCY,
    ),
    Role.statistics_officer: (HOME, SEARCH, MONITOR, EXPORT),
    Role.auditor: (
        HOME,
        ("/audit", N_("Audit trail")),
        ("/audit/alerts", N_("Alerts")),
        ("/break-glass/review", N_("Emergency access")),
    ),
    Role.administrator: (
        HOME,
        ("/admin/organisations", N_("Organisations")),
        ("/admin/users", N_("Users")),
        ("/admin/tokens", N_("API tokens")),
        ("/admin/groups", N_("Sharing groups")),
        ("/admin/services", N_("Our services")),
    ),
}


def menu(role: Role | None) -> tuple[Item, ...]:
    return MENUS.get(role, ()) if role is not None else ()


def current(items: tuple[Item, ...], path: str) -> str | None:
    """The menu item the page belongs to: the longest one its path starts with."""
    found = [
        item_path
        for item_path, _ in items
        if path == item_path or (item_path != "/" and path.startswith(item_path + "/"))
    ]
    return max(found, key=len) if found else None
