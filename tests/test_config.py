"""course.yml: the typed schema rejects what is wrong with file, line and key."""
import pytest

from coursekit.course.config import ConfigError, load_course

GOOD = """\
course: Test course
limits:
  call_timeout_s: 2
assignments:
  - id: 01_alpha
    title: Alpha
    points: 3
    due: 2027-01-01T12:00:00Z
"""


def _write(tmp_path, text):
    (tmp_path / "course.yml").write_text(text)
    return tmp_path


def test_valid_file_loads_with_types(tmp_path):
    course = load_course(_write(tmp_path, GOOD))
    a = course.config.assignments[0]
    assert (a.id, a.points, a.due.year, course.config.limits.call_timeout_s) == ("01_alpha", 3.0, 2027, 2.0)
    assert course.config.limits.memory_mib == 2048  # default
    assert course.source_notebook("01_alpha") == tmp_path / "source" / "01_alpha" / "01_alpha.ipynb"


def test_unknown_key_names_file_line_and_key(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_course(_write(tmp_path, GOOD.replace("  call_timeout_s: 2", "  call_timeout_s: 2\n  memroy_mib: 9")))
    assert err.value.line == 4 and err.value.key == "limits.memroy_mib"
    assert str(err.value) == f"{tmp_path / 'course.yml'}:4: limits.memroy_mib: unknown key"


def test_unknown_key_inside_an_assignment(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_course(_write(tmp_path, GOOD + "    pionts: 4\n"))
    assert (err.value.line, err.value.key) == (9, "assignments.0.pionts")


def test_wrong_type_names_line(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_course(_write(tmp_path, GOOD.replace("points: 3", "points: many")))
    assert (err.value.line, err.value.key) == (7, "assignments.0.points")
    assert "number" in err.value.message


@pytest.mark.parametrize("edit, key", [
    (("01_alpha", "1_alpha"), "assignments.0.id"),
    (("points: 3", "points: -1"), "assignments.0.points"),
    (("call_timeout_s: 2", "call_timeout_s: 0"), "limits.call_timeout_s"),
])
def test_bad_values(tmp_path, edit, key):
    with pytest.raises(ConfigError) as err:
        load_course(_write(tmp_path, GOOD.replace(*edit)))
    assert err.value.key == key


def test_duplicate_ids_and_missing_file_and_bad_yaml(tmp_path):
    dup = GOOD + "  - id: 01_alpha\n    title: again\n    points: 1\n"
    with pytest.raises(ConfigError, match="listed twice"):
        load_course(_write(tmp_path, dup))
    with pytest.raises(ConfigError, match="not valid YAML") as err:
        load_course(_write(tmp_path, "course: [unclosed\n"))
    assert err.value.line is not None
    with pytest.raises(ConfigError, match="no such file"):
        load_course(tmp_path / "nowhere")


def test_repository_course_is_valid(course):
    assert course.config.assignments, "course.yml lists assignments"
    for a in course.config.assignments:
        assert course.source_notebook(a.id).is_file(), f"{a.id}: source notebook missing"
