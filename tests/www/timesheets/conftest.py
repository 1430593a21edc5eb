from tests.timesheets.conftest import planned  # noqa: F401
