"""The tiny register of ``tests/resolve/conftest.py`` (on SQLite and PostgreSQL):
"aigul", a KZ police analyst, and "bakyt", a Kyrgyz one; ``hidden`` is the Kyrgyz
MVD's own."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from tests.resolve.conftest import TinyRegister, build_tiny


@pytest.fixture
def tiny(engine: Engine) -> TinyRegister:
    return build_tiny(engine)
