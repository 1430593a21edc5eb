"""A demonstration job that advances in steps: shows the progress bar and exercises the worker."""

import time

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mutualis.jobs.registry import register

KIND = "demo_steps"


@register(KIND, label=gettext_lazy("Démonstration : tâche en plusieurs étapes"))
def run_demo_steps(job, progress):
    steps = max(1, min(100, int(job.params.get("steps", 5))))
    delay = max(0.0, min(10.0, float(job.params.get("delay", 1.0))))
    for step in range(1, steps + 1):
        time.sleep(delay)
        progress(step * 100 // steps, _("Étape %(step)d sur %(steps)d") % {"step": step, "steps": steps})
    return {
        "steps": steps,
        "summary": _("Tâche de démonstration terminée en %(steps)d étapes.") % {"steps": steps},
    }
