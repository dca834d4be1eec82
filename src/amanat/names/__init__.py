"""The Central Asian name layer: scripts, transliteration, phonetic keys, name comparison.

Pure functions without a database.  Comparisons return a score in [0, 1] and the reasons
for it, so that an analyst can see why two records were linked.
"""

from amanat.names.compare import (
    MATCH_THRESHOLD,
    POSSIBLE_THRESHOLD,
    Decision,
    NameComparison,
    compare_names,
)
from amanat.names.cyrillic import to_cyrillic
from amanat.names.dates import DateComparison, PartialDate, compare_dates, parse_date
from amanat.names.documents import (
    DocumentComparison,
    compare_documents,
    normalise_document_number,
)
from amanat.names.normalise import normalise
from amanat.names.parts import Gender, NamePart, Role, name_parts
from amanat.names.phonetic import phonetic_key, sorted_key, word_keys
from amanat.names.placeholder import is_placeholder_name
from amanat.names.script import Script, detect_script, fix_homoglyphs
from amanat.names.transliterate import guess_language, transliterate

__all__ = [
    "MATCH_THRESHOLD",
    "POSSIBLE_THRESHOLD",
    "DateComparison",
    "Decision",
    "DocumentComparison",
    "Gender",
    "NameComparison",
    "NamePart",
    "PartialDate",
    "Role",
    "Script",
    "compare_dates",
    "compare_documents",
    "compare_names",
    "detect_script",
    "fix_homoglyphs",
    "guess_language",
    "is_placeholder_name",
    "name_parts",
    "normalise",
    "normalise_document_number",
    "parse_date",
    "phonetic_key",
    "sorted_key",
    "to_cyrillic",
    "transliterate",
    "word_keys",
]
