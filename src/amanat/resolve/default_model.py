"""The model a register too small to train on starts with.

Training needs thousands of records (random pairs for u, pairs sharing documents for m);
a new register, a test or one analyst's SQLite file has far fewer.  These parameters were
trained on the medium demo region (``benchmarks/resolution.py default-model`` prints
them again, with what associates in common are worth) and ship in the code, so nothing
is downloaded.  Once the register holds ``MIN_TRAINING_RECORDS`` linkable records,
``amanat resolve run --retrain`` trains its own.
"""

from __future__ import annotations

from typing import Any

from amanat.resolve.associates import MODEL_KEY
from amanat.resolve.settings import FEATURE_VERSION, settings

MIN_TRAINING_RECORDS = 2000
VERSION = f"person-f{FEATURE_VERSION}-default"
PRIOR = 1.62e-05
# (m, u) per level of each comparison, in the order of ``settings.comparisons``, null
# levels left out.
M_U: dict[str, list[tuple[float, float]]] = {
    "name": [(0.341, 4.94e-06), (0.174, 9.33e-06), (0.00454, 1.1e-06), (0.378, 2.25e-05),
             (0.001, 0.064), (0.001, 0.064), (0.0112, 1.65e-06), (0.0892, 0.000219),
             (0.002, 1.0)],
    "birth_date": [(0.638, 7.02e-05), (0.0536, 8.53e-05), (0.225, 0.00691), (0.00199, 0.0013),
                   (0.0553, 9.85e-05), (0.0166, 1.71e-05), (0.00199, 0.0161), (0.00592, 0.0487),
                   (0.00199, 0.927)],
    "documents": [(0.885, 1.64e-05), (0.00199, 0.393), (0.111, 0.0951), (0.00199, 0.512)],
    "phones": [(0.998, 4.94e-05), (0.002, 1.0)],
    "citizenships": [(0.998, 0.179), (0.002, 0.821)],
    "cases": [(0.001, 0.064), (0.274, 8.74e-06), (0.15, 8.74e-06), (0.576, 1.0)],
    "places": [(0.998, 0.0105), (0.002, 0.989)],
    "organisation": [(0.002, 0.0436), (0.998, 0.956)],
}  # fmt: skip
# How often one person's records (m) and two people's (u) have associates in common.
ASSOCIATES = (0.802, 0.0345)


def default_settings() -> dict[str, Any]:
    """A complete Splink model: the comparisons of ``settings`` with the parameters above.

    Term-frequency adjustments are off: in a register of a few hundred records every name
    looks common, and the adjustment would push true matches apart.
    """
    model = settings().create_settings_dict("duckdb")
    model["probability_two_random_records_match"] = PRIOR
    for comparison in model["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for level, (m, u) in zip(levels, M_U[comparison["output_column_name"]], strict=True):
            level["m_probability"] = m
            level["u_probability"] = u
            for key in ("tf_adjustment_column", "tf_adjustment_weight", "tf_minimum_u_value"):
                level.pop(key, None)
    model[MODEL_KEY] = dict(zip(("m", "u"), ASSOCIATES, strict=True))
    return model
