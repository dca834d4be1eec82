"""Alerts and audit entries in words: "user None: login_throttled user police-ru" was
what an auditor read."""

from __future__ import annotations

import datetime as dt

from tests.service.web.conftest import Web, text_of

from amanat.access import audit_store
from amanat.access.alerts import Alert
from amanat.language import i18n
from amanat.service.web.audit_words import action_words, alert_words
from amanat.store.engine import transaction


def _english(message: str) -> str:
    return i18n.gettext("en", message)


def _russian(message: str) -> str:
    return i18n.gettext("ru", message)


def _alert(**fields: object) -> Alert:
    base: dict[str, object] = {
        "rule_id": "r",
        "label": "l",
        "severity": "medium",
        "at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        "user_id": None,
        "seqs": (7,),
        "message": "user None: login_throttled user police-ru",
        "action": "login_throttled",
        "target_kind": "user",
        "target_id": "police-ru",
    }
    return Alert(**{**base, **fields})  # type: ignore[arg-type]


def test_an_alert_says_who_did_what_in_words() -> None:
    told = alert_words(_english, _alert(), {})
    assert told == "Sign-ins stopped after repeated failures — account police-ru"
    read = _alert(user_id=3, action="read", target_kind="case", target_id="12", seqs=(1, 2, 3))
    assert alert_words(_english, read, {3: "police"}) == "police — Read the record — Case (3 times)"
    assert "None" not in told and "login_throttled" not in told
    assert alert_words(_russian, _alert(), {}) != told  # translated


def test_an_unknown_action_is_shown_as_its_code_in_words() -> None:
    assert action_words(_english, "reveal_identity") == "Saw the sealed identity"
    assert action_words(_english, "some_new_thing") == "some new thing"


def test_the_alerts_pages_say_what_happened_in_words(web: Web) -> None:
    with transaction(web.engine) as session:
        audit_store.append_many(
            session,
            [audit_store.Pending("login_throttled", target_kind="user", target_id="police-ru")],
        )
    auditor = web.client("auditor")
    for url in ("/", "/audit/alerts"):
        page = auditor.get(url).text
        shown = text_of(page.split("<details>")[0])  # the codes stay under the details
        assert "Sign-ins stopped after repeated failures — account police-ru" in shown, url
        assert "user None" not in shown and "login_throttled" not in shown, url
        assert "Technical details (for analysts)" in page
