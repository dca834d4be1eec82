"""Every vocabulary label exists in all six languages, in the right script (issue 17).

A Kazakh, Kyrgyz or Tajik label in Latin letters, or an Uzbek one in Cyrillic, is a
label copied from the wrong language; only the codes below may stay as written.
"""

from __future__ import annotations

import re
import unicodedata
from importlib import resources

import pytest
import yaml

from amanat.vocab import VocabularyError, all_vocabularies, parse_vocabulary, vocabulary
from amanat.vocab.cldr import CLDR_LANGUAGES, cldr_label
from amanat.vocab.loader import REQUIRED_LANGUAGES

SIX = ("en", "ru", "kk", "ky", "uz", "tg")
CYRILLIC_LANGUAGES = ("kk", "ky", "tg")

# Proper codes and names that stay in Latin letters in a Cyrillic label.
LATIN_ALLOWED = re.compile(r"\b(?:TLP|CLEAR|GREEN|AMBER|STRICT|RED|ID|PVP|Amanat)\b")


def _scripts(text: str) -> set[str]:
    return {unicodedata.name(ch, "?").split()[0] for ch in text if ch.isalpha()}


def _labelled() -> list[tuple[str, str, dict[str, str]]]:
    """(vocabulary, code or '(label)', labels) for every term and vocabulary label."""
    found = []
    for name, vocab in all_vocabularies().items():
        found.append((name, "(label)", dict(vocab.labels)))
        found.extend((name, term.code, dict(term.labels)) for term in vocab)
    return found


def test_the_loader_requires_all_six_languages() -> None:
    assert REQUIRED_LANGUAGES == SIX


def test_every_code_of_every_vocabulary_has_every_label() -> None:
    missing = [
        (name, code, lang)
        for name, code, labels in _labelled()
        for lang in SIX
        if not labels.get(lang, "").strip()
    ]
    assert not missing
    assert len(_labelled()) > 600  # 41 vocabularies, their labels and some 580 terms


def test_uzbek_labels_are_latin_with_the_modern_letters() -> None:
    wrong = [
        (name, code, labels["uz"])
        for name, code, labels in _labelled()
        if "CYRILLIC" in _scripts(labels["uz"]) or re.search(r"[OoGg][\u2018\u2019']", labels["uz"])
    ]
    assert not wrong


@pytest.mark.parametrize("lang", CYRILLIC_LANGUAGES)
def test_kazakh_kyrgyz_and_tajik_labels_are_cyrillic(lang: str) -> None:
    wrong = [
        (name, code, labels[lang])
        for name, code, labels in _labelled()
        if "LATIN" in _scripts(LATIN_ALLOWED.sub("", labels[lang]))
    ]
    assert not wrong


def test_the_script_check_catches_a_label_in_the_wrong_script() -> None:
    assert "LATIN" in _scripts(LATIN_ALLOWED.sub("", "Forced labour"))
    assert "LATIN" not in _scripts(LATIN_ALLOWED.sub("", "TLP:AMBER — тек алушылар"))
    assert "CYRILLIC" in _scripts("Majburiy меҳнат")


@pytest.mark.parametrize("name", sorted(all_vocabularies()))
def test_a_label_names_one_code_only(name: str) -> None:
    # The intake reads a cell holding any label, in any language, as that label's code.
    seen: dict[str, str] = {}
    for term in vocabulary(name):
        for text in term.labels.values():
            assert seen.setdefault(text.casefold(), term.code) == term.code, (name, text)


@pytest.mark.parametrize("lang", ["kk", "ky", "uz", "tg", "ru", "en"])
def test_the_loader_refuses_a_term_without_a_label_naming_where(lang: str) -> None:
    labels = {"en": "A", "ru": "А", "kk": "Ә", "ky": "Ө", "uz": "Oʻ", "tg": "Ҷ"}
    full = ", ".join(f"{k}: {v}" for k, v in labels.items())
    short = ", ".join(f"{k}: {v}" for k, v in labels.items() if k != lang)
    head = f"name: t\nlabel: {{{full}}}\nterms:\n"
    with pytest.raises(VocabularyError) as refused:
        parse_vocabulary("t", head + f"  ok: {{{full}}}\n  bad: {{{short}}}\n")
    assert str(refused.value) == f"vocabulary 't', term 'bad': missing '{lang}' label"
    with pytest.raises(VocabularyError, match=f"vocabulary 't', its own label: missing '{lang}'"):
        parse_vocabulary("t", f"name: t\nlabel: {{{short}}}\nterms:\n  ok: {{{full}}}\n")


# --- names from CLDR ---------------------------------------------------------------------

CLDR_VOCABULARIES = {"country": "territories", "language": "languages", "currency": "currencies"}


def _raw_terms(name: str) -> dict[str, dict[str, object]]:
    text = resources.files("amanat.vocab").joinpath("data", f"{name}.yaml").read_text("utf-8")
    doc = yaml.safe_load(text)
    assert doc["cldr"] == CLDR_VOCABULARIES[name]
    terms: dict[str, dict[str, object]] = doc["terms"]
    return terms


@pytest.mark.parametrize("name", sorted(CLDR_VOCABULARIES))
def test_names_come_from_cldr_and_the_file_only_corrects_it(name: str) -> None:
    kind = CLDR_VOCABULARIES[name]
    vocab = vocabulary(name)
    corrections = 0
    for code, raw in _raw_terms(name).items():
        for lang in CLDR_LANGUAGES:
            from_cldr = cldr_label(kind, code, lang)
            if lang in raw:
                # A label written in the file must correct CLDR, not copy it.
                assert raw[lang] != from_cldr, (name, code, lang)
                corrections += 1
            else:
                assert from_cldr, f"CLDR has no {lang} name for {code}: write one in {name}.yaml"
                assert vocab.label(code, lang) == from_cldr
    assert corrections <= 3  # CLDR's few Tajik slips in currency.yaml


def test_cldr_names_read_as_labels() -> None:
    assert vocabulary("country").label("KZ", "kk") == "Қазақстан"
    assert vocabulary("country").label("UZ", "uz") == "Oʻzbekiston"
    assert vocabulary("country").label("TJ", "tg") == "Тоҷикистон"
    assert vocabulary("country").label("KG", "ky") == "Кыргызстан"
    # CLDR writes language names in lower case and Uzbek oʻ with a quotation mark.
    assert vocabulary("language").label("kk", "kk") == "Қазақ тілі"
    assert vocabulary("language").label("uz", "uz") == "Oʻzbek"
    assert vocabulary("currency").label("UZS", "uz") == "Oʻzbekiston soʻmi"
    assert vocabulary("currency").label("CNY", "tg") == "Юани Хитой"  # corrected in the file
    # English and Russian stay the project's own.
    assert vocabulary("country").label("KG", "ru") == "Кыргызстан"
    assert vocabulary("language").label("ky", "ru") == "Кыргызский"


def test_a_file_naming_an_unknown_cldr_list_is_refused() -> None:
    labels = "en: A, ru: А, kk: Ә, ky: Ө, uz: Oʻ, tg: Ҷ"
    with pytest.raises(VocabularyError, match="'scripts' is not one of"):
        parse_vocabulary(
            "t", f"name: t\nlabel: {{{labels}}}\ncldr: scripts\nterms:\n  KZ: {{{labels}}}\n"
        )
