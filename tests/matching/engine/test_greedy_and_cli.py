"""The greedy baseline and the `biafed-allocate` command line."""

import json
import subprocess
import sys

from biafed.matching.engine import cli, dump_instance, generate, greedy, violations

from .helpers import MORNING, NOON, experts, instance, request, slot


def test_greedy_gives_a_solution_of_the_same_shape():
    inst = instance(
        [request(1, MORNING), request(2, MORNING, NOON), request(3, MORNING)],
        experts(1, 2, 3, 4, 5, 6),
        slots=[slot(MORNING, rooms=1), slot(NOON, rooms=1)],
    )

    solution = greedy(inst)

    assert solution.method == "greedy" and solution.status == "heuristic"
    assert [a.request_id for a in solution.assignments] == [1, 2, 3]
    assert [a.slot_id for a in solution.assignments] == [MORNING, NOON, None]
    assert [a.room for a in solution.assignments] == [1, 1, None]
    assert solution.assignments[2].reason == "not enough eligible analysts free"
    assert violations(inst, solution) == []
    assert solution.objective is not None


def test_greedy_ignores_declared_conflicts_and_the_checker_says_so():
    inst = instance([request(1, MORNING, conflicts={1})], experts(1, 2))

    solution = greedy(inst)

    assert violations(inst, solution) == ["request 1: analyst 1 is a declared conflict of interest"]


def test_greedy_runs_day_by_day():
    inst = instance(
        [request(1, MORNING, NOON)],
        experts(1, 2, slots=(NOON,)),
        slots=[slot(MORNING, day="mon"), slot(NOON, day="tue")],
    )

    assert greedy(inst).assignments[0].slot_id == NOON


def write(tmp_path, inst):
    path = tmp_path / "instance.json"
    dump_instance(inst, path)
    return str(path)


def test_cli_prints_the_schedule_and_its_figures(tmp_path, capsys):
    path = write(tmp_path, generate(10, 8, slots=3, rooms=2, seed=2, name="small-day"))

    code = cli.main([path, "--time-limit", "5"])

    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("instance small-day: 10 requests, 8 analysts, 3 slots")
    for label in (
        "request",
        "panel (affinity)",
        "status             optimal",
        "gap                0.0000 %",
        "served             ",
        "min panel affinity ",
        "load max / std     ",
        "violations         0",
        "wall time          ",
    ):
        assert label in out


def test_cli_json_output_holds_the_solution_and_figures(tmp_path, capsys):
    path = write(tmp_path, generate(6, 6, slots=2, rooms=2, seed=5))

    assert cli.main([path, "--json"]) == 0

    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "optimal"
    assert len(data["assignments"]) == 6
    assert data["figures"]["violations"] == 0 and data["violations"] == []
    assert data["figures"]["objective"] == data["objective"] == data["bound"]
    held = [a for a in data["assignments"] if a["slot_id"] is not None]
    assert all({"analyst_id", "score", "why"} <= set(s) for a in held for s in a["panel"])


def test_cli_greedy_method(tmp_path, capsys):
    path = write(tmp_path, instance([request(1, MORNING)], experts(1, 2)))

    assert cli.main([path, "--method", "greedy"]) == 0
    assert "method             greedy" in capsys.readouterr().out


def test_cli_reports_an_invalid_instance_and_exits_2(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text('{"slots": [{"id": 1}]}')

    assert cli.main([str(path)]) == 2
    assert "slots[0]: missing field 'rooms'" in capsys.readouterr().err
    assert cli.main([str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_the_installed_script_runs(tmp_path):
    path = write(tmp_path, instance([request(1, MORNING)], experts(1, 2)))
    script = __import__("pathlib").Path(sys.executable).with_name("biafed-allocate")

    done = subprocess.run(
        [str(script), path, "--time-limit", "5"], capture_output=True, text=True, timeout=60
    )

    assert done.returncode == 0, done.stderr
    assert "served             1/1" in done.stdout


def test_cli_refuses_an_unknown_text_scorer_from_the_environment(tmp_path, capsys, monkeypatch):
    path = str(tmp_path / "i.json")
    dump_instance(generate(4, 4, seed=1), path)
    monkeypatch.setenv("AFFINITY_TEXT_SCORER", "magic")

    assert cli.main([path]) == 2
    assert "AFFINITY_TEXT_SCORER='magic': expected one of bm25, embedding" in (
        capsys.readouterr().err
    )
    assert cli.main([path, "--text-scorer", "bm25", "--time-limit", "5"]) == 0
