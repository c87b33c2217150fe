"""coursekit: build, grade and report the course "Advanced BERT Techniques".

Packages, one concern each (data flows downwards):

    course/    course.yml (config), notebooks and markers, points of hidden tests, the build
    sandbox/   the grading boundary: workers, the fork server, the codec
    grading/   the pipeline: intake -> jobs -> hidden-test runner -> results; late policy
    backends/  where the hidden tests run: inline, local shards, Dask (one Backend interface)
    outputs/   gradebook, feedback, grades.csv, report (atomic writes)
    export/    Gradescope, Canvas, Moodle, otter (one Exporter interface, a registry)
    web/       the TA's web gradebook (``coursekit serve``: Starlette, needs the web extra)

The API: course.config.load_course, course.build.build, check.check_course (the rules it
checks, and the tests check, are in rules.py), new.new_assignment, grading.pipeline.grade_class,
outputs.report.write_report, outputs.actions (a TA's adjust and comment), web.app.make_app,
demo.run_demo; the command line (coursekit.cli) is a thin layer over it. Hidden tests use
coursekit.expect.
"""
import sys

# Grading writes no bytecode beside the toolkit's sources: every coursekit module imported after
# this one is not cached (a grader started without -B or PYTHONDONTWRITEBYTECODE=1 writes at
# most this package's own __init__ cache; the processes grading starts write none).
sys.dont_write_bytecode = True
# nbformat imports jsonschema, which imports the optional rfc3987_syntax when it is installed
# (it is, for jupyter-events); that module builds a grammar at import time, which costs seconds
# in every grader process. Notebooks use no IRI formats: tell jsonschema it is absent.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
