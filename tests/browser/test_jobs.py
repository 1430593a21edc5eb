"""Watch a job's progress bar advance and finish.

The job is queued by `manage.py start_demo_job` (a handler that advances in steps) and run by
the stack's real `db_worker` process; the page polls its progress with htmx.
"""

import time

import pytest
from django.urls import reverse

from .helpers import check_accessibility, log_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_progress_bar_advances_then_the_job_finishes(page, stack):
    log_in(page, "directrice")
    public_id = stack.manage("start_demo_job", "directrice", "--steps", "5", "--delay", "1").strip()
    page.goto(reverse("jobs:detail", kwargs={"public_id": public_id}))
    check_accessibility(page)

    bar = page.locator("progress")
    seen = set()
    deadline = time.monotonic() + 45
    while time.monotonic() < deadline:
        if bar.count() == 1:
            seen.add(int(bar.get_attribute("value") or 0))
        if page.get_by_text("Tâche de démonstration terminée en 5 étapes.").count():
            break
        page.wait_for_timeout(250)
    else:
        raise AssertionError(f"The job did not finish in time; progress values seen: {sorted(seen)}")

    assert any(0 < value < 100 for value in seen), sorted(seen)  # it moved before finishing
    assert bar.get_attribute("value") == "100"
    assert page.get_by_text("Terminé", exact=True).is_visible()
    check_accessibility(page)
