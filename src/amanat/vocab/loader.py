"""Load and validate the controlled vocabularies shipped as YAML files.

Each file in ``vocab/data`` holds one vocabulary::

    name: tlp                       # must equal the file name
    label: {en: ..., ru: ..., kk: ..., ky: ..., uz: ..., tg: ...}
    source: TLP 2.0                 # where the codes come from
    ordered: true                   # optional: the order of the terms means something
    terms:
      CLEAR: {en: ..., ru: ..., kk: ..., ky: ..., uz: ..., tg: ...}
      AMBER+STRICT: {en: ..., ru: ..., kk: ..., ky: ..., uz: ..., tg: ..., note: ...}

A term maps languages to labels; every language of ``REQUIRED_LANGUAGES`` (the six
the interface speaks) is required, so no page, report or export falls back to
another language for a vocabulary label.  ``uz`` is Uzbek in its official Latin
script.  Other keys are attributes (``parent``, ``alpha3``, ``order`` ...), kept as
strings.  ``parent`` names a term of the same vocabulary, or of
``parent_vocabulary`` when the file sets one.

A file may set ``cldr: territories`` (``languages``, ``currencies``): its terms'
labels in the languages CLDR supplies come from Babel (see ``vocab/cldr.py``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from amanat.vocab.cldr import CLDR_LANGUAGES, cldr_label

REQUIRED_LANGUAGES = ("en", "ru", "kk", "ky", "uz", "tg")
# Labels may be given in these languages too; any other key is an attribute.
LABEL_LANGUAGES = frozenset({"en", "ru", "kk", "ky", "uz", "tg", "tk"})


class VocabularyError(ValueError):
    """A vocabulary file is malformed, or a code is not in its vocabulary."""


@dataclass(frozen=True)
class Term:
    code: str
    labels: Mapping[str, str]
    attrs: Mapping[str, str] = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        return self.labels.get(lang) or self.labels["en"]

    @property
    def parent(self) -> str | None:
        return self.attrs.get("parent")


@dataclass(frozen=True)
class Vocabulary:
    name: str
    labels: Mapping[str, str]
    source: str
    ordered: bool
    terms: Mapping[str, Term]
    parent_vocabulary: str | None = None

    def __contains__(self, code: object) -> bool:
        return code in self.terms

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms.values())

    def __len__(self) -> int:
        return len(self.terms)

    def codes(self) -> list[str]:
        return list(self.terms)

    def term(self, code: str) -> Term:
        try:
            return self.terms[code]
        except KeyError:
            raise VocabularyError(f"{code!r} is not a code of vocabulary {self.name!r}") from None

    def label(self, code: str, lang: str = "en") -> str:
        return self.term(code).label(lang)

    def rank(self, code: str) -> int:
        """Position of a code in an ordered vocabulary (0 = lowest)."""
        if not self.ordered:
            raise VocabularyError(f"vocabulary {self.name!r} is not ordered")
        return list(self.terms).index(self.term(code).code)


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML silently keeps the last of two equal keys; a vocabulary must not."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node)
        if key in mapping:
            raise VocabularyError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,
)


TOP_LEVEL_KEYS = frozenset(
    {"name", "label", "source", "ordered", "terms", "parent_vocabulary", "cldr"}
)


def _text(where: str, value: object) -> str:
    # YAML reads `ru:` as None and `NO` as False; str() would hide both mistakes.
    if isinstance(value, bool) or value is None or not isinstance(value, str | int | float):
        raise VocabularyError(f"{where}: {value!r} is not text")
    return str(value)


def _labels(
    vocab: str, code: str | None, raw: object, supplied: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The labels of term ``code`` (None: of the vocabulary itself) from ``raw``.

    ``supplied`` (from CLDR) fills the languages ``raw`` lacks.
    """
    where = f"{vocab}.{code}" if code is not None else f"{vocab} (vocabulary label)"
    if not isinstance(raw, dict):
        raise VocabularyError(f"{where}: expected a mapping of language to label")
    labels = {k: _text(f"{where}.{k}", v) for k, v in raw.items() if k in LABEL_LANGUAGES}
    for lang, text in (supplied or {}).items():
        labels.setdefault(lang, text)
    for lang in REQUIRED_LANGUAGES:
        if not labels.get(lang, "").strip():
            whose = f"term {code!r}" if code is not None else "its own label"
            raise VocabularyError(f"vocabulary {vocab!r}, {whose}: missing {lang!r} label")
    return labels


def _cldr_labels(name: str, kind: object, code: str) -> dict[str, str]:
    if kind is None:
        return {}
    try:
        found = {lang: cldr_label(str(kind), code, lang) for lang in CLDR_LANGUAGES}
    except ValueError as error:
        raise VocabularyError(f"{name}: {error}") from None
    return {lang: text for lang, text in found.items() if text}


def parse_vocabulary(name: str, text: str) -> Vocabulary:
    """Parse and validate one vocabulary file's text."""
    doc = yaml.load(text, Loader=_UniqueKeyLoader)
    if not isinstance(doc, dict):
        raise VocabularyError(f"{name}: not a mapping")
    if doc.get("name") != name:
        raise VocabularyError(f"{name}: 'name' is {doc.get('name')!r}, expected {name!r}")
    unknown = set(doc) - TOP_LEVEL_KEYS
    if unknown:
        raise VocabularyError(f"{name}: unknown keys {sorted(unknown)}")
    if not isinstance(doc.get("ordered", False), bool):
        raise VocabularyError(f"{name}: 'ordered' must be true or false")
    raw_terms = doc.get("terms")
    if not isinstance(raw_terms, dict) or not raw_terms:
        raise VocabularyError(f"{name}: 'terms' must be a non-empty mapping")
    terms: dict[str, Term] = {}
    for code, raw in raw_terms.items():
        if not isinstance(code, str):
            raise VocabularyError(f"{name}: code {code!r} must be quoted text")
        where = f"{name}.{code}"
        labels = _labels(name, code, raw, _cldr_labels(name, doc.get("cldr"), code))
        attrs = {
            str(k): "" if v is None else _text(f"{where}.{k}", v)
            for k, v in raw.items()
            if k not in LABEL_LANGUAGES
        }
        terms[code] = Term(code=code, labels=labels, attrs=attrs)
    parent_vocabulary = doc.get("parent_vocabulary")
    if parent_vocabulary is None:
        for term in terms.values():
            if term.parent is not None and term.parent not in terms:
                raise VocabularyError(f"{name}.{term.code}: unknown parent {term.parent!r}")
    return Vocabulary(
        name=name,
        labels=_labels(name, None, doc.get("label")),
        source=str(doc.get("source", "")),
        ordered=bool(doc.get("ordered", False)),
        terms=terms,
        parent_vocabulary=str(parent_vocabulary) if parent_vocabulary else None,
    )


def _data_dir() -> resources.abc.Traversable:
    return resources.files("amanat.vocab").joinpath("data")


def vocabulary_names() -> list[str]:
    return sorted(p.name[:-5] for p in _data_dir().iterdir() if p.name.endswith(".yaml"))


@cache
def vocabulary(name: str) -> Vocabulary:
    """The vocabulary called ``name``, loaded and validated once per process."""
    path = _data_dir().joinpath(f"{name}.yaml")
    if not path.is_file():
        raise VocabularyError(f"no vocabulary called {name!r}")
    vocab = parse_vocabulary(name, path.read_text(encoding="utf-8"))
    if vocab.parent_vocabulary:
        parents = vocabulary(vocab.parent_vocabulary)
        for term in vocab:
            if term.parent is not None and term.parent not in parents:
                raise VocabularyError(f"{name}.{term.code}: unknown parent {term.parent!r}")
    return vocab


def all_vocabularies() -> dict[str, Vocabulary]:
    return {name: vocabulary(name) for name in vocabulary_names()}
