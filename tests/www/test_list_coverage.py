"""Every list page and API list has a query-count case (tests/www/test_list_queries.py) or a reason not to.

The rule, read from the URL conf:

- API: every route whose GET action is a viewset's `list` (`api:*-list`);
- pages: every route without a path parameter (a list page is reached without naming an object),
  and every route with parameters whose view is a `ListView` or is named `*_list`.

Each such route is either in `CASES` (rendered with N and 3N rows, same number of queries) or in
`EXEMPT` with the reason it cannot grow with rows (a form, a POST-only action, a singleton page, a
file download...). A new list without either fails here; an entry naming a route that no longer
exists fails too. `NOT_YET_COVERED` names the few lists still waiting for a seeder; it may only shrink.
"""

from django.urls import URLPattern, URLResolver, get_resolver
from django.views.generic import ListView

from tests.www.list_exemptions import EXEMPT, NOT_YET_COVERED
from tests.www.test_list_queries import CASES

FRAMEWORK_MODULES = ("django.", "rest_framework.", "drf_spectacular.")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield prefix + str(entry.pattern), name, entry.callback


def _is_list(route, callback):
    actions = getattr(callback, "actions", None)
    if actions is not None:  # a DRF viewset route
        return actions.get("get") == "list"
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    module = (view_class or callback).__module__
    if module.startswith(FRAMEWORK_MODULES) or route.startswith("admin/"):
        return False  # Django's own views (admin, authentication), the API root and schema
    if "<" not in route:
        return True
    return (view_class is not None and issubclass(view_class, ListView)) or getattr(
        callback, "__name__", ""
    ).endswith("_list")


def list_routes():
    return {
        name or route
        for route, name, callback in _walk(get_resolver().url_patterns)
        if _is_list(route, callback)
    }


def test_every_list_has_a_query_count_case_or_a_reason():
    missing = sorted(list_routes() - set(CASES) - set(EXEMPT) - set(NOT_YET_COVERED))
    assert not missing, "Lists without a query-count case nor an exemption:\n  " + "\n  ".join(missing)


def test_the_not_yet_covered_list_only_shrinks():
    """A route that gets its case leaves NOT_YET_COVERED; nothing new joins it (5 at the start)."""
    assert not (set(NOT_YET_COVERED) & set(CASES)), sorted(set(NOT_YET_COVERED) & set(CASES))
    assert set(NOT_YET_COVERED) <= list_routes(), sorted(set(NOT_YET_COVERED) - list_routes())
    assert len(NOT_YET_COVERED) <= 5


def test_exemptions_give_a_reason_and_name_live_routes():
    names = {name for _route, name, _callback in _walk(get_resolver().url_patterns)}
    assert not (set(EXEMPT) - names), sorted(set(EXEMPT) - names)
    assert not (set(CASES) - names), sorted(set(CASES) - names)
    assert not (set(EXEMPT) & set(CASES)), sorted(set(EXEMPT) & set(CASES))
    assert all(isinstance(reason, str) and len(reason) > 10 for reason in EXEMPT.values())
