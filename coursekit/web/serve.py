"""``coursekit serve``: the web gradebook on 127.0.0.1 with a random token, printed as Jupyter does."""
from __future__ import annotations

import ipaddress
import secrets
import sys
from pathlib import Path

from ..course.config import Course
from ..errors import CoursekitError


def serve(course: Course, output: Path, *, host: str = "127.0.0.1", port: int = 8642, by: str,
          token: str | None = None, submissions: Path | None = None) -> int:
    """Run the app until Ctrl+C. Prints the URL with the token first."""
    try:
        import uvicorn
    except ImportError:
        raise CoursekitError("`coursekit serve` needs the web extra: pip install -e '.[web]'") from None
    from .app import make_app
    token = token or secrets.token_hex(24)
    if submissions is not None and not Path(submissions).is_dir():
        raise CoursekitError(f"{submissions}: no such folder of submissions")
    app = make_app(course, output, token=token, by=by, submissions=submissions)  # refuses a missing gradebook
    shown = f"[{host}]" if ":" in host else host
    print(f"serve: the gradebook {Path(output) / 'gradebook.db'}, acting as {by!r}"
          + (f"; regrades run `coursekit grade {submissions}`" if submissions else
             "; regrades wait for the next `coursekit grade` (--submissions DIR runs them at once)"))
    print("    To open it, copy and paste this URL into a browser (the token is the password):")
    print(f"    http://{shown}:{port}/?token={token}")
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if not loopback:
        print(f"warning: listening on {host}: anyone who can reach this machine and has the token can change "
              "grades, over plain HTTP; prefer 127.0.0.1 and an SSH tunnel", file=sys.stderr)
    print("    Ctrl+C stops the server.", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
    return 0
