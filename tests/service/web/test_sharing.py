"""The sharing panel: the originator's marking and distribution, requests to share
further, and approving the requests addressed to you."""

from __future__ import annotations

from sqlalchemy import select
from tests.service.web.conftest import Web, form_token, open_case, submit, text_of

from amanat.access.models import ShareRequest
from amanat.language import i18n
from amanat.register import Case
from amanat.store.engine import transaction


def _case(web: Web, case_id: int) -> Case:
    with transaction(web.engine) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case


def test_every_record_page_has_a_sharing_panel(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    page = police.get(f"/cases/{case_id}").text
    assert 'id="sharing"' in page
    assert f"/sharing/case/{case_id}/marking" in page
    other = web.client("prosecutor").get(f"/cases/{case_id}").text
    assert f"/sharing/case/{case_id}/request" in other
    assert f"/sharing/case/{case_id}/marking" not in other


def test_the_originator_changes_the_marking(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police, distribution="owner")
    answer = submit(
        police,
        f"/sharing/case/{case_id}/marking",
        {"tlp": "RED", "handling": "H2", "version": "1"},
        form_page=f"/cases/{case_id}",
    )
    assert answer.status_code == 303
    case = _case(web, case_id)
    assert (case.tlp, case.handling) == ("RED", "H2")
    assert "The marking was changed." in police.get(f"/cases/{case_id}").text


def test_a_marking_narrower_than_the_distribution_is_refused(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)  # AMBER, to the task force group
    answer = submit(
        police,
        f"/sharing/case/{case_id}/marking",
        {"tlp": "RED", "handling": "H0", "version": "1"},
        form_page=f"/cases/{case_id}",
    )
    assert answer.status_code == 422
    assert 'id="tlp-error"' in answer.text
    assert _case(web, case_id).tlp == "AMBER"


def test_a_stale_marking_change_is_a_conflict(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    answer = submit(
        police,
        f"/sharing/case/{case_id}/marking",
        {"tlp": "GREEN", "handling": "H0", "version": "5"},
        form_page=f"/cases/{case_id}",
    )
    assert answer.status_code == 409
    assert "Someone changed this record" in answer.text


def test_the_originator_widens_the_distribution(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police, distribution="owner")
    assert web.client("prosecutor").get(f"/cases/{case_id}").status_code == 404
    answer = submit(
        police,
        f"/sharing/case/{case_id}/distribution",
        {"distribution": "group", "group": "Task force"},
        form_page=f"/cases/{case_id}",
    )
    assert answer.status_code == 303
    assert web.client("prosecutor").get(f"/cases/{case_id}").status_code == 200


def test_a_distribution_beyond_the_marking_is_refused(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police, distribution="owner")
    answer = submit(
        police,
        f"/sharing/case/{case_id}/distribution",
        {"distribution": "community"},
        form_page=f"/cases/{case_id}",
    )
    assert answer.status_code == 422
    assert "wider than TLP:AMBER allows" in answer.text


def test_others_request_and_the_originator_approves(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    prosecutor = web.client("prosecutor")
    answer = submit(
        prosecutor,
        f"/sharing/case/{case_id}/request",
        {"target": "UZ-MVD", "reason": "The suspect is wanted in Uzbekistan."},
        form_page=f"/cases/{case_id}",
    )
    assert answer.status_code == 303
    assert "Your request was sent" in prosecutor.get(f"/cases/{case_id}").text
    assert web.client("uz-police").get(f"/cases/{case_id}").status_code == 404
    waiting = police.get("/sharing")
    assert "The suspect is wanted in Uzbekistan." in waiting.text
    with transaction(web.engine) as session:
        request_id = session.scalars(select(ShareRequest.id)).one()
    decided = police.post(
        f"/sharing/requests/{request_id}/decide",
        data={"form_token": form_token(waiting.text), "decision": "approve", "back": "/sharing"},
    )
    assert "The request was approved." in decided.text
    assert web.client("uz-police").get(f"/cases/{case_id}").status_code == 200
    shared = text_of(police.get(f"/cases/{case_id}").text)
    assert "Also shared with: Uzbekistan interior ministry" in shared


def test_a_request_needs_a_reason(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    answer = submit(
        web.client("prosecutor"),
        f"/sharing/case/{case_id}/request",
        {"target": "KZ-SHELTER", "reason": ""},
        form_page=f"/cases/{case_id}",
    )
    assert answer.status_code == 422
    assert 'id="reason-error"' in answer.text


def test_only_the_originator_decides(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    submit(
        web.client("prosecutor"),
        f"/sharing/case/{case_id}/request",
        {"target": "KZ-SHELTER", "reason": "needed"},
        form_page=f"/cases/{case_id}",
    )
    with transaction(web.engine) as session:
        request_id = session.scalars(select(ShareRequest.id)).one()
    ngo = web.client("ngo")
    answer = ngo.post(
        f"/sharing/requests/{request_id}/decide",
        data={"form_token": form_token(ngo.get("/").text), "decision": "approve"},
    )
    assert answer.status_code == 404


def test_the_group_shared_victim_is_visible_to_the_police(web: Web) -> None:
    police = web.client("police")
    case_id = open_case(police)
    page = police.get(f"/cases/{case_id}").text
    assert "Task force" in page


def test_a_refusal_of_the_action_is_said_in_the_users_language(web: Web) -> None:
    # The access layer's refusal is a msgid with its parameters, not an English
    # sentence: a Russian-speaking investigator reads it in Russian.
    police = web.client("police-ru")
    case_id = open_case(police, distribution="owner")
    answer = submit(
        police,
        f"/sharing/case/{case_id}/distribution",
        {"distribution": "community"},
        form_page=f"/cases/{case_id}",
    )
    assert answer.status_code == 422
    shown = text_of(answer.text)
    said = i18n.gettext("ru", "is wider than TLP:%(tlp)s allows") % {"tlp": "AMBER"}
    assert said != "is wider than TLP:AMBER allows" and said in shown
    assert "wider than" not in shown
