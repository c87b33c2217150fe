"""A grading thread and its sandboxed workers share one CPU; parallel graders take one CPU each."""
from __future__ import annotations

import os

import pytest

from coursekit.course.config import Limits
from coursekit.course.notebook import GradingCell
from coursekit.sandbox.affinity import available_cpus, cpu_for, current_cpu, pinned
from coursekit.sandbox.client import StudentCode
from coursekit.sandbox.forkserver import Sandbox
from coursekit.sandbox.plan import SandboxPlan

CPUS = available_cpus()
needs_two = pytest.mark.skipif(len(CPUS) < 2, reason="pinning needs a machine with two CPUs or more")

WHERE = GradingCell("where", "solution", "import os\n\ndef where():\n    return sorted(os.sched_getaffinity(0))\n")


def test_parallel_graders_get_cpus_round_robin():
    if len(CPUS) < 2:
        assert cpu_for(0) is None  # one CPU: nothing to choose
        return
    assert [cpu_for(i) for i in range(2 * len(CPUS))] == CPUS + CPUS
    assert current_cpu() in CPUS


@needs_two
def test_pinned_restores_the_threads_cpus():
    before = sorted(os.sched_getaffinity(0))
    with pinned(CPUS[-1]):
        assert sorted(os.sched_getaffinity(0)) == [CPUS[-1]]
    assert sorted(os.sched_getaffinity(0)) == before
    with pinned(None):
        assert sorted(os.sched_getaffinity(0)) == before


@needs_two
@pytest.mark.parametrize("cpu", [CPUS[0], CPUS[-1]] if len(CPUS) > 1 else [])
def test_the_students_worker_runs_on_the_sandboxs_cpu(tmp_path, cpu):
    with Sandbox(Limits(), SandboxPlan.for_paths([tmp_path]), cpu) as sandbox:
        code = StudentCode([WHERE], Limits(), sandbox)
        try:
            assert code.call("where") == [cpu]
        finally:
            code.close()
    with Sandbox(Limits(), SandboxPlan.for_paths([tmp_path])) as sandbox:  # no CPU given: any of them
        code = StudentCode([WHERE], Limits(), sandbox)
        try:
            assert code.call("where") == sorted(os.sched_getaffinity(0))
        finally:
            code.close()
