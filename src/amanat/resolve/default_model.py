"""The model a register too small to train on starts with.

Training needs thousands of records (random pairs for u, pairs sharing documents for m);
a new register, a test or one analyst's SQLite file has far fewer.  These parameters were
trained on the medium demo region (``benchmarks/resolution.py default-model`` prints
them again) and ship in the code, so nothing is downloaded.  Once the register holds
``MIN_TRAINING_RECORDS`` linkable records, ``amanat resolve run --retrain`` trains its own.
"""

from __future__ import annotations

from typing import Any

from amanat.resolve.settings import FEATURE_VERSION, settings

MIN_TRAINING_RECORDS = 2000
VERSION = f"person-f{FEATURE_VERSION}-default"
PRIOR = 1e-05
# (m, u) per level of each comparison, in the order of ``settings.comparisons``, null
# levels left out.
M_U: dict[str, list[tuple[float, float]]] = {
    "name": [(0.374, 7.57e-06), (0.149, 8.11e-06), (0.00215, 5.41e-07), (0.365, 2.86e-05),
             (0.001, 0.064), (0.001, 0.064), (0.0059, 5.41e-07), (0.103, 0.000173), (0.002, 1)],
    "birth_date": [(0.652, 6.09e-05), (0.05, 0.000104), (0.22, 0.00637), (0.00199, 0.00133),
                   (0.0494, 0.000102), (0.0199, 1.67e-05), (0.00199, 0.0166), (0.00259, 0.0489),
                   (0.00199, 0.927)],
    "documents": [(0.918, 1.59e-05), (0.002, 0.405), (0.0797, 0.595)],
    "phones": [(0.998, 1.66e-05), (0.002, 1)],
    "citizenships": [(0.998, 0.173), (0.002, 0.827)],
}  # fmt: skip


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
    return model
