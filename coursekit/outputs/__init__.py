"""What grading leaves behind for people: the gradebook (SQLite), per-student feedback pages,
grades.csv and the class report. Every file is written atomically (atomic.py)."""
