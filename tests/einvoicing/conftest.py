"""Reuse the billing fixtures: a GE with cost parameters, members, a contract, and billable hours."""

from tests.billing.conftest import billing, hours  # noqa: F401
