"""Routes that the list rule of tests/www/test_list_coverage.py finds but that list no rows, with why.

A route belongs here only when its query count cannot grow with the GE's rows: a blank form, a
POST-only action, a page about one object or one setting, a redirect, a file built by a job or a
capped search over a national referential. Everything else gets a case in
tests/www/test_list_queries.py.
"""

FORM = "a blank form to create one object: no rows listed"
POST_ONLY = "a POST-only action (GET answers 405): nothing is listed"

EXEMPT = {
    # Forms
    "administration:group_create": FORM,
    "appointments:create": FORM,
    "employees:create": FORM,
    "exchange:create": FORM,
    "funding:create": FORM,
    "ge_projects:create": FORM,
    "insertion:beneficiary_create": FORM,
    "members:create": FORM,
    "needs:campaign_create": FORM,
    "needs:create": FORM,
    "needs:import": "an upload form (the rows of a file are previewed on the import's own page)",
    "needs:run_create": FORM,
    "offer:service_create": FORM,
    "recruitment:candidate_create": FORM,
    "territories:create": FORM,
    "insertion:login": "the person's sign-in form (public): asks an e-mail, lists nothing",
    "password_reset": "Django's password reset form, wrapped: lists nothing",
    # POST-only actions
    "switch_organisation": POST_ONLY,
    "appointments:feed_renew": POST_ONLY,
    "appointments:invite": POST_ONLY,
    "billing:reminders_send": POST_ONLY,
    "billing:run_start": POST_ONLY,
    "einvoicing:settings_test": POST_ONLY,
    "planning:full_check": POST_ONLY + " (the check runs as a job, its result page is the job's)",
    # One object or one setting
    "administration:group_settings": "the settings form of the current GE: a singleton",
    "administration:roles": "the fixed matrix of roles and rights: no rows of the GE",
    "appointments:feed_page": "the user's own calendar feed link: a singleton",
    "einvoicing:settings": "the GE's e-invoicing platform settings: a singleton",
    "api:einvoicing-settings-list": "the GE's e-invoicing platform settings: at most one row",
    "health": "the deployment's health check: fixed queries, no rows",
    "timesheets:index": "a redirect to the month overview (timesheets:overview has the case)",
    # Capped searches over national referentials (the platform's, not the GE's rows)
    "geography:outlines": "GeoJSON outlines of the national referential, capped at MAX_OUTLINES, one query",
    "geography:commune_search": "a search over the national commune referential, capped at 10 results",
    "referential:job_options": "datalist options of the national job referential for what was typed, capped",
    "api:geography-commune-list": (
        "the national commune referential (loaded by a migration, not rows a GE adds): own fields and "
        "prefetched postcodes, paginated"
    ),
    "needs:run_compare": "two consolidation runs side by side, the two named in the query: not a list",
    "planning:rules": "one row per working-time rule code, a fixed set created with the GE: it cannot grow",
    # Files built from a list (the page that shows the same rows has the case)
    "insertion:my_export": "the person's own data as JSON (a file; insertion:my_data has the case)",
    "insertion:my_export_pdf": "the person's own data as PDF (a file; insertion:my_data has the case)",
}

# Lists that need a case but have none yet. This set may only shrink; it is empty since the billed
# months seeders of tests/www/list_seeds/billing.py (equal treatment, payroll, aids, true-up).
NOT_YET_COVERED: dict[str, str] = {}
