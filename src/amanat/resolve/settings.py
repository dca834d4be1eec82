"""The linkage model's shape: comparisons, their levels, and the blocking rules.

Levels are written once in DuckDB SQL; Splink translates them (through sqlglot) for
Spark.  Every comparison reads the columns ``features`` computes.  The name comparison
asks SQL first (same keys in any order; same family and given names with compatible
patronymic and gender) and calls the name layer (``amanat_name_score``, see ``name_udf``)
only for the pairs whose keys differ and whose spellings are close enough for it to matter:
the name layer costs tens of microseconds a pair, SQL a fraction of one.
"""

from __future__ import annotations

import logging
from typing import Any

import splink.comparison_level_library as cll
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule
from splink.comparison_library import CustomComparison
from splink.internals.comparison_level_creator import ComparisonLevelCreator

from amanat.names import MATCH_THRESHOLD, POSSIBLE_THRESHOLD
from amanat.resolve.name_udf import NAME_SCORE_FUNCTION

BASE_DIALECT = "duckdb"
# What Splink may print (each Linker sets it).  It warns of every level EM never saw
# ("unable to train m value") and of an EM sample it skipped; both are expected and
# handled (``training.regularise`` floors unseen levels), and printed to someone running
# `amanat demo` or `amanat resolve run` they read as faults.  Its errors still show.
SPLINK_LOG_LEVEL = logging.ERROR
# Bumped when features or comparisons change: a model stored before cannot be reused.
FEATURE_VERSION = 4
# Years a recorded date of birth may be off (a typo, a guessed year) for a pair to be compared.
NEAR_YEARS = 2
_NEAR = (
    f"(l.birth_year IS NULL OR r.birth_year IS NULL "
    f"OR abs(l.birth_year - r.birth_year) <= {NEAR_YEARS})"
)
_GENDERS_AGREE = "(gender_l IS NULL OR gender_r IS NULL OR gender_l = gender_r)"
_FATHERS_AGREE = (
    "(patronymic_l IS NULL OR patronymic_r IS NULL OR levenshtein(patronymic_l, patronymic_r) <= 2)"
)
_NAME_L = "coalesce(core_key_l, name_key_l)"
_NAME_R = "coalesce(core_key_r, name_key_r)"


def _close(left: str, right: str) -> str:
    return f"levenshtein({left}, {right}) <= 0.4 * greatest(length({left}), length({right}))"


# Pairs worth the name layer.  It costs tens of microseconds a pair, and most blocked pairs
# are namesakes sharing one word (Jasur Yusupov / Jasur Karimov), so: with exactly one word
# in common, the words left must be within 40% edits of each other, or be initials agreeing
# with the other side's first letters; otherwise the keys must
# be, in alphabetical order or in the order of their endings.  Or one word in common and
# the same full date of birth (Умаров Д. Б. ~ Umarov Davron Botirovich).
_SHARED = "array_intersect(name_bases_l, name_bases_r)"


def _rest(name: str) -> str:
    """The key without the one word in common (whole words only)."""
    return f"trim(replace(' ' || {name} || ' ', ' ' || {_SHARED}[1] || ' ', ' '))"


def _initials(words: str) -> str:
    """Whether every word is one letter (``A N``): one space after each letter but the last."""
    return f"(length(replace({words}, ' ', '')) * 2 - 1 = length({words}))"


def _initial_agrees(left: str, right: str) -> str:
    """Initials on one side starting as the other side's words (Boobekov K. ~ Бообеков
    Каныбек): too few letters to be close by edits, but worth the name layer's look."""
    return f"(({_initials(left)} OR {_initials(right)}) AND left({left}, 1) = left({right}, 1))"


_REST_L, _REST_R = _rest(_NAME_L), _rest(_NAME_R)
WORTH_THE_NAME_LAYER = (
    f"(CASE WHEN array_length({_SHARED}) = 1 THEN {_close(_REST_L, _REST_R)}"
    f" OR {_initial_agrees(_REST_L, _REST_R)}"
    f" ELSE {_close(_NAME_L, _NAME_R)} OR {_close('tail_key_l', 'tail_key_r')} END"
    " OR (birth_day_l IS NOT NULL AND birth_date_l = birth_date_r"
    f" AND array_length({_SHARED}) >= 1)"
    # a one-word name that is a word of the other (Хамид ~ Zia Hamid)
    f" OR (array_length({_SHARED}) >= 1"
    " AND (single_key_l IS NOT NULL OR single_key_r IS NOT NULL)))"
)


# A fixed weight of log2(m/u) = -6 for levels that say "different people".
_AGAINST: dict[str, Any] = {
    "m_probability": 0.001,
    "u_probability": 0.064,
    "fix_m_probability": True,
    "fix_u_probability": True,
}


def _level(sql: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


def _custom(sql: str, label: str) -> cll.CustomLevel:
    return cll.CustomLevel(sql, label, base_dialect_str=BASE_DIALECT)


def _keys(sql: str, label: str) -> ComparisonLevelCreator:
    return _custom(sql, label).configure(
        tf_adjustment_column="name_key", disable_tf_exact_match_detection=True
    )


def name_comparison() -> CustomComparison:
    score = f"{NAME_SCORE_FUNCTION}(full_name_l, full_name_r)"
    return CustomComparison(
        output_column_name="name",
        comparison_description="name, by the Central Asian name layer",
        comparison_levels=[
            _level(
                "name_key_l IS NULL OR name_key_r IS NULL", "no usable name", is_null_level=True
            ),
            # One key for one word (Мухаммад) is weaker evidence than for three.
            _keys("name_key_l = name_key_r AND name_size_l >= 3", "same keys, three parts or more"),
            _keys("name_key_l = name_key_r AND name_size_l = 2", "same keys, two parts"),
            _keys("name_key_l = name_key_r", "same keys, one part"),
            _custom(
                f"core_key_l = core_key_r AND {_GENDERS_AGREE} AND {_FATHERS_AGREE}",
                "same family and given names; patronymic agrees or is missing",
            ).configure(tf_adjustment_column="core_key", disable_tf_exact_match_detection=True),
            # Namesakes: evidence against, and too rare among random pairs to train.
            _custom(
                f"core_key_l = core_key_r AND {_GENDERS_AGREE}", "same names, other father"
            ).configure(**_AGAINST),
            _level("core_key_l = core_key_r", "masculine and feminine forms", **_AGAINST),
            _custom(
                f"{WORTH_THE_NAME_LAYER} AND {score} >= {MATCH_THRESHOLD}", "name layer: match"
            ),
            _custom(
                f"{WORTH_THE_NAME_LAYER} AND {score} >= {POSSIBLE_THRESHOLD}",
                "name layer: possible",
            ),
            cll.ElseLevel(),
        ],
    )


def birth_date_comparison() -> CustomComparison:
    same_year = "birth_year_l = birth_year_r"
    same_month = f"{same_year} AND birth_month_l = birth_month_r"
    return CustomComparison(
        output_column_name="birth_date",
        comparison_description="date of birth, known to the year, month or day",
        comparison_levels=[
            _level("birth_year_l IS NULL OR birth_year_r IS NULL", "unknown", is_null_level=True),
            _level(
                "birth_day_l IS NOT NULL AND birth_date_l = birth_date_r",
                "same day",
                tf_adjustment_column="birth_date",
                disable_tf_exact_match_detection=True,
            ),
            _level(f"{same_month} AND (birth_day_l IS NULL OR birth_day_r IS NULL)", "same month"),
            _level(
                f"{same_year} AND (birth_month_l IS NULL OR birth_month_r IS NULL)", "same year"
            ),
            _level(same_month, "same month, other day"),
            _level(
                "abs(birth_year_l - birth_year_r) <= 1 AND birth_month_l = birth_month_r "
                "AND birth_day_l = birth_day_r",
                "same day and month, year one off",
            ),
            _level(
                f"{same_year} AND birth_month_l = birth_day_r AND birth_day_l = birth_month_r",
                "day and month swapped",
            ),
            _level(same_year, "same year, other month"),
            _level("abs(birth_year_l - birth_year_r) <= 1", "a year apart"),
            cll.ElseLevel(),
        ],
    )


def _shared(column: str, label: str) -> cll.CustomLevel:
    # array_intersect, not DuckDB's list_intersect, so that sqlglot can say it in Spark
    return _custom(f"array_length(array_intersect({column}_l, {column}_r)) >= 1", label)


def _overlap(column: str, what: str) -> CustomComparison:
    return CustomComparison(
        output_column_name=column,
        comparison_description=what,
        comparison_levels=[cll.NullLevel(column), _shared(column, what), cll.ElseLevel()],
    )


def document_comparison() -> CustomComparison:
    return CustomComparison(
        output_column_name="documents",
        comparison_description="identity document numbers",
        comparison_levels=[
            cll.NullLevel("documents"),
            _shared("documents", "a document number in common"),
            _shared("document_types", "a document of the same type, another number"),
            # A migration card, visa or work permit is issued per trip or job: a record
            # holding only those says nothing against one holding a passport.
            _custom(
                "document_types_l IS NULL OR document_types_r IS NULL",
                "no identity document on one side, other numbers",
            ),
            cll.ElseLevel().configure(label_for_charts="identity documents of different types"),
        ],
    )


def case_comparison() -> CustomComparison:
    """Roles in one case: the police's suspect and the court's defendant.  Namesakes in one
    case are rare (relatives differ in given name), so with close names this is strong
    evidence, the stronger the smaller the case.  Different cases say little: a person is
    recorded by each agency for the case it worked on."""
    one_agency = (
        "organisation_l = organisation_r AND array_length(array_intersect(cases_l, cases_r)) >= 1"
    )
    return CustomComparison(
        output_column_name="cases",
        comparison_description="roles in the same case",
        comparison_levels=[
            cll.NullLevel("cases"),
            # An agency writes one record of each person it meets: two of its records in
            # one case are two people it told apart (a father and son of one name).
            _custom(one_agency, "one agency's records in one case").configure(**_AGAINST),
            _shared("small_cases", "a small case in common"),
            _shared("cases", "a case in common"),
            cll.ElseLevel().configure(label_for_charts="roles in other cases"),
        ],
    )


def organisation_comparison() -> CustomComparison:
    """Whose records: an agency looks a person up before writing a new record, so two of
    its records are more often two people than two records of different agencies are.
    How much more is trained (agencies that keep duplicates teach it less)."""
    return CustomComparison(
        output_column_name="organisation",
        comparison_description="records of one agency",
        comparison_levels=[
            cll.NullLevel("organisation"),
            _custom("organisation_l = organisation_r", "one agency's records"),
            cll.ElseLevel().configure(label_for_charts="records of different agencies"),
        ],
    )


def comparisons() -> list[CustomComparison]:
    return [
        name_comparison(),
        birth_date_comparison(),
        document_comparison(),
        _overlap("phones", "a phone number in common"),
        _overlap("citizenships", "a citizenship in common"),
        case_comparison(),
        _overlap("places", "a town of residence or birth in common"),
        organisation_comparison(),
    ]


def blocking_rules() -> list[Any]:
    """Which pairs are compared at all: each rule catches what the others miss."""
    return [
        CustomRule(f"l.name_key = r.name_key AND {_NEAR}", BASE_DIALECT),
        # every two words in common: Gulzoda Firdavs ~ Гулзода Фирдавс Файзулло
        CustomRule(f"l.name_pairs = r.name_pairs AND {_NEAR}", BASE_DIALECT, ["name_pairs"]),
        block_on("documents", arrays_to_explode=["documents"]),
        block_on("phones", arrays_to_explode=["phones"]),
        # everyone in one case: the name comparison tells the suspect seen twice from his
        # co-accused (cases hold a few people, so these pairs are few)
        block_on("cases", arrays_to_explode=["cases"]),
        block_on("name_bases", "birth_year", "birth_month", arrays_to_explode=["name_bases"]),
        # a name word and the day and month of birth, the year one off: a clerk's slip in
        # the year together with a misspelt or transliterated other word
        CustomRule(
            "l.name_bases = r.name_bases AND l.birth_month = r.birth_month "
            "AND l.birth_day = r.birth_day AND abs(l.birth_year - r.birth_year) = 1",
            BASE_DIALECT,
            ["name_bases"],
        ),
        # a name word, the first letters of the others and the year, the month unknown on
        # one side (often 1 January, read as the year alone: Jorayev Farhod ~ Жураев Фарход);
        # written once per side, so that the join on the year stays an equi-join
        *(
            CustomRule(
                f"l.name_bases = r.name_bases AND l.name_initials = r.name_initials AND {year}",
                BASE_DIALECT,
                ["name_bases"],
            )
            for year in (
                "l.birth_year_alone = r.birth_year",
                "l.birth_year = r.birth_year_alone",
            )
        ),
        # the full date of birth and the first letters, no word in common (Хўжаев А. ~
        # Xojayev Aziz; Нурматов Тилек ~ Nurmativ T.)
        block_on("birth_year", "birth_month", "birth_day", "name_initials"),
    ]


def settings(link_type: str = "dedupe_only") -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,  # type: ignore[arg-type]
        comparisons=list(comparisons()),
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=20,
    )
