"""The course works inside an nbgrader installation unchanged: the real ``nbgrader
generate_assignment`` (the CLI installed in the project's virtualenv), run on the pilot's source
notebook in a temporary nbgrader course, makes the student notebook we commit in release/."""
import os
import subprocess
import sys
from pathlib import Path

import nbformat
from conftest import PILOT, ROOT

BIN = Path(sys.executable).parent


def _meta(cell) -> dict:
    meta = cell.metadata.get("nbgrader", {})
    return {k: meta.get(k) for k in ("grade_id", "solution", "grade", "locked", "points")}


def test_nbgrader_generate_assignment_makes_our_release(tmp_path):
    source = ROOT / "source" / PILOT / f"{PILOT}.ipynb"
    (tmp_path / "source" / PILOT).mkdir(parents=True)
    (tmp_path / "source" / PILOT / f"{PILOT}.ipynb").write_bytes(source.read_bytes())
    (tmp_path / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(tmp_path)!r}\nc.CourseDirectory.course_id = 'compat'\n")
    # nbgrader runs `alembic` by name for its gradebook, so the venv's bin/ goes first on PATH;
    # an empty Jupyter config dir keeps a user's own nbgrader_config.py out of the test.
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "JUPYTER_CONFIG_DIR": str(tmp_path / ".jupyter"), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run([str(BIN / "nbgrader"), "generate_assignment", PILOT, "--create", "--force"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]

    generated = nbformat.read(tmp_path / "release" / PILOT / f"{PILOT}.ipynb", as_version=4)
    ours = nbformat.read(ROOT / "release" / PILOT / f"{PILOT}.ipynb", as_version=4)
    source_nb = nbformat.read(source, as_version=4)
    assert len(generated.cells) == len(ours.cells) == len(source_nb.cells)

    roles = {"solution": 0, "test": 0}
    for index, (gen, our, src) in enumerate(zip(generated.cells, ours.cells, source_nb.cells)):
        where = f"cell {index}"
        assert gen.cell_type == our.cell_type, where
        assert gen.source == our.source, f"{where}: nbgrader's release differs from release/"
        assert _meta(gen) == _meta(our), where
        assert "HIDDEN TESTS" not in gen.source and "BEGIN SOLUTION" not in gen.source, where
        if gen.cell_type == "code":
            assert gen.outputs == [] and gen.execution_count is None, where
        meta = gen.metadata.get("nbgrader", {})
        if meta.get("solution"):
            roles["solution"] += 1
            assert "raise NotImplementedError()" in gen.source, f"{where}: solution not stubbed"
            assert gen.source.startswith(f"def {meta['grade_id']}("), where
            body = src.source.split("### BEGIN SOLUTION", 1)[1].split("### END SOLUTION", 1)[0]
            for line in (line.strip() for line in body.splitlines()):
                assert len(line) < 12 or line.startswith("#") or line not in gen.source, \
                    f"{where}: solution line {line!r} released"
        elif meta.get("grade"):
            roles["test"] += 1
            assert meta.get("locked") and meta.get("points"), where
            assert gen.source == src.source, f"{where}: a visible test cell changed"
    assert roles["solution"] >= 2 and roles["test"] == roles["solution"]
    # nbgrader checksums the graded and locked cells exactly as our build does
    assert [c.metadata.get("nbgrader", {}).get("checksum") for c in generated.cells] == \
        [c.metadata.get("nbgrader", {}).get("checksum") for c in ours.cells]
