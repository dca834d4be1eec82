"""A network node in its reader's words: a name where the analysis found one the
reader may see, else its kind ("Person without a name you may see") — never its
``kind:id`` key ("person:528"), which stays in links and downloads only.  The web's
network pages and the country report say it the same way."""

from __future__ import annotations

from collections.abc import Callable

from amanat.language.i18n import N_
from amanat.register.labels import KIND_LABELS

Translate = Callable[[str], str]
UNNAMED = N_("%(kind)s without a name you may see")


def kind_name(_: Translate, kind: str) -> str:
    return _(KIND_LABELS.get(kind, kind))


def named(key: str, label: str) -> bool:
    """Whether the analysis found a name to show (else it shows the key)."""
    return bool(label) and label != key


def node_label(_: Translate, key: str, label: str) -> str:
    """``label``; for a node the analysis could only show by its key, its kind."""
    if named(key, label):
        return label
    return _(UNNAMED) % {"kind": kind_name(_, key.partition(":")[0])}
