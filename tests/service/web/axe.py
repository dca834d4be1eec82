"""axe-core in the browser tests: ``assert_accessible(page)`` runs Deque's axe on the
page as it is and fails on every serious or critical violation, naming the rule, the
elements and what to fix.

``axe.min.js`` (axe-core 4, MPL-2.0, ``axe-core.LICENSE.txt``) is vendored beside this
module, taken from the npm registry (``npm pack axe-core@4``), so the tests run
offline.  It is evaluated through the DevTools protocol, which the pages' Content
Security Policy does not apply to: the app itself never serves it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).with_name("axe.min.js")
FAILING = frozenset({"serious", "critical"})
# WCAG 2.1 A and AA, and axe's own best practices (landmarks, one h1, …).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def violations(page: Page) -> list[dict[str, Any]]:
    """axe's serious and critical violations on the page now."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(_source())
    found: list[dict[str, Any]] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes:"
        " ['violations']}).then(r => r.violations)",
        TAGS,
    )
    return [v for v in found if v.get("impact") in FAILING]


def _described(violation: dict[str, Any]) -> str:
    nodes = violation["nodes"][:5]
    lines = [f"{violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in nodes:
        lines.append(f"  at {' '.join(node['target'])}: {node['failureSummary']}")
    if len(violation["nodes"]) > len(nodes):
        lines.append(f"  … and {len(violation['nodes']) - len(nodes)} more elements")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail when axe finds a serious or critical violation on ``page``."""
    found = violations(page)
    assert not found, f"axe on {page.url}:\n" + "\n".join(_described(v) for v in found)
