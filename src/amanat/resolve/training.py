"""Training the linkage model on the register itself, without labels.

Splink's Fellegi–Sunter model needs, per comparison level, how often true matches land
there (m) and how often non-matches do (u).  u comes from random pairs, which are almost
all different people.  m comes from expectation maximisation over pairs that share
something independent of what is being trained: pairs sharing a document number teach
how names and birth dates of one person vary across agencies and scripts; pairs with the
same name keys teach the rest.  The prior (how likely two random records are one person)
comes from pairs that are almost surely the same: same name keys and full date of birth,
or the same document number and name keys.
"""

from __future__ import annotations

from typing import Any

from splink import Linker, block_on
from splink.blocking_rule_library import CustomRule

from amanat.resolve.settings import BASE_DIALECT

# Pairs that are almost surely one person, and the share of all true pairs they find
# (measured on the medium demo region's ground truth: 0.39; most true pairs lack a shared
# document or a full date of birth on one side).
SURE_RULES = (
    "l.name_key = r.name_key AND l.birth_date = r.birth_date AND l.birth_day IS NOT NULL",
    "l.core_key = r.core_key AND list_has_any(l.documents, r.documents)",
)
SURE_RULES_RECALL = 0.4
U_PAIRS = 5e5
EM_PAIRS = 1e6  # blocked pairs for each EM session: a sample is enough, and bounds the time
# No single disagreement proves two records are different people: a person changes phones,
# holds two passports, and clerks mistype dates.  EM on clean-looking pairs learns that
# disagreement never happens (m near 0, a weight of -80), so m is floored here; u likewise
# for levels random pairs never reach.
M_FLOOR = 0.002
U_FLOOR = 1e-7  # random pairs for u: enough for every level to be seen many times
SEED = 20_240_601


def train(linker: Linker, *, u_pairs: float = U_PAIRS, seed: int = SEED) -> None:
    """Estimate the prior, u and m of ``linker``'s model from its own input."""
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [CustomRule(rule, BASE_DIALECT) for rule in SURE_RULES], recall=SURE_RULES_RECALL
    )
    training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    # Names and dates of birth: trained on pairs with the same documents (EM takes no
    # exploded arrays; nearly every record has one document or none).
    training.estimate_parameters_using_expectation_maximisation(
        block_on("documents"),
        fix_probability_two_random_records_match=True,
        max_pairs=EM_PAIRS,
    )
    # Dates of birth, documents, phones and citizenship: trained on pairs with the same name
    # keys, namesakes and all (EM separates them).  Pairs sharing a document alone would
    # teach that dates never differ: those records were copied from the document.
    training.estimate_parameters_using_expectation_maximisation(
        block_on("name_key"), fix_probability_two_random_records_match=True, max_pairs=EM_PAIRS
    )


def regularise(model: dict[str, Any]) -> dict[str, Any]:
    """The trained model with every m and u at least its floor (m renormalised)."""
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        # Levels with fixed parameters keep them.
        levels = [lv for lv in levels if not lv.get("fix_m_probability")]
        ms = [max(lv.get("m_probability") or 0.0, M_FLOOR) for lv in levels]
        total = sum(ms)
        for level, m in zip(levels, ms, strict=True):
            level["m_probability"] = m / total
            level["u_probability"] = max(level.get("u_probability") or 0.0, U_FLOOR)
    return model
