"""Input validation: one line naming the field, exit status 2 on the command line."""

import json
import subprocess
import sys

import pytest

from mutualis.engine import InstanceError
from mutualis.engine.instance import parse_instance


def base(**changes):
    need = {"id": "n1", "member": "m1", "slots": [{"start": 480, "end": 720}]}
    need.update(changes)
    return {"version": 1, "sites": [{"id": "s1", "lat": 48.43, "lon": 0.09}], "needs": [need]}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (base(site="s9"), "needs[n1].site"),
        (base(slots=[{"start": 720, "end": 720}]), "needs[n1].slots[0].end"),
        (base(slots=[{"start": -1, "end": 720}]), "needs[n1].slots[0].start"),
        (base(slots=[{"start": 480, "end": 11521}]), "needs[n1].slots[0].end"),
        (base(slots=[{"start": "480", "end": 720}]), "needs[n1].slots[0].start"),
        (base(slots=[{"start": 480.0, "end": 720}]), "needs[n1].slots[0].start"),
        (base(weeks=[0]), "needs[n1].weeks[0]"),
        (base(weeks=[54]), "needs[n1].weeks[0]"),
        (base(weeks=[3, 3]), "needs[n1].weeks"),
        (base(weeks=[]), "needs[n1].weeks"),
        (base(colour="red"), "needs[n1].colour"),
        (base(skills="A1414"), "needs[n1].skills"),
        (base(flexible={"weekly_minutes": 60}), "needs[n1]"),
        ({"version": 1, "needs": [{"id": "n1", "member": "m1"}]}, "needs[n1]"),
        ({"version": 2, "needs": []}, "version"),
        ({"needs": []}, "version"),
        ({"version": 1, "needs": [], "extra": 1}, "extra"),
        ({"version": 1, "needs": [], "params": {"max_daily_minutes": "600"}}, "params.max_daily_minutes"),
        ({"version": 1, "needs": [], "params": {"new_positions": 1}}, "params.new_positions"),
        ({"version": 1, "needs": [], "params": {"speed": 40}}, "params.speed"),
        ({"version": 1, "needs": [], "sites": [{"id": "s1", "lat": 91, "lon": 0}]}, "sites[s1].lat"),
        ({"version": 1, "needs": [], "employees": [{"id": "e1"}, {"id": "e1"}]}, "employees[e1].id"),
        (
            {"version": 1, "needs": [], "employees": [{"id": "e1", "home_site": "x"}]},
            "employees[e1].home_site",
        ),
    ],
)
def test_bad_input_names_the_field(data, field):
    with pytest.raises(InstanceError) as error:
        parse_instance(data)
    assert error.value.field == field
    assert "\n" not in str(error.value)


def test_duplicate_need_ids():
    data = base()
    data["needs"].append(dict(data["needs"][0]))
    with pytest.raises(InstanceError, match="duplicate need id"):
        parse_instance(data)


def test_overlapping_slots_of_one_need():
    with pytest.raises(InstanceError, match="overlap"):
        parse_instance(base(slots=[{"start": 480, "end": 720}, {"start": 700, "end": 800}]))


def test_flexible_block_bounds_order():
    flex = {"weekly_minutes": 600, "min_block_minutes": 300, "max_block_minutes": 200}
    with pytest.raises(InstanceError) as error:
        parse_instance(_flex(flex))
    assert error.value.field == "needs[n1].flexible.max_block_minutes"


def _flex(flex):
    data = base()
    del data["needs"][0]["slots"]
    data["needs"][0]["flexible"] = flex
    return data


def test_defaults_and_nulls():
    inst = parse_instance({"version": 1, "needs": [], "params": {"max_daily_minutes": None}})
    assert inst.params.max_daily_minutes is None
    assert inst.params.max_weekly_minutes == 2100
    assert inst.params.min_daily_rest_minutes == 660


def _cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "mutualis.engine", *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        json.dumps(base(site="nowhere")),
        json.dumps(base(slots=[{"start": 900, "end": 480}])),
        json.dumps({"version": 1, "needs": [{"id": "n1", "member": "m1", "slots": [], "x": 1}]}),
    ],
)
def test_cli_bad_instance_exits_2_with_one_line(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    for command in (["solve", str(path)], ["bound", str(path)], ["check", str(path), str(path)]):
        result = _cli(*command)
        assert result.returncode == 2
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_cli_missing_file_exits_2(tmp_path):
    result = _cli("solve", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert "cannot read" in result.stderr
