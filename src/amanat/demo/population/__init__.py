"""Synthetic population for the demo region: people, how agencies write them, and the truth.

Pure and deterministic given a ``random.Random``: no database, no clock, no global random,
no ``hash()`` of strings. The region generator draws identities (and their relatives), picks
a writing style per organisation with :func:`choose_style`, writes each record's name with
:func:`spell` and :func:`corrupt`, its birth date with :func:`recorded_birth_date`, and the
answer key with :class:`GroundTruthWriter`.
"""

from amanat.demo.population.conventions import NAME_STYLES, NATIONALITIES
from amanat.demo.population.ground_truth import GroundTruthWriter, read_ground_truth
from amanat.demo.population.identity import RELATIONS, Identity, make_identity, make_relative
from amanat.demo.population.noise import corrupt, recorded_birth_date
from amanat.demo.population.spelling import NameSpelling, spell
from amanat.demo.population.styles import ORG_KINDS, STYLES, choose_style, style_mix

__all__ = [
    "NAME_STYLES",
    "NATIONALITIES",
    "ORG_KINDS",
    "RELATIONS",
    "STYLES",
    "GroundTruthWriter",
    "Identity",
    "NameSpelling",
    "choose_style",
    "corrupt",
    "make_identity",
    "make_relative",
    "read_ground_truth",
    "recorded_birth_date",
    "spell",
    "style_mix",
]
