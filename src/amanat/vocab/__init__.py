"""Controlled vocabularies: YAML data files with English and Russian labels."""

from amanat.vocab.loader import (
    Term,
    Vocabulary,
    VocabularyError,
    all_vocabularies,
    parse_vocabulary,
    vocabulary,
    vocabulary_names,
)

__all__ = [
    "Term",
    "Vocabulary",
    "VocabularyError",
    "all_vocabularies",
    "parse_vocabulary",
    "vocabulary",
    "vocabulary_names",
]
