"""The Gradescope autograder applies course.yml's late policy to the times in
/autograder/submission_metadata.json (05_knowledge_distillation: due 2027-02-19 23:59 UTC,
10% of 12 points per started day, 15 minutes' grace)."""
import json

import pytest
from conftest import PILOT
from test_export import run_autograder, unpack

from coursekit.course.build import notebook_text, reference_and_template
from coursekit.export.gradescope import gradescope_zip
from coursekit.export.gradescope_runtime import late_policy

DUE = "2027-02-19T15:59:00.000000-08:00"          # 23:59 UTC, as Gradescope writes it (Pacific time)


def metadata(created_at, due=DUE, extensions=()):
    """A submission_metadata.json as Gradescope's documentation shows it, with per-student
    due dates (extensions) where given."""
    users = [{"email": f"s{i}@uni.example", "id": i, "name": f"Student {i}",
              **({"assignment": {"due_date": e, "late_due_date": None,
                                 "release_date": "2027-02-01T00:00:00.000000-08:00"}} if e else {})}
             for i, e in enumerate(extensions or [None])]
    return {"id": 123456, "created_at": created_at,
            "assignment": {"due_date": due, "late_due_date": None, "id": 25828, "title": "05",
                           "release_date": "2027-02-01T00:00:00.000000-08:00", "total_points": "12.0"},
            "users": users, "previous_submissions": []}


def test_late_policy_from_the_metadata(course):
    asg = course.assignment(PILOT)
    late = late_policy(asg, metadata("2027-02-21T04:00:00.000000-08:00"), 12.0)   # 1 day 12 h late
    assert late.penalty == pytest.approx(2.4)
    assert late.note == ("Submitted 2027-02-21 12:00 UTC, 2 started day(s) after the due date 2027-02-19 23:59 UTC "
                         "(+ 15 min grace): late penalty -2.4 points (10% of 12 points per started day, never more "
                         "than the score); score 12 -> 9.6.")
    in_grace = late_policy(asg, metadata("2027-02-19T16:10:00.000000-08:00"), 12.0)  # 11 minutes after
    assert in_grace.penalty == 0
    assert in_grace.note == ("Submitted 2027-02-20 00:10 UTC, by the due date 2027-02-19 23:59 UTC (+ 15 min grace): "
                             "no late penalty.")
    assert late_policy(asg, metadata("2027-02-24T00:00:00Z"), 1.0).penalty == 1.0     # never more than the score
    # Gradescope's due date wins over course.yml's; without one, course.yml's applies
    assert late_policy(asg, metadata("2027-02-21T04:00:00-08:00", due="2027-02-22T00:00:00Z"), 12.0).penalty == 0
    assert late_policy(asg, metadata("2027-02-21T04:00:00-08:00", due=None), 12.0).penalty == pytest.approx(2.4)


def test_late_policy_with_extensions(course):
    asg = course.assignment(PILOT)
    when = "2027-02-21T04:00:00.000000-08:00"
    extended = late_policy(asg, metadata(when, extensions=["2027-02-22T15:59:00.000000-08:00"]), 12.0)
    assert extended.penalty == 0 and "by your extended due date 2027-02-22 23:59 UTC" in extended.note
    shorter = late_policy(asg, metadata(when, extensions=["2027-02-20T15:59:00.000000-08:00"]), 12.0)
    assert shorter.penalty == pytest.approx(1.2) and "1 started day(s) after your extended due date" in shorter.note
    group = late_policy(asg, metadata(when, extensions=[None, "2027-02-20T15:59:00-08:00",
                                                        "2027-02-22T15:59:00-08:00"]), 12.0)
    assert group.penalty == 0   # a group is due when its latest member is


def test_late_policy_without_usable_metadata(course):
    asg = course.assignment(PILOT)
    assert late_policy(asg, None, 12.0).penalty == 0 and late_policy(asg, None, 12.0).note == ""
    assert late_policy(asg, {}, 12.0).note == ""          # what `otter run` writes, for example
    broken = late_policy(asg, metadata("yesterday"), 12.0)
    assert broken.penalty == 0 and broken.note.startswith("Late policy not applied: submission_metadata.json "
                                                          "has a time that cannot be read")


@pytest.fixture(scope="module")
def autograder_root(course, tmp_path_factory):
    base = tmp_path_factory.mktemp("gradescope-late")
    return unpack(gradescope_zip(course, PILOT, base / "autograder.zip"), base / "autograder")


@pytest.mark.parametrize("created_at, score, note", [
    ("2027-02-21T04:00:00.000000-08:00", 9.6, "late penalty -2.4 points"),
    ("2027-02-19T12:00:00.000000-08:00", 12.0, "Submitted 2027-02-19 20:00 UTC, by the due date 2027-02-19 23:59 "
                                               "UTC (+ 15 min grace): no late penalty."),
])
def test_results_json_carries_the_late_policy(course, autograder_root, created_at, score, note):
    (autograder_root / "submission_metadata.json").write_text(json.dumps(metadata(created_at)), encoding="utf-8")
    reference, _ = reference_and_template(course, PILOT)
    results = run_autograder(autograder_root, notebook_text(reference))
    assert results["score"] == pytest.approx(score)
    assert note in results["output"]
    assert sum(t["score"] for t in results["tests"]) == course.assignment(PILOT).points  # tests keep their points
    assert all(t["status"] == "passed" and t["output"] == "" for t in results["tests"])
