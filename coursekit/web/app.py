"""The web gradebook as a Starlette application: ``make_app(course, output, token, by)``.

Security (it serves student content):
- every request needs the token: ``?token=`` (then a cookie is set and the URL is cleaned, as
  Jupyter does), the cookie, or ``Authorization: token ...``; none gives 401, a wrong one 403;
- a POST also needs the form's CSRF field (an HMAC of the token) and, when the browser sends
  one, an ``Origin`` equal to the app's; the cookie is HttpOnly and SameSite=Strict;
- pages are Jinja2 templates with autoescape, code is highlighted by outputs.highlight (which escapes),
  and a Content-Security-Policy forbids inline scripts, so student text stays inert;
- files are served from the output folder only (feedback pages, report, CSV), after resolving
  the path; nothing else of the disk, and never gradebook.db;
- it never runs student code: a regrade is recorded for the next ``coursekit grade``, or, when
  the app knows the submissions folder, handed to ``coursekit grade`` started as its own process.
"""
from __future__ import annotations

import csv
import hashlib
import hmac
import io
import math
import subprocess
import sys
import urllib.parse
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..course.config import Course
from ..errors import GradebookError
from ..outputs import actions
from ..outputs.charts import histogram_svg, spread, test_failures
from ..outputs.feedback import CODE_CSS, code_by_function, feedback_path, highlight_python, test_groups
from ..outputs.gradebook import Gradebook, GradedNotebook
from ..similarity.report import pairs_of
from ..similarity.run import similarity_dir
from .data import STATUSES, Filters, class_csv_rows, class_table, statuses

HERE = Path(__file__).resolve().parent
SERVED_SUFFIXES = {".html": "text/html; charset=utf-8", ".csv": "text/csv; charset=utf-8"}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
# feedback pages and the report carry their own <style>; they get no script at all
FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"
DONE = {"adjust": "Adjustment recorded.", "comment": "Comment recorded.", "flag": "Flag recorded.",
        "regrade": "Regrade requested: the next `coursekit grade SUBMISSIONS` grades this notebook again.",
        "regrading": "Regrade requested and started (`coursekit grade --assignment` in its own process): "
                     "reload this page in a few seconds.",
        "withdraw": "Adjustment withdrawn.", "keep": "Adjustment kept for this version."}


def csrf_token(token: str) -> str:
    return hmac.new(token.encode(), b"coursekit-csrf", hashlib.sha256).hexdigest()


def _segment(value: str) -> str:
    """A URL path segment (students' names may hold any character)."""
    return urllib.parse.quote(str(value), safe="")


class TokenAuth(BaseHTTPMiddleware):
    """The token on every request, the Origin on every POST, security headers on every answer."""

    def __init__(self, app, token: str):
        super().__init__(app)
        self.token = token

    def cookie_name(self, request: Request) -> str:
        return f"coursekit-token-{request.url.port or 80}"

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await self._check(request, call_next)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"  # "no-referrer" would make POSTs send Origin: null
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    async def _check(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        given = request.query_params.get("token")
        if given is None:
            auth = request.headers.get("authorization", "")
            given = auth[len("token "):] if auth.lower().startswith("token ") else None
        from_query = "token" in request.query_params
        if given is None:
            given = request.cookies.get(self.cookie_name(request))
        if given is None:
            return _refusal(401, "This gradebook needs its token: open the URL that `coursekit serve` printed "
                                 "(it ends in ?token=...).")
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return _refusal(403, "Wrong token: open the URL that `coursekit serve` printed.")
        if request.method not in ("GET", "HEAD"):
            origin = request.headers.get("origin")
            if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
                return _refusal(403, "Cross-site request refused (Origin does not match).")
        if from_query and request.method == "GET":  # keep the token out of the address bar and history
            query = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            clean = request.url.path + ("?" + urllib.parse.urlencode(query) if query else "")
            response: Response = RedirectResponse(clean, status_code=303)
            response.set_cookie(self.cookie_name(request), self.token, httponly=True, samesite="strict",
                                path="/")
            return response
        return await call_next(request)


def _refusal(status: int, message: str) -> Response:
    return HTMLResponse(f"<!DOCTYPE html><title>{status}</title><h1>{status}</h1><p>{message}</p>",
                        status_code=status)


def make_app(course: Course, output: Path, *, token: str, by: str, submissions: Path | None = None) -> Starlette:
    """The web gradebook of ``output/gradebook.db`` (which must exist), acting as ``by``. With
    ``submissions`` (the folder ``coursekit grade`` reads), a regrade request also starts
    ``coursekit grade SUBMISSIONS --assignment ID`` as a separate process (its sandboxed workers run
    the student's code, as always; the app does not)."""
    output = Path(output).resolve()
    graders: list[subprocess.Popen] = []
    db = actions.gradebook_path(output)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["seg"] = _segment
    env.filters["g"] = lambda v: "" if v is None else f"{v:g}"
    templates = Jinja2Templates(env=env)
    csrf = csrf_token(token)
    titles = {a.id: a.title for a in course.config.assignments}

    def page(request: Request, name: str, status_code: int = 200, **context) -> Response:
        context.update(course=course.config.course, by=by, csrf=csrf, titles=titles, request=request)
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def load(assignment: str | None = None, student: str | None = None) -> list[GradedNotebook]:
        with Gradebook(db) as gradebook:
            return gradebook.notebooks(assignment=assignment, student=student)

    def filters_of(request: Request) -> Filters:
        q = request.query_params
        return Filters(**{k: q.get(k, "").strip() for k in ("assignment", "failed", "status", "student")})

    def class_page(request: Request) -> Response:
        filters = filters_of(request)
        table = class_table(course, load(), filters)
        return page(request, "class.html", table=table, filters=filters, statuses=STATUSES,
                    status_of=statuses, query=urllib.parse.urlencode(filters.query()))

    def class_csv(request: Request) -> Response:
        table = class_table(course, load(), filters_of(request))
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(class_csv_rows(table))
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="class.csv"'})

    def assignment_page(request: Request) -> Response:
        assignment = request.path_params["assignment"]
        if assignment not in titles:
            return _refusal(404, "No such assignment in course.yml.")
        nbs = load(assignment=assignment)
        scores = [nb.final_score for nb in nbs]
        points = course.assignment(assignment).points
        return page(request, "assignment.html", assignment=assignment, title=titles[assignment], notebooks=nbs,
                    stats=spread(scores), max_score=points, tests=test_failures(nbs),
                    histogram=histogram_svg(scores, points, f"score distribution of {assignment}"),
                    status_of=statuses)

    def submission_page(request: Request, error: str = "", status_code: int = 200) -> Response:
        student, assignment = request.path_params["student"], request.path_params["assignment"]
        found = load(assignment=assignment, student=student)
        if not found:
            return _refusal(404, "No graded notebook of this student for this assignment.")
        nb = found[0]
        code, others = code_by_function(nb)
        siblings = [n.student for n in load(assignment=assignment)]
        i = siblings.index(student)
        points = nb.test_points()
        groups = test_groups(nb)
        return page(request, "submission.html", status_code=status_code, nb=nb,
                    title=titles.get(assignment, assignment), groups=groups, code=code, others=others, points=points,
                    totals={f: sum(points[t.test_id] for t in ts) for f, ts in groups},
                    highlight=highlight_python, status_of=statuses,
                    done=DONE.get(request.query_params.get("done", ""), ""), error=error,
                    previous=siblings[i - 1] if i > 0 else None,
                    next=siblings[i + 1] if i + 1 < len(siblings) else None,
                    has_feedback=feedback_path(output, student, assignment).is_file(),
                    pairs=similarity_pairs(similarity_dir(course, output), student, assignment))

    async def action(request: Request) -> Response:
        student, assignment = request.path_params["student"], request.path_params["assignment"]
        kind = request.path_params["action"]
        form = urllib.parse.parse_qs((await request.body()).decode("utf-8", errors="replace"),
                                     keep_blank_values=True)
        field = lambda name: form.get(name, [""])[0]  # noqa: E731
        if not hmac.compare_digest(field("csrf").encode(), csrf.encode()):
            return _refusal(403, "Missing or wrong CSRF token: reload the page and try again.")
        try:
            do = _action(kind, student, assignment, field, by)
            # in a thread: a write may wait (busy timeout) for `coursekit grade` to commit
            await run_in_threadpool(actions.act, course, output, student, assignment, do)
        except GradebookError as exc:
            return await run_in_threadpool(submission_page, request, str(exc), 400)
        if kind == "regrade" and submissions is not None and assignment in titles:
            graders[:] = [g for g in graders if g.poll() is None]
            graders.append(subprocess.Popen(  # argument list, no shell; the assignment is a known id
                [sys.executable, "-m", "coursekit", "--course", str(course.root), "grade", str(submissions),
                 "--assignment", assignment, "--output", str(output), "--jobs", "1"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True))
            kind = "regrading"
        target = f"/submission/{_segment(student)}/{_segment(assignment)}?done={kind}#history"
        return RedirectResponse(target, status_code=303)

    def files(request: Request) -> Response:
        """A file of the output folder: feedback pages, report, CSV files; nothing else."""
        relative = request.path_params["path"]
        target = (output / relative).resolve()
        if (not target.is_relative_to(output) or target.suffix not in SERVED_SUFFIXES or not target.is_file()
                or any(part.startswith(".") for part in target.relative_to(output).parts)):
            return _refusal(404, "No such file in the gradebook's outputs.")
        return FileResponse(target, media_type=SERVED_SUFFIXES[target.suffix],
                            headers={"Content-Security-Policy": FILE_CSP})

    routes = [
        Route("/", class_page),
        Route("/class.csv", class_csv),
        Route("/assignment/", lambda request: RedirectResponse(  # the navigation's select without script
            f"/assignment/{_segment(request.query_params.get('go', ''))}" if request.query_params.get("go") else "/",
            status_code=303)),
        Route("/assignment/{assignment}", assignment_page),
        Route("/submission/{student}/{assignment}", submission_page),
        Route("/submission/{student}/{assignment}/{action}", action, methods=["POST"]),
        Route("/files/{path:path}", files),
        Route("/code.css", lambda request: Response(CODE_CSS, media_type="text/css")),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(TokenAuth, token=token)])
    app.state.graders = graders  # the regrade processes started (tests wait for them)
    return app


def similarity_pairs(folder: Path, student: str, assignment: str) -> list[dict] | None:
    """The student's pairs in ``folder/<assignment>.csv`` (written by ``coursekit similarity``),
    highest score first; None when that report has not been made."""
    report = folder / f"{assignment}.csv"
    return pairs_of(report, student) if report.is_file() else None


def _number(text: str, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise GradebookError(f"{what}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise GradebookError(f"{what}: {text!r} is not a number")
    return value


def _action(kind: str, student: str, assignment: str, field, by: str):
    """The Gradebook call for a POSTed action; GradebookError for a bad form."""
    if kind == "adjust":
        points = _number(field("points"), "points")
        mode = field("mode")
        if mode not in ("set", "add"):
            raise GradebookError("choose 'set to' or 'add'")
        return lambda gb: gb.adjust(student, assignment, by=by, reason=field("reason"), test=field("test"),
                                    set_to=points if mode == "set" else None, add=points if mode == "add" else None)
    if kind == "comment":
        return lambda gb: gb.comment(student, assignment, field("text"), by=by)
    if kind == "flag":
        return lambda gb: gb.flag(student, assignment, field("value") == "1", by=by, text=field("text"))
    if kind == "regrade":
        return lambda gb: gb.request_regrade(student, assignment, by=by, text=field("text"))
    if kind in ("withdraw", "keep"):
        event = int(_number(field("event"), "event"))
        if kind == "withdraw":
            return lambda gb: gb.withdraw(student, assignment, event, by=by, reason=field("reason"))
        return lambda gb: gb.keep(student, assignment, event, by=by)
    raise GradebookError(f"unknown action {kind!r}")
