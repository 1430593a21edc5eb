"""Access cases of the newer domains: one module per domain, each with a `CASES` dict.

`tests/access/cases.py` merges every module of this package into the registry, so that a domain adds
its URL patterns' cases in its own file. A URL name defined twice is an error.
"""

import importlib
import pkgutil


def collect():
    cases = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        overlap = set(cases) & set(module.CASES)
        if overlap:
            raise ValueError(f"Access cases defined twice ({info.name}): {sorted(overlap)}")
        cases.update(module.CASES)
    return cases
