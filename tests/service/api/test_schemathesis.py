"""Schemathesis against the OpenAPI spec, in-process: whatever a client sends, valid
or not, the server answers without a server error (no 5xx).

Bounded: a few examples per operation (schema-valid and schema-violating), derandomised
so a failure reproduces, and a time budget per back end.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode
from tests.service.api.conftest import CASE, Caller

EXAMPLES = {GenerationMode.POSITIVE: 4, GenerationMode.NEGATIVE: 2}
BUDGET_S = 25.0  # per back end; both together stay under a minute

Api = Callable[[str], Caller]


def _seed(api: Api) -> None:
    """A few records of each main kind, so generated ids sometimes hit one."""
    investigator = api("kz-investigator")
    for _ in range(2):
        case = investigator.create("/cases", CASE)
        person = investigator.create("/people", {"names": [{"full_name": "Jumanbekov Erlan"}]})
        investigator.create("/victims", {"case_id": case["id"], "person_id": person["id"]})
        investigator.create(
            "/pipeline-events",
            {"case_id": case["id"], "stage": "arrested", "occurred_on": "2024-05-02"},
        )


def _user_for(path: str) -> str:
    if path.startswith(("/api/v1/audit", "/api/v1/alerts")):
        return "kz-auditor"
    if path.startswith(("/api/v1/users", "/api/v1/tokens", "/api/v1/organisations")):
        return "kz-administrator"
    if path.startswith("/api/v1/resolution") or path.endswith("/split"):
        return "kz-analyst"  # the role that judges
    return "kz-investigator"


def _exercise(
    operation: Any, mode: GenerationMode, headers: dict[str, str], failures: list[str]
) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def call(case: Any) -> None:
        response = case.call(headers=headers)
        if response.status_code >= 500:
            failures.append(
                f"{case.method} {case.formatted_path} {case.query} {case.body!r}"
                f" -> {response.status_code}"
            )

    try:
        call()
    except Unsatisfiable:  # nothing in this operation can be made invalid
        assert mode is GenerationMode.NEGATIVE


def test_no_input_makes_the_server_fail(app: FastAPI, api: Api) -> None:
    _seed(api)
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    deadline = time.monotonic() + BUDGET_S
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        headers = api(_user_for(operation.path)).account.headers
        operations += 1
        for mode in EXAMPLES:
            if time.monotonic() < deadline:
                _exercise(operation, mode, headers, failures)
    assert operations >= 70
    assert failures == []
