"""The API says its refusals in the language asked for (``Accept-Language``), English
without one, and says which in ``Content-Language``; codes, ``loc`` and ``input`` are
the same in every language, and denied still looks exactly like absent."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from tests.service.api.conftest import CASE, Caller

Api = Callable[[str], Caller]
CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІіӢӣӮӯҲҳҶҷ]")
FUTURE = (dt.date.today() + dt.timedelta(days=30)).isoformat()


def asked(lang: str | None) -> dict[str, str]:
    return {"Accept-Language": lang} if lang else {}


def test_not_found_is_said_in_the_language_asked_and_denied_still_looks_absent(
    api: Api,
) -> None:
    case = api("kz-investigator").create("/cases", CASE)
    outsider = api("ngo-investigator")
    english = outsider.get("/cases/987654")
    assert english.json() == {"detail": "Not found"}
    assert english.headers["content-language"] == "en"
    for lang, words in (("ru-RU,ru;q=0.9", "Не найдено"), ("kk", "Табылмады")):
        missing = outsider.get("/cases/987654", headers=asked(lang))
        denied = outsider.get(f"/cases/{case['id']}", headers=asked(lang))
        assert (missing.status_code, missing.text) == (denied.status_code, denied.text)
        assert missing.json() == {"detail": words}
        assert missing.headers["content-language"] == lang[:2]


def test_a_bad_value_keeps_its_field_and_input_and_changes_only_its_words(api: Api) -> None:
    investigator = api("kz-investigator")
    body = {**CASE, "opened_on": FUTURE}  # the register's own check
    answers = {
        lang: investigator.post("/cases", json=body, headers=asked(lang))
        for lang in (None, "ru", "uz", "tg")
    }
    problems = {lang: answer.json()["detail"][0] for lang, answer in answers.items()}
    assert {answer.status_code for answer in answers.values()} == {422}
    assert {tuple(p["loc"]) for p in problems.values()} == {("body", "opened_on")}
    assert {p["input"] for p in problems.values()} == {FUTURE}
    said = [p["msg"] for p in problems.values()]
    assert len(set(said)) == len(said), said  # four languages, four sentences
    assert problems[None]["msg"].isascii() and not problems["ru"]["msg"].isascii()


def test_a_denied_write_names_the_permission_in_the_language_asked(api: Api) -> None:
    officer = api("kz-statistics_officer")
    english = officer.post("/cases", json=CASE)
    russian = officer.post("/cases", json=CASE, headers=asked("ru"))
    assert english.status_code == russian.status_code == 403
    assert english.json()["detail"] == (
        "permission denied: role 'statistics_officer' lacks 'create' (action record.create)"
    )
    assert russian.json()["detail"].startswith("доступ запрещён")
    assert "record.create" in russian.json()["detail"]
    assert russian.headers["content-language"] == "ru"


def test_an_unknown_language_gets_english(api: Api) -> None:
    answer = api("ngo-investigator").get("/cases/987654", headers=asked("de-CH, fr;q=0.5"))
    assert answer.json() == {"detail": "Not found"}
    assert answer.headers["content-language"] == "en"


JSON = {"Content-Type": "application/json"}
# What our schemas refuse, one request each, and pydantic's error types it gives.
BAD_REQUESTS: list[tuple[str, str, dict[str, Any], set[str]]] = [
    (
        "POST",
        "/discovery/ask",
        {"json": {"queries": [], "purpose": "", "basis": 5, "ask": "twice"}},
        {"too_short", "string_too_short", "string_type", "extra_forbidden"},
    ),
    (
        "POST",
        "/discovery/requests",
        {"json": {"purpose": "p\x00", "basis": "other", "urgency": "soon", "handling": "H" * 61}},
        {"missing", "value_error", "literal_error", "string_too_long"},
    ),
    ("GET", "/cases/abc", {}, {"int_parsing"}),
    ("GET", "/cases/0", {}, {"greater_than_equal"}),
    ("GET", "/discovery/received?limit=100000", {}, {"less_than_equal"}),
    (
        "POST",
        "/cases",
        {"content": b'{"title": "a", "title": "b"}', "headers": JSON},
        {"json_invalid"},
    ),
]
LATIN_WORD = re.compile(r"\b[A-Za-z]{3,}\b")
# Latin that may stay in a translated message: the JSON literal and quoted inputs.
NOT_WORDS = {"NUL", "JSON", "null", "true", "false"}


def _words(message: str) -> set[str]:
    return set(LATIN_WORD.findall(re.sub(r"'[^']*'", "", message))) - NOT_WORDS


def test_pydantic_messages_are_said_in_the_language_asked(api: Api) -> None:
    caller = api("kz-investigator")
    for method, path, request, types in BAD_REQUESTS:
        answers = {}
        for lang in (None, "ru", "kk", "tg"):
            extra = dict(request)
            headers = {**extra.pop("headers", {}), **asked(lang)}
            answers[lang] = caller.request(method, path, headers=headers, **extra)
        assert {a.status_code for a in answers.values()} == {422}, (path, answers[None].text)
        details = {lang: a.json()["detail"] for lang, a in answers.items()}
        same = {
            lang: [(d["type"], d["loc"], d.get("input")) for d in found]
            for lang, found in details.items()
        }
        assert all(kept == same[None] for kept in same.values()), same
        assert {d["type"] for d in details[None]} == types, details[None]
        english = [d["msg"] for d in details[None]]
        assert all(m.isascii() for m in english), english  # pydantic's own English
        for lang in ("ru", "kk", "tg"):
            said = [d["msg"] for d in details[lang]]
            for before, message in zip(english, said, strict=True):
                assert message != before and CYRILLIC.search(message), (lang, message)
                assert _words(message) == set(), (lang, message)
            assert answers[lang].headers["content-language"] == lang


def test_a_count_takes_its_plural_form_and_english_stays_pydantics(api: Api) -> None:
    caller = api("kz-investigator")
    body = {"reference": "r", "purpose": "p", "basis": "other", "handling": "H" * 61}
    english = caller.post("/discovery/requests", json=body).json()["detail"][0]
    assert english["msg"] == "String should have at most 60 characters"
    russian = caller.post("/discovery/requests", json=body, headers=asked("ru"))
    assert russian.json()["detail"][0]["msg"] == "Строка должна содержать не более 60 символов"
    missing = caller.post("/discovery/requests", json={}, headers=asked("uz")).json()["detail"]
    assert {d["msg"] for d in missing} == {"Majburiy maydon"}


def test_discoverys_own_refusals_are_said_in_the_language_asked(api: Api) -> None:
    body = {"reference": "r", "purpose": "p", "basis": "other", "handling": "H9"}
    caller = api("kz-investigator")
    english = caller.post("/discovery/requests", json=body)
    kazakh = caller.post("/discovery/requests", json=body, headers=asked("kk"))
    assert english.status_code == kazakh.status_code == 422
    [said_en], [said_kk] = english.json()["detail"], kazakh.json()["detail"]
    assert (said_en["loc"], said_en["input"]) == (said_kk["loc"], said_kk["input"])
    assert said_en["msg"] == "is no handling code"
    assert said_kk["msg"] == "пайдалану коды емес"
