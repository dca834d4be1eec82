"""The network pages in their users' words: what a node stands for, what kind of
record it is, and a plain label for a node whose name the user may not see — never
its ``kind:id`` key ("person:528"), which stays in links and downloads only.
"""

from __future__ import annotations

from amanat.analyze.network.canonical import NO_JUDGEMENTS, NO_TABLES, RESOLVED, SOURCES
from amanat.analyze.network.node_words import Translate, named, node_label
from amanat.language.i18n import N_

# The analysis says what its nodes are (``canonical.SOURCES``); these say it plainly.
BASES = {
    SOURCES[RESOLVED]: N_(
        "A person, group, vehicle or phone is one node, however many records name it."
    ),
    SOURCES[NO_TABLES]: N_("Each record is its own node: this register does not link records."),
    SOURCES[NO_JUDGEMENTS]: N_("Each record is its own node: no records have been linked yet."),
}
EACH_RECORD = N_("Each record is its own node.")


def basis(_: Translate, source: str) -> str:
    """What a node stands for, from the analysis' ``basis``."""
    return _(BASES.get(source, EACH_RECORD))


def plain_view(_: Translate, view: dict[str, object]) -> dict[str, object]:
    """The graph's JSON with every node labelled in words."""
    nodes = view.get("nodes")
    if not isinstance(nodes, list):
        return view
    labelled = [
        {
            **n,
            "label": node_label(_, str(n["id"]), str(n["label"])),
            "named": named(str(n["id"]), str(n["label"])),
        }
        for n in nodes
    ]
    return {**view, "nodes": labelled}
