"""coursekit.sandbox.aliasing: what of a call's result is not new, found on the worker's side and
named on the grader's side. The end-to-end path is in test_student_calls.py."""
import numpy as np
import pytest

from coursekit.sandbox.aliasing import MAX_NODES, MAX_REPORTED, aliases, checked, describe

W = np.arange(6.0)


@pytest.mark.parametrize("value, expected", [
    (W, [["", "is", "0", ""]]),
    (np.asarray(W, dtype=np.float64), [["", "is", "0", ""]]),           # asarray of float64 copies nothing
    (W[1:], [["", "shares memory with", "0", ""]]),
    (W.reshape(2, 3).T, [["", "shares memory with", "0", ""]]),
    (np.broadcast_to(W, (2, 6)), [["", "shares memory with", "0", ""], ["", "read-only", "", ""]]),
    (np.lib.stride_tricks.as_strided(W, (2, 3), (0, 8)), [["", "shares memory with", "0", ""]]),  # base not an array
    ({"params": {"w": W}}, [["['params']['w']", "is", "0", ""]]),
    ([W * 2, (1, [W[:2]])], [["[1][1][0]", "shares memory with", "0", ""]]),
])
def test_parts_of_the_result_that_are_arguments_or_views_are_found(value, expected):
    assert aliases(value, [W], {}) == expected


@pytest.mark.parametrize("value", [W.copy(), W * 2, np.array(W), W + 0, [W.copy()], {"w": W.copy()}, 1.5,
                                   np.float64(2.0), "text", None, (1, 2), np.zeros(0), []])
def test_new_values_are_not_reported(value):
    assert aliases(value, [W, {"w": W}], {"scale": 2.0}) == []


def test_an_argument_is_named_by_position_or_keyword_and_where_inside():
    state = {"m": np.zeros(3), "step": 1}
    report = aliases((np.ones(3), state["m"]), [W], {"state": state})
    assert report == [["[1]", "is", "state", "['m']"]]
    assert describe(checked(report), ["x"]) == ("the result[1] is the `state['m']` you passed in, not a new object",)
    assert describe(checked([["", "is", "1", ""]]), ["x", "y"]) == (
        "the result is the `y` you passed in, not a new object",)
    assert describe(checked([["", "is", "4", ""]]), ["x"]) == (
        "the result is the `argument 5` you passed in, not a new object",)


def test_what_is_inside_a_reported_part_is_not_reported_again():
    words = ["a", ["b"]]
    assert aliases([words, words[1]], [words], {}) == [["[0]", "is", "0", ""], ["[1]", "is", "0", "[1]"]]
    assert aliases({"all": words}, [words], {}) == [["['all']", "is", "0", ""]]


def test_a_huge_result_is_walked_only_so_far_and_reports_at_most_five():
    many = [W] * (3 * MAX_NODES)
    report = aliases(many, [W], {})
    assert len(report) == MAX_REPORTED and all(entry[1] == "is" for entry in report)
    deep = W
    for _ in range(10 * MAX_NODES):   # nesting far beyond the recursion limit: walked without recursion
        deep = [deep]
    assert aliases(deep, [np.zeros(2)], {}) == []


def test_only_plain_containers_are_walked():
    class Sneaky(list):
        def __iter__(self):
            raise AssertionError("the student's __iter__ must not run in the grader")
    assert aliases(Sneaky([W]), [W], {}) == []
    assert aliases([Sneaky([W])], [W], {}) == []


def test_a_report_that_cannot_be_made_is_left_out_not_the_call():
    class Key:
        def __hash__(self):
            return 1

        def __repr__(self):
            raise RuntimeError("the student's __repr__")
    assert aliases({Key(): W}, [W], {}) == []


def test_a_malformed_report_from_the_worker_is_left_out():
    assert checked("the result is fine") == ()
    malformed = [["", "is", "0"], ["", "owns", "0", ""], [1, "is", "0", ""], ["", "is", "0", ""]]
    assert checked(malformed) == (("", "is", "0", ""),)
    assert checked([["x" * 10_000, "is", "0", ""]] * 50) == (("x" * 120, "is", "0", ""),) * MAX_REPORTED
