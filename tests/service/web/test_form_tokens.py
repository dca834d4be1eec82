"""The double-submit guard holds across processes: a used form token is in the
database, with the records the form wrote."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from tests.service.web.conftest import MARKING, Web, form_token

from amanat.register import Case, Organisation
from amanat.service import used_tokens
from amanat.service.web import form_token as tokens
from amanat.store.engine import transaction

CASE = {
    "case_type": "tip",
    "jurisdiction": "KZ",
    "status": "investigation",
    "opened_on": "2024-03-01",
    **MARKING,
}


def test_a_form_sent_again_to_another_process_creates_one_record(web: Web) -> None:
    first = web.client("police")
    page = first.get("/cases/new")
    token = form_token(page.text)
    # A second tab whose cookie was taken before the first send: its session has
    # not seen the result, as a request to another worker would not.
    second = web.client()
    second.cookies.update(first.cookies)
    sent = first.post("/cases/new", data={**CASE, "form_token": token}, follow_redirects=False)
    assert sent.status_code == 303
    tokens.REGISTRY.entries.clear()  # the other process has its own registry
    again = second.post("/cases/new", data={**CASE, "form_token": token}, follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"] == sent.headers["location"]
    with transaction(web.engine) as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 1


def test_a_token_committed_meanwhile_elsewhere_is_refused_with_its_result(web: Web) -> None:
    with transaction(web.engine) as session:
        used_tokens.mark_used(session, "nonce-1", "/cases/7")
    with transaction(web.engine) as session:
        # The other submission's own records stay writable after the refusal.
        session.add(Organisation(code="X", name="X", kind="ngo"))
        session.flush()
        with pytest.raises(used_tokens.AlreadyUsed) as refused:
            used_tokens.mark_used(session, "nonce-1", "/cases/8")
        assert refused.value.url == "/cases/7"
        assert used_tokens.result_of(session, "nonce-1") == "/cases/7"
