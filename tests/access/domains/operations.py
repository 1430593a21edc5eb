"""Operations (issue 17, item 11): the health check answers everyone, with no tenant data."""

from ..matrix import EVERYONE, Case

CASES = {
    "health": Case(path=lambda w: "/sante/", read=EVERYONE, sample=frozenset({"anonymous", "director_a"})),
}
