"""What grading leaves behind for people: the gradebook (SQLite: autograded results, and the
append-only events of what TAs do), per-student feedback pages, grades.csv and the class report
(charts.py: its statistics and SVG plots). actions.py is a TA's adjust/comment: one event, then
the feedback page and grades.csv rewritten. Every file is written atomically (atomic.py)."""
