"""Build: release/ and solutions/ are deterministic, fresh, and checked."""
import shutil

import yaml

from coursekit.check import check_course, stale_files, structure_problems
from coursekit.course.build import build, build_outputs, index_outputs
from coursekit.course.config import load_course


def test_committed_builds_are_fresh(course):
    assert stale_files(course) == [], "run `coursekit build` and commit release/ and solutions/"
    assert structure_problems(course) == []


def test_build_is_deterministic_and_byte_identical(course_copy):
    shutil.rmtree(course_copy.path("release"))
    shutil.rmtree(course_copy.path("solutions"))
    first = build(course_copy)
    texts = {p: p.read_bytes() for p in first}
    assert len(first) == 2 * len(course_copy.config.assignments) + len(index_outputs(course_copy))
    assert build(course_copy) == [], "a second build changes nothing"
    again = {f.path: f.text.encode() for a in course_copy.config.assignments for f in build_outputs(course_copy, a.id)}
    again.update({f.path: f.text.encode() for f in index_outputs(course_copy)})
    assert texts == again


def test_check_names_a_stale_release(course_copy):
    a = course_copy.config.assignments[0].id
    path = course_copy.release_notebook(a)
    path.write_text(path.read_text().replace("YOUR CODE HERE", "YOUR CODE THERE", 1))
    problems = check_course(course_copy, grade=False)
    assert problems == [f"{path}: not what source/ makes today; run `coursekit build {a}`"]
    course_copy.solution_module(a).unlink()
    assert any("missing; run `coursekit build" in p for p in check_course(course_copy, grade=False))


def test_check_catches_points_mismatch_and_untested_function(course_copy):
    a = course_copy.config.assignments[0].id
    data = yaml.safe_load(course_copy.config_path.read_text())
    data["assignments"][0]["points"] += 1
    course_copy.config_path.write_text(yaml.safe_dump(data))
    changed = load_course(course_copy.root)
    points = changed.config.assignments[0].points
    tests = sorted(changed.autograder_dir(a).glob("test_*.py"))
    tests[0].unlink()
    problems = check_course(changed, grade=False)
    assert any(f"points is {points:g} but the hidden tests add up to" in p for p in problems)
    assert any(f"{tests[0].name}: missing" in p for p in problems)
