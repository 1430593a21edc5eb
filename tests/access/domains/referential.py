"""Access cases of the referential pages (issue 12): skills list, pickers' option lists (the shipped
referential is public data: anyone with a membership, the person accompanied included, may search it)."""

from tests.access.matrix import STAFF_A, STAFF_B, USERS_A, USERS_B, WRITERS_A, WRITERS_B, Case

CASES = {
    "referential:skills": Case(
        read=STAFF_A | STAFF_B,
        write=WRITERS_A | WRITERS_B,
        methods=("POST",),
        data=lambda w: {"label": "Compétence-Sonde", "kind": "technical"},
    ),
    "referential:skill_options": Case(read=USERS_A | USERS_B | {"partner_org", "person_x", "officer_t"}),
    "referential:job_options": Case(read=USERS_A | USERS_B | {"partner_org", "person_x", "officer_t"}),
}
