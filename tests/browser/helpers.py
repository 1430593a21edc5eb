"""Helpers for the browser tests: accessibility check (axe-core) and logging in."""

from axe_playwright_python.sync_playwright import Axe

from mutualis.demo.data import DEMO_PASSWORD

BLOCKING_IMPACTS = ("serious", "critical")
_axe = Axe()


def check_accessibility(page):
    """Run axe-core on the current page; fail on any serious or critical violation, listing them."""
    results = _axe.run(page)
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"Accessibility violations on {page.url}:"]
        for violation in blocking:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
        report = "\n".join(lines)
        print(report)
        raise AssertionError(report)
    return results


def visit(page, path):
    """Open a page, check it answered and is accessible."""
    response = page.goto(path)
    assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
    check_accessibility(page)
    return response


def log_in(page, username, password=DEMO_PASSWORD):
    visit(page, "/comptes/connexion/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")
    check_accessibility(page)
