"""The engine is plain Python: importing it, and solving with it, loads no Django module
and nothing of biafed outside `biafed.matching.engine` (the promise of its docstring)."""

import json
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3] / "src"

PROBE = """
import json, sys
import biafed.matching.engine as engine
imported = sorted(sys.modules)
instance = engine.generate(6, 5, seed=1)
engine.solve(instance, time_limit=2)
engine.suggestions("nuclei segmentation in napari", engine.Vocabulary.shipped())
print(json.dumps({"imported": imported, "used": sorted(sys.modules)}))
"""


def foreign(modules: list[str]) -> list[str]:
    """Django modules, and biafed modules outside the engine (its parent packages aside)."""
    return [
        m
        for m in modules
        if m == "django"
        or m.startswith("django.")
        or (
            m.startswith("biafed.")
            and m != "biafed.matching"
            and not m.startswith("biafed.matching.engine")
        )
    ]


def test_importing_and_using_the_engine_loads_no_django_and_no_other_biafed_module():
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        check=True,
        cwd=SRC,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
    )
    modules = json.loads(done.stdout)

    assert "biafed.matching.engine.solve" in modules["imported"]
    assert foreign(modules["imported"]) == []
    assert foreign(modules["used"]) == []
