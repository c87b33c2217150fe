"""Grading: a linear pipeline (pipeline.py) from submissions to recorded results.

intake.py   find submissions, read each once, make a GradingJob (or an unreadable result)
job.py      GradingJob in, RunResult out, and their one JSON form (for shards and Dask)
runner.py   the hidden pytest tests of one assignment against many jobs (student code in
            sandboxed workers, through coursekit.sandbox)
session.py  what a trusted grader process keeps between chunks (references, sandboxes)
late.py     submission times and the late policy
"""
