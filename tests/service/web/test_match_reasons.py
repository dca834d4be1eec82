"""Match reasons in plain words: the phonetic keys compared stay in the details."""

from __future__ import annotations

from amanat.names import compare_names
from amanat.service.web.match_reasons import plain


def test_the_keys_are_said_in_words() -> None:
    reasons = compare_names("Джуманбеков Ерлан", "Jumanbekov Erlan").reasons
    assert any("same phonetic key JUMANBEKAV" in r for r in reasons)  # as the matcher says
    shown = [plain(r) for r in reasons]
    assert "family name: Джуманбеков ~ Jumanbekov (they sound the same)" in shown
    assert not any("key" in r or "JUMANBEKAV" in r for r in shown)


def test_other_reasons_are_left_as_they_are() -> None:
    reason = "family name: Асанов and Петров differ"
    assert plain(reason) == reason
    assert plain("patronymic: Иванович ~ Ivanovich (same father's name IVAN)") == (
        "patronymic: Иванович ~ Ivanovich (the same father's name)"
    )
