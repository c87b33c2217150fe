"""The TA's web gradebook: ``coursekit serve`` (Starlette app, served by uvicorn).

app.py        the application: token and CSRF checks, the pages, the actions (POST)
data.py       what the pages show, computed from the gradebook (the class table, filters)
serve.py      start it: a random token, the URL printed as Jupyter prints it, uvicorn
templates/    Jinja2 pages (autoescaped: student code, output and names are escaped)
static/       the stylesheet and the script that sorts tables

The app reads and appends to ``gradebook.db`` (events only, through outputs.actions), rewrites
the affected feedback page and grades.csv, and serves files of the output folder only. It never
runs student code: a regrade is a request that the next ``coursekit grade`` carries out.
Needs the ``web`` extra (``pip install -e .[web]``).
"""
