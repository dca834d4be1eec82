"""What an audit entry or an alert says, in words: the trail keeps codes
("login_throttled", user 12, "case" 528) that an auditor should not have to decode.
The codes stay in the trail, on the command line and behind "Technical details".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from amanat.access.alerts import Alert
from amanat.language.i18n import N_
from amanat.register.labels import KIND_LABELS

Translate = Callable[[str], str]
# The entries alerts and the emergency-access review are about (``alert_rules.yaml``,
# ``actions.emergency``); any other is shown with its code.
ACTIONS = {
    "read": N_("Read the record"),
    "reveal_identity": N_("Saw the sealed identity"),
    "search_hit": N_("Found in a search"),
    "export": N_("Export"),
    "download": N_("Download"),
    "login": N_("Signed in"),
    "login_failed": N_("Failed sign-in"),
    "login_throttled": N_("Sign-ins stopped after repeated failures"),
    "role_requested": N_("Role change asked for"),
    "role_granted": N_("Role change approved"),
    "role_refused": N_("Role change refused"),
    "token_created": N_("API token made"),
    "rfi.filed": N_("Request for information made"),
}
ACCOUNT = N_("account %(name)s")
TIMES = N_("%(count)s times")


def action_words(_: Translate, code: str) -> str:
    """An audit action in words; an unknown one as its code."""
    found = ACTIONS.get(code)
    return _(found) if found else code.replace("_", " ")


def _target(_: Translate, alert: Alert) -> str:
    if alert.target_kind == "user" and alert.target_id:
        return _(ACCOUNT) % {"name": alert.target_id}  # the username tried
    label = KIND_LABELS.get(alert.target_kind or "")
    return _(label) if label else ""


def alert_words(_: Translate, alert: Alert, users: Mapping[int, str]) -> str:
    """Who did what to what kind of record, and how often: "police-ru — Sign-ins
    stopped after repeated failures — account police-ru"."""
    who = users.get(alert.user_id) if alert.user_id is not None else None
    parts = [who, action_words(_, alert.action) if alert.action else alert.message]
    parts.append(_target(_, alert))
    told = " — ".join(p for p in parts if p)
    if len(alert.seqs) > 1:
        told += f" ({_(TIMES) % {'count': len(alert.seqs)}})"
    return told
