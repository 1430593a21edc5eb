import datetime as dt

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from mutualis.core.dates import EARLIEST, add_months


@given(
    day=st.dates(min_value=EARLIEST, max_value=dt.date(2150, 12, 31)),
    months=st.integers(min_value=-240, max_value=240),
)
def test_add_months_is_relativedelta(day, months):
    assert add_months(day, months) == day + relativedelta(months=months)


def test_add_months_ends_on_the_months_last_day():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2025, 3, 31), -1) == dt.date(2025, 2, 28)
