"""The API says its refusals in the language asked for (``Accept-Language``), English
without one, and says which in ``Content-Language``; codes, ``loc`` and ``input`` are
the same in every language, and denied still looks exactly like absent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from tests.service.api.conftest import CASE, Caller

Api = Callable[[str], Caller]
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
