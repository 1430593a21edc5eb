from benchmarks import matching as bench
from mutualis.recruitment.matching import (
    CandidateSpec,
    OfferSkillSpec,
    OfferSpec,
    naive_rank,
    rank,
)

OFFER = OfferSpec(
    weekly_minutes=600,
    blocks=((480, 720), (1440 + 480, 1440 + 720)),
    sites=((48.43, 0.09),),
    skills=(
        OfferSkillSpec(skill_id=1, kind="technical", weight=3, level=2, required=True),
        OfferSkillSpec(skill_id=2, kind="behavioural", weight=1, level=2, required=False),
    ),
)


def test_hard_filters_each_with_its_reason():
    pool = [
        CandidateSpec(id="hours", min_minutes=700),
        CandidateSpec(id="schedule", windows=((480, 700),)),
        CandidateSpec(id="far", lat=48.10, lon=0.09, travel_km=10),  # about 37 km south
        CandidateSpec(
            id="ok", windows=((400, 800), (1440 + 400, 1440 + 800)), lat=48.44, lon=0.10, travel_km=10
        ),
    ]
    ranking = rank(OFFER, pool)
    assert [m.candidate_id for m in ranking.matches] == ["ok"]
    assert ranking.excluded == {"hours": 1, "schedule": 1, "distance": 1}


def test_boundary_hours_and_windows_are_inclusive():
    pool = [
        CandidateSpec(
            id="edge", min_minutes=600, max_minutes=600, windows=((480, 720), (1440 + 480, 1440 + 720))
        )
    ]
    assert [m.candidate_id for m in rank(OFFER, pool).matches] == ["edge"]


def test_scores_per_kind_and_missing_skills_named():
    pool = [
        CandidateSpec(id="half", levels={1: 1}),
        CandidateSpec(id="full", levels={1: 3, 2: 2}),
        CandidateSpec(id="none", levels={2: 4}),
    ]
    ranking = rank(OFFER, pool)
    by_id = {m.candidate_id: m for m in ranking.matches}
    assert by_id["full"].scores == {"technical": 1.0, "behavioural": 1.0}
    assert by_id["half"].scores == {"technical": 0.5, "behavioural": 0.0}
    assert by_id["half"].missing == [2]
    assert by_id["none"].missing == [1] and by_id["none"].missing_required == 1
    # A candidate missing a required skill ranks after those who have them all.
    assert [m.candidate_id for m in ranking.matches] == ["full", "half", "none"]


def test_rank_equals_the_naive_baseline_on_a_random_pool():
    offer, pool = bench.make_offer(), bench.make_pool(800, seed=7)
    fast, slow = rank(offer, pool), naive_rank(offer, pool)
    assert [m.candidate_id for m in fast.matches] == [m.candidate_id for m in slow.matches]
    assert fast.excluded == slow.excluded


def test_bench_meets_the_budget(capsys):
    assert bench.main(["--candidates", "5000", "--repeat", "1"]) == 0
    assert "objectif < 1 s : atteint" in capsys.readouterr().out
