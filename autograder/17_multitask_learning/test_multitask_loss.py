"""Hidden tests of multitask_loss: the sum over tasks of weight * loss (MT-DNN's criteria times alpha).

Graded on its own: all tests but one answer the student's calls of task_head_loss with the reference, so a wrong
task_head_loss costs its own points; test_with_your_task_head_loss checks the two together."""
import numpy as np
import pytest

from coursekit.expect import expect_array, expect_true, expect_unchanged


def _tasks(seed):
    rng = np.random.default_rng(seed)
    hid = {"mnli": rng.normal(size=(6, 5)), "stsb": rng.normal(size=(4, 5)), "qnli": rng.normal(size=(3, 4, 5)),
           "rte": rng.normal(size=(2, 5))}
    heads = {"mnli": {"W": rng.normal(size=(5, 3)), "b": rng.normal(size=3)},
             "stsb": {"W": rng.normal(size=(5, 1)), "b": rng.normal(size=1)},
             "qnli": {"W": rng.normal(size=(5, 1)), "b": rng.normal(size=1)},
             "rte": {"W": rng.normal(size=(5, 2)), "b": rng.normal(size=2)}}
    types = {"mnli": "classification", "stsb": "regression", "qnli": "ranking", "rte": "classification"}
    targets = {"mnli": rng.integers(0, 3, 6), "stsb": rng.normal(size=4) * 2, "qnli": None,
               "rte": rng.integers(0, 2, 2)}
    return hid, heads, types, targets


def _result(got, what):
    expect_true(isinstance(got, dict) and "loss" in got and "per_task" in got,
                f"{what} must return a dict with the keys 'loss' and 'per_task'")
    return got


@pytest.mark.points(0.5)
def test_weighted_sum(student, reference):
    hid, heads, types, targets = _tasks(80)
    for weights, gamma in [({"mnli": 1.0, "stsb": 0.5, "qnli": 2.0, "rte": 3.0}, 1.0),
                           ({"mnli": 0.2, "stsb": 1.0, "qnli": 1.0, "rte": 0.0}, 2.5)]:
        want = reference.multitask_loss(hid, heads, types, targets, weights, gamma)
        got = _result(student.with_reference("task_head_loss").multitask_loss(hid, heads, types, targets, weights, gamma),
                      "multitask_loss")
        per = want["per_task"]
        no_gamma = []
        if gamma != 1.0:
            gamma_one = reference.multitask_loss(hid, heads, types, targets, weights, 1.0)
            no_gamma = [(gamma_one["loss"], f"the ranking task's loss is computed with gamma=1: pass gamma={gamma} on "
                                            "to task_head_loss")]
        expect_array(got["loss"], want["loss"], f"multitask_loss(...)['loss'] with weights {weights}, gamma={gamma}",
                     rtol=1e-9, atol=1e-12,
                     mistakes=no_gamma + [(sum(per.values()), "the task losses are added without their weights"),
                               (want["loss"] / len(per), "the weighted losses are averaged over the tasks: "
                                                         "the multi-task loss is their sum"),
                               (want["loss"] / sum(weights.values()),
                                "the weighted sum is divided by the sum of the weights: do not normalise")])
        expect_true(isinstance(got["per_task"], dict) and set(got["per_task"]) == set(types),
                    f"per_task must map every task name to its loss, expected keys {sorted(types)}")
        for name in types:
            expect_array(got["per_task"][name], per[name],
                         f"multitask_loss(...)['per_task'][{name!r}] with weights[{name!r}] = {weights[name]}",
                         rtol=1e-9, atol=1e-12,
                         mistakes=[(weights[name] * per[name], "per_task holds the weighted loss: it is each task's "
                                                               "unweighted loss (the weight only enters 'loss')")])


@pytest.mark.points(0.5)
def test_per_task_and_default_weights(student, reference):
    hid, heads, types, targets = _tasks(81)
    want = reference.multitask_loss(hid, heads, types, targets, None, 2.0)
    got = _result(student.with_reference("task_head_loss").multitask_loss(hid, heads, types, targets, None, 2.0),
                  "multitask_loss")
    expect_true(isinstance(got["per_task"], dict) and set(got["per_task"]) == set(types),
                f"per_task must map every task name to its loss, expected keys {sorted(types)}")
    gamma_one = reference.multitask_loss(hid, heads, types, targets, None, 1.0)["per_task"]
    for name in types:
        expect_array(got["per_task"][name], want["per_task"][name],
                     f"multitask_loss(...)['per_task'][{name!r}] ({types[name]}, gamma=2)", rtol=1e-9, atol=1e-12,
                     mistakes=[(gamma_one[name], "this is the loss with gamma=1: pass gamma=2 on to task_head_loss")])
    expect_array(got["loss"], want["loss"], "multitask_loss(..., weights=None)['loss'] (all weights 1)",
                 rtol=1e-9, atol=1e-12,
                 mistakes=[(want["loss"] / len(types), "the losses are averaged over the tasks: with weights=None "
                                                       "every weight is 1 and the loss is their sum")])


@pytest.mark.points(0.25)
def test_one_task_no_tasks_defaults_and_types(student, reference):
    code = student.with_reference("task_head_loss")
    hid, heads, types, targets = _tasks(82)
    one = ["qnli"]
    sub = [{k: d[k] for k in one} for d in (hid, heads, types, targets)]    # targets: {"qnli": None}
    got = _result(code.multitask_loss(*sub), "multitask_loss")
    want = reference.multitask_loss(*sub)
    expect_array(got["loss"], want["loss"], "multitask_loss with one ranking task, targets={'qnli': None} and the defaults "
                                            "weights=None, gamma=1", rtol=1e-9, atol=1e-12)
    got = _result(code.multitask_loss({}, {}, {}, {}), "multitask_loss")
    expect_array(got["loss"], 0.0, "multitask_loss with no tasks at all (an empty sum: loss 0)", rtol=0, atol=0)
    empty_sum = " (Python's sum of nothing is the int 0: start it at 0.0, sum(..., 0.0), or use float())" \
        if type(got["loss"]) is int else ""
    expect_true(type(got["loss"]) is float, f"multitask_loss with no tasks returned the loss {got['loss']!r} of type "
                                            f"{type(got['loss']).__name__}: multitask_loss must return Python floats, "
                                            f"here 0.0{empty_sum}")
    got = _result(code.multitask_loss(hid, heads, types, targets, {"mnli": 1.0, "stsb": 2.0, "qnli": 0.5, "rte": 1.0}),
                  "multitask_loss")
    expect_true(type(got["loss"]) is float and all(type(v) is float for v in got["per_task"].values()),
                "multitask_loss must return Python floats (the docstring: {'loss': float, 'per_task': {name: float}}): "
                "use float(...) and Python's sum, not np.sum")


@pytest.mark.points(0.25)
def test_leaves_its_arguments_alone(student, reference):
    hid, heads, types, targets = _tasks(83)
    student.with_reference("task_head_loss").multitask_loss(hid, heads, types, dict(targets), {"mnli": 2.0, "rte": 1.0,
                                                                                              "stsb": 1.0, "qnli": 1.0})
    expect_unchanged(student.last_call, "build new dicts for the result; never add missing targets or weights to the "
                                        "dicts you are given (targets.get(name) reads without writing)")


@pytest.mark.points(0.25)
def test_with_your_task_head_loss(student, reference):
    hid, heads, types, targets = _tasks(84)
    weights = {"mnli": 1.0, "stsb": 0.5, "qnli": 2.0, "rte": 3.0}
    want = reference.multitask_loss(hid, heads, types, targets, weights, 1.5)
    got = _result(student.multitask_loss(hid, heads, types, targets, weights, 1.5), "multitask_loss")
    expect_array(got["loss"], want["loss"], "multitask_loss(...)['loss'] with your own task_head_loss (if its own tests "
                                            "fail, fix it first)", rtol=1e-9, atol=1e-12)


@pytest.mark.points(0.25)
def test_random_weights(student, reference):
    rng = np.random.default_rng(85)
    hid, heads, types, targets = _tasks(86)
    code = student.with_reference("task_head_loss")
    for _ in range(2):
        names = [str(n) for n in rng.permutation(list(types))[:int(rng.integers(1, 5))]]
        sub = [{k: d[k] for k in names} for d in (hid, heads, types, targets)]
        weights = {k: float(rng.choice([0.0, 0.3, 1.0, 4.0])) for k in names}
        gamma = float(rng.choice([0.5, 1.0, 3.0]))
        want = reference.multitask_loss(*sub, weights, gamma)
        got = _result(code.multitask_loss(*sub, weights, gamma), "multitask_loss")
        expect_array(got["loss"], want["loss"], f"multitask_loss over {names} with weights {weights}, gamma={gamma:g} "
                                                "(random draw)", rtol=1e-9, atol=1e-12,
                     mistakes=[(sum(want["per_task"].values()), "the task losses are added without their weights")])
