"""Property-based fuzzing of the API over its own OpenAPI document (Schemathesis): for
generated valid and invalid inputs of every operation, no answer is a server error, every
answer matches the schema, and a unit's token never receives another unit's object.

Kept fast for CI's time budget: a few examples per operation and mode, no example database,
and marked `fuzz`, which runs once per CI run, on SQLite (see conftest.py).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from duban.api.tests.support import token_for
from duban.core.roles import Role
from tests.support.factories import make_project, make_report, make_unit, make_user

EXAMPLES = 6
# Endpoints whose rows belong to a unit: what a unit's token may receive of them.
UNIT_OWNED = ("/api/v1/projects/", "/api/v1/reports/", "/api/v1/lights/", "/api/v1/targets/")


def _units_in(body: Any) -> set[Any]:
    rows = body.get("results", [body]) if isinstance(body, dict) else []
    return {row.get("unit") for row in rows if isinstance(row, dict) and "unit" in row}


@pytest.mark.fuzz
@pytest.mark.django_db
def test_fuzzed_requests_never_fail_leave_the_schema_or_the_unit(settings: Any) -> None:
    settings.DUBAN_API_OPEN_DATA = True  # fuzz the open-data endpoints too
    own, other = make_unit(code="own"), make_unit(code="other")
    reporter = make_user(Role.REPORTER, own, username="fuzzer")
    for unit in (own, other):
        project = make_project(unit=unit, code=f"FZ-{unit.code}")
        make_report(project, month=3)
    token = token_for(reporter)
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    seen = 0
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            seen += _fuzz(operation, mode, token)
    assert seen >= len(operations) * 2


def _fuzz(operation: Any, mode: GenerationMode, token: str) -> int:
    """Run one operation's generated cases in one mode; the number of requests made."""
    made = 0

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        nonlocal made
        response = case.call(headers={"Authorization": f"Bearer {token}"})
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
        made += 1
        if response.status_code == 200 and operation.path in UNIT_OWNED:
            assert _units_in(response.json()) <= {"own", None}, operation.path

    run()
    return made
