"""The name layer on iuliia's official sample pairs, which we did not write
(``official_samples`` says how the parts and the negatives are made).

Before issue 14 the whole samples matched at a recall of 0.80 (tuning part) and 0.83 (held
out), words 0.80 and 0.87; ``python -m tests.names.official_samples`` prints the table.
"""

from __future__ import annotations

import pytest
from tests.names.official_samples import held_out, measure, pairs, parts, samples

# Floors a little under what the name layer reaches (tuning: 0.98 whole, 0.97 words; held
# out: 1.00 whole, 0.97 words), so that a change that loses ground fails.
RECALL_AT_MATCH = {"whole": 0.95, "words": 0.94}


def test_every_schema_brings_samples_and_both_parts_have_some() -> None:
    schemes = {s.scheme for s in samples()}
    assert len(schemes) == 28
    assert {s for s in schemes if held_out(s)} == {
        "gost_52535", "gost_7034", "icao_doc_9303", "iso_9_1954", "iso_9_1968",
        "iso_9_1968_alt", "scientific", "telegram", "wikipedia", "yandex_maps",
    }  # fmt: skip


@pytest.mark.parametrize("level", ["whole", "words"])
@pytest.mark.parametrize("part", ["all", "tuning", "held out", "held out, schemes not offered"])
def test_recall_and_precision(part: str, level: str) -> None:
    figures = measure(pairs(parts()[part], level))
    assert figures.recall_match >= RECALL_AT_MATCH[level], figures
    assert figures.recall_possible >= figures.recall_match
    # Pairs of different names never match; "possible" is a reviewer's question, rarely.
    assert figures.false_matches == 0, figures
    assert figures.precision_possible >= 0.95, figures
