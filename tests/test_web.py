"""The TA's web gradebook over HTTP (Starlette's TestClient): the token (401/403), CSRF on every
POST, escaping of student names, code, output and messages, no path traversal, and actions
that reach the gradebook, the feedback page and grades.csv."""
import csv
import io
import sqlite3
import urllib.parse

import pytest
from conftest import PILOT, write_notebook

from coursekit.course.build import reference_and_template
from coursekit.course.notebook import graded_functions, replace_solution_cells
from coursekit.grading.pipeline import grade_class
from coursekit.mutants import apply_mutant, load_mutants

starlette_testclient = pytest.importorskip("starlette.testclient", reason="the web extra is not installed")
from coursekit.web.app import csrf_token, make_app  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")

TOKEN = "t0ken-for-tests"
XSS_STUDENT = "<img src=x onerror=alert(1)>"
XSS_CODE = "</pre><script>alert('code')</script>"
XSS_OUTPUT = "<script>alert('output')</script>"
XSS_MESSAGE = "<img src=y onerror=alert('message')>"
XSS_COMMENT = "<script>alert('comment')</script>"
PAYLOADS = [XSS_STUDENT, XSS_CODE, XSS_OUTPUT, XSS_MESSAGE, XSS_COMMENT, "<script>"]


def _hostile(reference):
    """The first graded function prints a script, raises an error whose message is HTML, and its
    source holds a closing </pre> and a script in a string."""
    first = graded_functions(reference)[0]
    source = (f"def {first}(*args, **kwargs):\n    note = \"{XSS_CODE}\"\n    print(\"{XSS_OUTPUT}\")\n"
              f"    raise ValueError(\"{XSS_MESSAGE}\")\n")
    return replace_solution_cells(reference, {first: source})


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory):
    """A small class graded once: reference, template, a mutant, and a hostile student."""
    tmp = tmp_path_factory.mktemp("web")
    subs, out = tmp / "submissions", tmp / "out"
    reference, template = reference_and_template(course, PILOT)
    mutant = load_mutants(course.mutants_dir(PILOT), graded_functions(reference))[0]
    write_notebook(subs / "ada" / f"{PILOT}.ipynb", reference)
    write_notebook(subs / "bo" / f"{PILOT}.ipynb", template)
    write_notebook(subs / "cy" / f"{PILOT}.ipynb", apply_mutant(reference, mutant))
    write_notebook(subs / XSS_STUDENT / f"{PILOT}.ipynb", _hostile(reference))
    grade_class(course, subs, output=out, jobs=1)
    return out


@pytest.fixture
def client(course, graded):
    """A client that has opened the printed URL (so it holds the cookie)."""
    client = starlette_testclient.TestClient(make_app(course, graded, token=TOKEN, by="Dana (TA)"))
    assert client.get(f"/?token={TOKEN}").status_code == 200
    return client


@pytest.fixture
def anonymous(course, graded):
    return starlette_testclient.TestClient(make_app(course, graded, token=TOKEN, by="Dana (TA)"))


def _url(student, action=""):
    return f"/submission/{urllib.parse.quote(student, safe='')}/{PILOT}" + (f"/{action}" if action else "")


def _events(out, kind):
    db = sqlite3.connect(out / "gradebook.db")
    try:
        return db.execute("SELECT student, text FROM events WHERE kind=?", (kind,)).fetchall()
    finally:
        db.close()


PAGES = ["/", "/class.csv", f"/assignment/{PILOT}", _url("ada"), "/files/grades.csv",
         f"/files/feedback/ada/{PILOT}.html", "/static/app.css", "/code.css"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_needs_the_token(anonymous, path):
    response = anonymous.get(path)
    assert response.status_code == 401 and "token" in response.text
    assert "ada" not in response.text and "12" not in response.text
    wrong = anonymous.get(path, headers={"Authorization": "token nope"})
    assert wrong.status_code == 403
    anonymous.cookies.set("coursekit-token-80", "nope")
    assert anonymous.get(path).status_code == 403


def test_token_in_url_sets_a_strict_cookie_and_is_removed_from_the_url(anonymous):
    response = anonymous.get(f"/assignment/{PILOT}?token={TOKEN}&x=1", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/assignment/{PILOT}?x=1"
    cookie = response.headers["set-cookie"]
    assert f"coursekit-token-80={TOKEN}" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert anonymous.get(f"/assignment/{PILOT}").status_code == 200  # the cookie now
    assert anonymous.get("/?token=wrong").status_code == 403
    header = starlette_testclient.TestClient(anonymous.app).get("/", headers={"Authorization": f"token {TOKEN}"})
    assert header.status_code == 200


@pytest.mark.parametrize("action,form", [
    ("comment", {"text": "hello"}),
    ("adjust", {"mode": "add", "points": "1", "reason": "r", "test": ""}),
    ("flag", {"value": "1"}),
    ("regrade", {}),
    ("withdraw", {"event": "1", "reason": "r"}),
])
def test_post_needs_csrf_and_same_origin(client, anonymous, graded, action, form):
    before = sqlite3.connect(graded / "gradebook.db").execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert anonymous.post(_url("bo", action), data={**form, "csrf": csrf_token(TOKEN)}).status_code == 401
    assert client.post(_url("bo", action), data=form).status_code == 403
    assert client.post(_url("bo", action), data={**form, "csrf": "0" * 64}).status_code == 403
    assert client.post(_url("bo", action), data={**form, "csrf": csrf_token("another token")}).status_code == 403
    foreign = client.post(_url("bo", action), data={**form, "csrf": csrf_token(TOKEN)},
                          headers={"Origin": "http://evil.example"})
    assert foreign.status_code == 403 and "Origin" in foreign.text
    after = sqlite3.connect(graded / "gradebook.db").execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert after == before, "a refused request wrote to the gradebook"


def test_student_content_is_escaped_everywhere(client, graded):
    response = client.post(_url(XSS_STUDENT, "comment"), data={"text": XSS_COMMENT, "csrf": csrf_token(TOKEN)})
    assert response.status_code == 200 and "Comment recorded" in response.text
    pages = {path: client.get(path) for path in
             ["/", f"/assignment/{PILOT}", _url(XSS_STUDENT), "/class.csv",
              f"/files/feedback/{urllib.parse.quote(XSS_STUDENT, safe='')}/{PILOT}.html"]}
    submission = pages[_url(XSS_STUDENT)].text
    assert "&lt;img src=x onerror=alert(1)&gt;" in submission           # the name, escaped
    assert "alert(&#39;output&#39;)" in submission or "alert(&#x27;output&#x27;)" in submission
    assert "onerror=alert(&#39;message&#39;)" in submission or "onerror=alert(&#x27;message&#x27;)" in submission
    assert "&lt;/pre&gt;&lt;script&gt;" in submission                    # the code, escaped by the highlighter
    for path, response in pages.items():
        assert response.status_code == 200, path
        if path.endswith(".csv"):
            assert response.headers["content-type"].startswith("text/csv")
            continue
        for payload in PAYLOADS:
            assert payload not in response.text, f"{path} holds {payload!r} unescaped"
        assert "<script>" not in response.text
        policy = dict(d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";"))
        scripts = policy.get("script-src", policy["default-src"])
        assert "'unsafe-inline'" not in scripts and scripts in ("'self'", "'none'"), path
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", [
    "/files/../../../../etc/passwd", "/files/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/files/..%2f..%2f..%2fetc%2fpasswd",
    "/files//etc/passwd", "/files/feedback/../../../../etc/passwd", "/files/gradebook.db",
    "/files/gradebook.db-wal", "/files/feedback/ada/../../gradebook.db", "/files/%2fetc%2fpasswd",
    "/files/link-out.html", "/files/.hidden.html", "/static/../app.py", "/static/%2e%2e/app.py",
    "/submission/..%2f..%2fetc/passwd", "/assignment/..%2f..%2fetc%2fpasswd",
])
def test_no_file_outside_the_outputs(client, graded, path):
    link = graded / "link-out.html"
    if not link.exists():
        link.symlink_to("/etc/passwd")
    (graded / ".hidden.html").write_text("secret")
    response = client.get(path)
    assert response.status_code in (404, 400), (path, response.status_code)
    assert "root:" not in response.text and "SQLite format" not in response.text and "secret" not in response.text


def test_files_of_the_outputs_are_served(client, graded):
    response = client.get("/files/grades.csv")
    assert response.status_code == 200 and response.text == (graded / "grades.csv").read_text()
    feedback = client.get(f"/files/feedback/ada/{PILOT}.html")
    assert feedback.status_code == 200 and "Score: 12 / 12" in feedback.text
    assert "script-src" not in feedback.headers["content-security-policy"]  # default-src 'none': no script


def test_adjust_in_the_app_reaches_gradebook_feedback_and_grades_csv(client, graded):
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO((graded / "grades.csv").read_text()))}
    auto = float(rows["cy"]["autograded"])  # the mutant's autograded score
    assert 1.5 <= auto < 12
    after = f"{auto - 1.5:g}"
    response = client.post(_url("cy", "adjust"), data={
        "test": "", "mode": "add", "points": "-1.5", "reason": "the loss was right in the notes",
        "csrf": csrf_token(TOKEN)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].endswith("?done=adjust#history")
    page = client.get(_url("cy")).text
    assert f"the notebook: -1.5 points ({auto:g} -&gt; {after})" in page and "Dana (TA)" in page
    rows = {r["student"]: r for r in csv.DictReader(io.StringIO((graded / "grades.csv").read_text()))}
    assert (rows["cy"]["score"], rows["cy"]["autograded"], rows["cy"]["adjustment"]) == (after, f"{auto:g}", "-1.5")
    feedback = (graded / "feedback" / "cy" / f"{PILOT}.html").read_text()
    assert f"Score: {after} / 12" in feedback and "the loss was right in the notes" in feedback
    table = client.get("/?student=cy").text
    assert f'data-value="{after}"' in table and 'class="badge adjusted"' in table
    withdrawn = client.post(_url("cy", "withdraw"), data={
        "event": str(_last_adjustment(graded, "cy")), "reason": "second thoughts", "csrf": csrf_token(TOKEN)})
    assert withdrawn.status_code == 200 and "Adjustment withdrawn" in withdrawn.text
    assert f"Final score: {auto:g} / 12" in withdrawn.text


def _last_adjustment(out, student):
    db = sqlite3.connect(out / "gradebook.db")
    try:
        return db.execute("SELECT MAX(id) FROM events WHERE kind='adjust' AND student=?", (student,)).fetchone()[0]
    finally:
        db.close()


@pytest.mark.parametrize("form,says", [
    ({"mode": "set", "points": "5", "reason": " "}, "needs a reason"),
    ({"mode": "set", "points": "99", "reason": "r"}, "between 0 and 12"),
    ({"mode": "set", "points": "nan", "reason": "r"}, "not a number"),
    ({"mode": "add", "points": "x", "reason": "r"}, "not a number"),
    ({"mode": "set", "points": "1", "reason": "r", "test": "no_such_test"}, "no such test"),
])
def test_bad_adjustments_are_refused_with_a_message(client, graded, form, says):
    before = len(_events(graded, "adjust"))
    response = client.post(_url("bo", "adjust"), data={"test": "", **form, "csrf": csrf_token(TOKEN)})
    assert response.status_code == 400 and says in response.text
    assert len(_events(graded, "adjust")) == before


def test_filters_and_csv(client, graded):
    page = client.get(f"/assignment/{PILOT}").text
    assert "notebooks" in page and "median" in page and "<svg" in page
    failed = client.get(f"/?assignment={PILOT}&failed=soft_target_loss::test_matches_torch_kl_div_batchmean")
    assert failed.status_code == 200
    students = failed.text.split('id="class-table"')[1]
    assert ">bo<" in students and ">ada<" not in students
    assert ">ada<" in client.get("/?status=full").text.split('id="class-table"')[1]
    assert ">bo<" not in client.get("/?status=full").text.split('id="class-table"')[1]
    rows = list(csv.reader(io.StringIO(client.get(f"/class.csv?assignment={PILOT}").text)))
    assert rows[0] == ["student", PILOT, "total"] and ["ada", "12", "12"] in rows


def test_the_app_never_serves_without_a_gradebook(course, tmp_path):
    from coursekit.errors import GradebookError
    with pytest.raises(GradebookError, match="no gradebook"):
        make_app(course, tmp_path, token=TOKEN, by="x")
    assert not (tmp_path / "gradebook.db").exists()


def test_regrade_request_is_recorded_not_run(client, graded):
    response = client.post(_url("ada", "regrade"), data={"text": "check again", "csrf": csrf_token(TOKEN)})
    assert response.status_code == 200 and "next `coursekit grade SUBMISSIONS`" in response.text
    assert ("ada", "check again") in _events(graded, "regrade")
    assert client.app.state.graders == [], "without --submissions the app starts no grader"


def test_needs_a_look_flag_and_status_filter(client, graded):
    assert ">bo<" not in client.get("/?status=needs-look").text.split('id="class-table"')[1]
    flagged = client.post(_url("bo", "flag"), data={"value": "1", "text": "odd output", "csrf": csrf_token(TOKEN)})
    assert flagged.status_code == 200 and "clear the flag" in flagged.text
    table = client.get("/?status=needs-look").text.split('id="class-table"')[1]
    assert ">bo<" in table and ">ada<" not in table and 'class="badge look"' in table
    client.post(_url("bo", "flag"), data={"value": "0", "csrf": csrf_token(TOKEN)})
    assert ">bo<" not in client.get("/?status=needs-look").text.split('id="class-table"')[1]


def test_huge_code_cell_is_cut_in_the_page():
    from coursekit.outputs.feedback import MAX_CODE_CHARS, highlight_python
    html = str(highlight_python("x = 1\n" * (MAX_CODE_CHARS // 3)))
    assert "cut here: the cell has" in html and len(html) < 40 * MAX_CODE_CHARS


def test_an_adjustment_for_an_earlier_version_is_shown_and_kept_by_the_ta(course, tmp_path):
    from coursekit.grading.job import TestResult
    from coursekit.outputs.gradebook import Gradebook, GradedNotebook

    def version(content_hash):
        return GradedNotebook("eve", PILOT, content_hash, "graded", 4.0, 12.0, graded_at="2027-01-01T00:00:00+00:00",
                              tests=[TestResult("soft_target_loss", "t", 4, 12, "failed", "wrong")])
    with Gradebook(tmp_path / "gradebook.db") as gb:
        gb.record(version("h1"))
        made = gb.adjust("eve", PILOT, by="Dana", reason="lost metadata", add=3)
        gb.record(version("h2"))                        # the student resubmitted
    app = starlette_testclient.TestClient(make_app(course, tmp_path, token=TOKEN, by="Eli"))
    app.get(f"/?token={TOKEN}")
    page = app.get(_url("eve")).text
    assert "made for an earlier version" in page and "keep for this version" in page
    assert "Final score: 7 / 12" in page
    assert 'class="badge earlier"' in app.get("/").text.split('id="class-table"')[1]
    kept = app.post(_url("eve", "keep"), data={"event": str(made.id), "csrf": csrf_token(TOKEN)})
    assert kept.status_code == 200 and "Adjustment kept for this version." in kept.text
    assert "keep for this version" not in kept.text and "Final score: 7 / 12" in kept.text
    assert 'class="badge earlier"' not in app.get("/").text.split('id="class-table"')[1]
    feedback = (tmp_path / "feedback" / "eve" / f"{PILOT}.html").read_text()
    assert "Score: 7 / 12" in feedback and "kept for the new version: lost metadata" in feedback


def test_regrade_with_the_submissions_folder_starts_the_grader(course, graded):
    app = make_app(course, graded, token=TOKEN, by="Dana (TA)", submissions=graded.parent / "submissions")
    client = starlette_testclient.TestClient(app)
    client.get(f"/?token={TOKEN}")
    graded_before = _graded_count(graded)
    response = client.post(_url("bo", "regrade"), data={"text": "sandbox hiccup", "csrf": csrf_token(TOKEN)})
    assert response.status_code == 200 and "Regrade requested and started" in response.text
    [grader] = app.state.graders
    assert grader.args[-8:] == ["grade", str(graded.parent / "submissions"), "--assignment", PILOT,
                                "--output", str(graded), "--jobs", "1"]
    assert grader.wait(timeout=300) == 0
    after = _graded_count(graded)
    assert after["bo"] == graded_before["bo"] + 1, "bo was graded again"
    assert after["cy"] == graded_before["cy"], "nobody else without a request"
    assert "regrade-requested" in response.text.split("Status:")[1].split("</b>")[0]
    assert "regrade-requested" not in client.get(_url("bo")).text.split("Status:")[1].split("</b>")[0]


def _graded_count(out):
    db = sqlite3.connect(out / "gradebook.db")
    try:
        return dict(db.execute("SELECT student, COUNT(*) FROM events WHERE kind='graded' GROUP BY student"))
    finally:
        db.close()


def test_a_submission_links_to_its_similarity_pairs(course, client, graded):
    """Once `coursekit similarity` has written its report into the outputs, each submission page lists
    the student's pairs, linked to the other student's page and to the pair in the report."""
    from coursekit.similarity import run_similarity
    from coursekit.similarity.report import pairs_of

    assert 'id="similarity"' not in client.get(_url("ada")).text  # no report yet: no section
    run_similarity(course, graded.parent / "submissions", assignment=PILOT, output=graded)
    page = client.get(_url("ada")).text
    assert 'id="similarity"' in page
    # cy is the reference with one mistake: ada and cy share nearly all their code
    assert f'href="/submission/cy/{PILOT}"' in page, "ada's page does not link to cy, her closest pair"
    rank = next(p["rank"] for p in pairs_of(graded / "similarity" / f"{PILOT}.csv", "ada") if p["other"] == "cy")
    assert f'href="/files/similarity/{PILOT}.html#pair-{rank}"' in page
    assert client.get(f"/files/similarity/{PILOT}.html").status_code == 200
    assert "(reference solution)" in page and "/submission/%28reference" not in page, \
        "the pair with the reference solution must be listed but not link to a student page"
    # bo handed in the blank release: it is boilerplate, so bo shares nothing with anyone
    assert "lists no pair with this student" in client.get(_url("bo")).text
    # a report with only the first pair's code: the others link to their row of the report's table
    run_similarity(course, graded.parent / "submissions", assignment=PILOT, output=graded, top=1)
    page = client.get(_url("ada")).text
    lower = [p["rank"] for p in pairs_of(graded / "similarity" / f"{PILOT}.csv", "ada") if p["rank"] > 1]
    assert lower, "ada has a pair below the first"
    for rank in lower:
        assert f'#rank-{rank}"' in page and f'#pair-{rank}"' not in page
        assert f'id="rank-{rank}"' in client.get(f"/files/similarity/{PILOT}.html").text
