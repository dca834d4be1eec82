"""The demo region: a synthetic Central Asia of agencies, people, cases, victims,
seizures and networks, generated deterministically from a seed.

``build_region`` writes it into an empty register and the ground truth (which
records are the same person, group, vehicle or phone) into a separate CSV file.
"""

from amanat.demo.region.build import RegisterNotReady, build_region, check_empty_register
from amanat.demo.region.sizes import SIZES, Size

__all__ = ["SIZES", "RegisterNotReady", "Size", "build_region", "check_empty_register"]
