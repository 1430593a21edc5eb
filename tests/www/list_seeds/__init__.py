"""Seeders of tests/www/test_list_queries.py by domain: `seed(personas, n)` adds n rows (with the
relations the list shows) each time it is called."""
