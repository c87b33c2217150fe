"""``coursekit new NN_slug --title ... --functions f,g``: start an assignment from a template.

Writes, and refuses to overwrite:
    source/NN_slug/NN_slug.ipynb        the six sections, the setup cell, and per function a solution
                                        cell and a visible test cell, with complete nbgrader metadata
    autograder/NN_slug/test_<f>.py      a hidden test per function that compares with the reference
    tests/mutants/NN_slug/README.md     the mutant format (the mutants themselves are the author's)
    course.yml                          the assignment's entry, appended to the assignments list
                                        (edited as text: comments and layout are kept)

Everything the author still has to write carries ``TODO(author)``; ``coursekit check`` lists each.
The skeleton builds at once (``coursekit build NN_slug``).
"""
from __future__ import annotations

import json
import keyword
import re
from pathlib import Path

import yaml

from .course.build import notebook_text
from .course.config import ID_PATTERN, Course, CourseConfig
from .errors import ConfigError, CoursekitError
from .outputs.atomic import write_atomic
from .rules import HELPERS_SENTENCE, MIN_MUTANTS, PLACEHOLDER, SECTIONS

SETUP_META = {"grade": False, "grade_id": "setup", "locked": True, "schema_version": 3, "solution": False}


def _solution_meta(function: str) -> dict:
    return {"grade": False, "grade_id": function, "locked": False, "schema_version": 3, "solution": True}


def _test_meta(function: str, points: float) -> dict:
    return {"grade": True, "grade_id": f"test_{function}", "locked": True, "points": points,
            "schema_version": 3, "solution": False}


INTRO = f"""**How to work in this notebook.** Read sections 1–3, then implement the functions in the
cells of section 4 between the comments `# YOUR CODE HERE` (replace `raise NotImplementedError()`).
Run the visible test cell under each function: it checks the basics and tells you what is wrong.
When you submit, the grader runs **only** the setup cell and your solution cells (matched by
their id), then hidden tests that compare your functions with a reference implementation
on many inputs. So:

* put any helper function you write **{HELPERS_SENTENCE}** (the grader does not run other cells);
* do not rename the functions or change their signatures;
* use NumPy only, in float64, and no Python loops over the batch: every function should be vectorised.

Sections 5 and 6 use your functions in an experiment; they are not graded."""

SECTION_TODO = {
    1: "the problem the technique solved, in plain words.",
    2: "the full citation (authors, year, title, venue, arXiv id) and the one idea that matters.",
    3: "the equations in LaTeX with every symbol defined, and the shape of every matrix.",
    4: "a table: each function below and the library function practitioners call that it mirrors.",
    5: "a small experiment with the functions above that shows the technique's effect, with a plot and "
       "an assert of what the prose claims; the paper's reported results, each checked against the paper "
       "(say where: table, section).",
    6: "how it is done in practice (the library, the function, its arguments), exercises, and ungraded "
       "stretch exercises.",
}


def _solution_source(function: str) -> str:
    return (f"def {function}(x):\n"
            f'    """{PLACEHOLDER}: what {function} computes.\n\n'
            f"    x: float array of shape (...). Returns a float64 array of shape (...).\n"
            f'    """\n'
            f"    ### BEGIN SOLUTION\n"
            f'    raise NotImplementedError("{PLACEHOLDER}: the reference solution of {function}")\n'
            f"    ### END SOLUTION")


def _visible_test_source(function: str) -> str:
    return (f"# {PLACEHOLDER}: checks a student can run and understand (a small case worked out by hand).\n"
            f"result = {function}(np.array([0.0, 1.0, 2.0]))\n"
            f'assert np.shape(result) == (3,), f"expected shape (3,), got {{np.shape(result)}}"\n'
            f'print("{function}: visible tests passed")')


def notebook(assignment_id: str, title: str, functions: list[str], points: float = 1):
    """The skeleton source notebook (an nbformat v4 notebook)."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
    cells = [new_markdown_cell(f"# {title}\n\n{INTRO}")]
    for number in (1, 2, 3, 4):
        cells.append(new_markdown_cell(f"## {number}. {SECTIONS[number]}\n\n{PLACEHOLDER}: {SECTION_TODO[number]}"))
    cells.append(new_code_cell("import numpy as np", metadata={"nbgrader": SETUP_META, "tags": ["setup"]}))
    for function in functions:
        cells.append(new_code_cell(_solution_source(function), metadata={"nbgrader": _solution_meta(function)}))
        cells.append(new_code_cell(_visible_test_source(function),
                                   metadata={"nbgrader": _test_meta(function, points)}))
    cells.append(new_markdown_cell(f"## 5. {SECTIONS[5]}\n\n{PLACEHOLDER}: {SECTION_TODO[5]}"))
    cells.append(new_code_cell(f"import matplotlib.pyplot as plt\n\n# {PLACEHOLDER}: the experiment and its plot."))
    cells.append(new_markdown_cell(f"## 6. {SECTIONS[6]}\n\n{PLACEHOLDER}: {SECTION_TODO[6]}"))
    nb = new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"}})
    for cell in nb.cells:
        cell.pop("id", None)  # as the course's other notebooks (nbformat 4.4 cells carry no id)
    nb.nbformat_minor = 4
    return nb


def hidden_test(assignment_id: str, function: str, points: float = 1) -> str:
    """The skeleton of autograder/<id>/test_<function>.py: one test against the reference."""
    return f'''"""Hidden tests of {function}: {PLACEHOLDER} what it computes, which library function it mirrors.

`student.{function}(...)` calls the student's function in the sandbox and returns plain values;
`reference` is solutions/{assignment_id}.py (the reference solution, imported in the grader).
Each test's points are its @pytest.mark.points; all tests of all files add up to the
assignment's points in course.yml. Checks: coursekit.expect (expect_array, expect_equal,
expect_words, expect_true), whose failure message is all the student reads.
"""
import numpy as np
import pytest

from coursekit.expect import expect_array

RTOL, ATOL = 1e-10, 1e-12


@pytest.mark.points({points:g})
def test_matches_the_reference(student, reference):
    # {PLACEHOLDER}: seeded float64 inputs that exercise {function}, and the results of the mistakes
    # students make, as (value, "what to fix") pairs in mistakes=[...].
    x = np.random.default_rng(0).normal(size=(4, 3))
    expect_array(student.{function}(x), reference.{function}(x), "{function}(x) with x of shape (4, 3)",
                 rtol=RTOL, atol=ATOL, mistakes=[])
'''


MUTANTS_README = f"""# Mutants of {{assignment_id}}

Realistic wrong implementations: the mistakes students make. Each file `<mistake>.py` here
defines one or more graded functions wrongly, a docstring (the mistake) and `MESSAGE` (words
that a failure message of the hidden tests must contain); `LOSES` lists the functions that must
lose points (default: those it defines). At least {MIN_MUTANTS} are needed. Example:

```python
\"\"\"Forgot the T^2 factor in the soft-target loss.\"\"\"
LOSES = ["soft_target_loss"]
MESSAGE = "multiply the KL divergence by T^2"


def soft_target_loss(student_logits, teacher_logits, T=2.0):
    ...
```

Other top-level code (imports, helpers) runs with the first replaced function. The file is
read with `ast`, never imported. `coursekit mutants {{assignment_id}} -v` grades each one and
says which condition failed.
"""


def _check_arguments(course: Course, assignment_id: str, title: str, functions: list[str]) -> None:
    if not ID_PATTERN.match(assignment_id):
        raise CoursekitError(f"{assignment_id!r} is not an assignment id: NN_slug, two digits, '_', "
                             "lowercase words joined by '_' (e.g. 26_gelu_activation)")
    if any(a.id == assignment_id for a in course.config.assignments):
        raise CoursekitError(f"{course.config_path}: {assignment_id} is already an assignment")
    if not title.strip():
        raise CoursekitError("--title must not be empty")
    if not functions:
        raise CoursekitError("--functions needs at least one function name: --functions f,g")
    for f in functions:
        if not f.isidentifier() or keyword.iskeyword(f) or f == "setup" or not re.match(r"^[a-zA-Z0-9_]+$", f):
            raise CoursekitError(f"{f!r} cannot be a graded function's name: a Python identifier "
                                 "(letters, digits, '_'), not a keyword, not 'setup'")
    if len(set(functions)) != len(functions):
        raise CoursekitError(f"--functions names a function twice: {','.join(functions)}")
    taken = [p for p in (course.source_notebook(assignment_id).parent, course.autograder_dir(assignment_id),
                         course.mutants_dir(assignment_id)) if p.exists()]
    if taken:
        raise CoursekitError(f"{', '.join(map(str, taken))}: already exist(s); `coursekit new` never overwrites")


def course_yml_with(text: str, path: Path, entry: dict) -> str:
    """course.yml's text with ``entry`` appended to the assignments list, which must be the last
    key of the file, written as a block list; comments and layout are kept."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode) or not node.value or node.value[-1][0].value != "assignments":
        raise ConfigError(path, None, "assignments", "must be the last key of the file for `coursekit new` to add "
                                                     "an entry; move it to the end")
    key_node, items = node.value[-1]
    if not isinstance(items, yaml.SequenceNode) or items.flow_style:
        raise ConfigError(path, key_node.start_mark.line + 1, "assignments",
                          "write it as a block list (`- id: ...` lines) for `coursekit new` to add an entry")
    dash, key = "  ", "    "
    match = re.search(r"^( *)-( +)id:", text, re.M)
    if match:
        dash, key = match.group(1), " " * (len(match.group(1)) + 1 + len(match.group(2)))
    lines = [f"{dash}- id: {entry['id']}"] + [f"{key}{k}: {v}" for k, v in entry.items() if k != "id"]
    return text.rstrip("\n") + "\n" + "\n".join(lines) + "\n"


def new_assignment(course: Course, assignment_id: str, title: str, functions: list[str]) -> list[Path]:
    """Create the assignment's files and course.yml entry; return the paths written."""
    _check_arguments(course, assignment_id, title, functions)
    points = 1
    entry = {"id": assignment_id, "title": json.dumps(title, ensure_ascii=False), "points": points * len(functions)}
    text = course.config_path.read_text(encoding="utf-8")
    new_text = course_yml_with(text, course.config_path, entry)
    CourseConfig.model_validate(yaml.safe_load(new_text))  # never write a course.yml that does not load
    written = []
    source = course.source_notebook(assignment_id)
    write_atomic(source, notebook_text(notebook(assignment_id, title, functions, points)))
    written.append(source)
    for f in functions:
        path = course.autograder_dir(assignment_id) / f"test_{f}.py"
        write_atomic(path, hidden_test(assignment_id, f, points))
        written.append(path)
    readme = course.mutants_dir(assignment_id) / "README.md"
    write_atomic(readme, MUTANTS_README.replace("{assignment_id}", assignment_id))
    written.append(readme)
    write_atomic(course.config_path, new_text)
    written.append(course.config_path)
    return written
