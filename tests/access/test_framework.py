"""The matrix's own machinery: it sees every kind of route and classifies the generic ones."""

from .matrix import ANONYMOUS, EVERYONE, PERSONAS, SUPERUSER, VISIBLE, all_routes, generic_case, leaks


def routes_by_key():
    return {route.key: route for route in all_routes()}


def test_walker_sees_pages_admin_and_api_routes():
    keys = routes_by_key()
    for key in ("home", "members:list", "admin:index", "admin:members_member_change", "api:member-detail"):
        assert key in keys, key
    assert any(key.startswith("<unnamed> admin/") for key in keys)
    variants = {r.params for r in all_routes() if r.key == "api:member-detail"}
    assert variants == {frozenset({"public_id"}), frozenset({"public_id", "format"})}


def test_admin_routes_are_for_the_superuser_only():
    keys = routes_by_key()
    for key in ("admin:index", "admin:members_member_change", "admin:employees_contract_delete"):
        assert generic_case(keys[key]).read == SUPERUSER
    assert generic_case(keys["admin:login"]).read == EVERYONE
    assert generic_case(keys["home"]) is None


def test_every_persona_is_named_once():
    assert len(PERSONAS) == len(set(PERSONAS)) == len(VISIBLE)
    assert set(PERSONAS) >= ANONYMOUS


class FakeWorld(dict):
    __getattr__ = dict.__getitem__


def test_leaks_finds_names_and_public_ids():
    class Obj:
        def __init__(self, public_id):
            self.public_id = public_id

    world = FakeWorld(labels={})
    for key in VISIBLE["superuser"]:
        world[key] = Obj(f"id-{key}")
        world["labels"][key] = f"label-{key}"
    assert leaks(world, "contact_a1", "<td>label-member_a1</td>") == []
    assert leaks(world, "contact_a2", "<td>label-member_a1</td>") == ["member_a1 (label-member_a1)"]
    assert leaks(world, "director_a", "id-contract_b") == ["contract_b (id-contract_b)"]
