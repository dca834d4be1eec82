"""A refusal is a msgid with its parameters: English as ``str()``, any language when
said, and a refusal given as a parameter is said in the same language."""

from __future__ import annotations

from amanat.access.sharing import NotFound
from amanat.actions.errors import FieldProblem
from amanat.language import i18n
from amanat.language.refusal import Refusal, filled, said

MESSAGE = "token %(token_id)s not found"


def test_the_english_is_the_msgid_filled_in() -> None:
    refusal = NotFound(MESSAGE, token_id=7)
    assert str(refusal) == "token 7 not found"
    assert refusal.msgid == MESSAGE and refusal.params == {"token_id": 7}


def test_said_in_the_readers_language() -> None:
    refusal = NotFound(MESSAGE, token_id=7)
    russian = i18n.gettext("ru", MESSAGE) % {"token_id": 7}
    assert russian != str(refusal)
    assert refusal.said("ru") == russian == said(refusal, "ru")
    # Kazakh has its own words, not the Russian fallback's.
    assert refusal.said("kk") not in (russian, str(refusal))


def test_a_refusal_inside_a_message_is_said_in_its_language() -> None:
    inner = NotFound(MESSAGE, token_id=7)
    outer = Refusal("%(org_code)r: %(exc)s", org_code="KZ-POL", exc=inner)
    assert str(outer) == "'KZ-POL': token 7 not found"
    assert outer.said("ru") == f"'KZ-POL': {inner.said('ru')}"


def test_a_message_without_parameters_may_hold_a_percent_sign() -> None:
    assert filled("ru", "100% sure", {}) == "100% sure"


def test_bad_input_keeps_the_apis_english_and_says_the_readers() -> None:
    problem = FieldProblem(
        ("body", "reason"), "must be at most %(length)s characters", None, length=5
    )
    assert problem.message == "must be at most 5 characters"
    assert str(problem) == "body.reason: must be at most 5 characters"
    assert problem.said("ru") == i18n.gettext("ru", problem.msgid) % {"length": 5}


def test_anything_else_is_said_as_it_is() -> None:
    assert said(ValueError("plain"), "ru") == "plain"
