"""The feedback pages' highlighter: every character of the student's code comes back, escaped."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from coursekit.course.notebook import read_notebook_text
from coursekit.outputs.highlight import highlight_python

ROOT = Path(__file__).resolve().parent.parent
TAG = re.compile(r"<[^>]*>")

TRICKY = [
    's = "<script>alert(1)</script>" + \'&amp;\'  # <b>not bold</b>\n',
    'bad = "unterminated\nx = 1\n',
    "doc = '''never closed\n<i>\n",
    'f"{a!r:>{w}}" rb"\\x00" B"" u"\\""\n',
    "@dec.attr\nclass C(Base):\n    def m(self, *a, **k) -> None: ...\n",
    "x = 0x1F + 0b10 + 0o7 + 1_000 + 1.5e-3 + .5 + 3j + 1e5\n",
    "if a and not b or c is None: pass\n",
    "λ = 'ünïcode' ; 名前 = λ\n",
    "`~$?\\\n",  # not Python at all
    "",
    "no newline at the end",
]


def _text(markup) -> str:
    return html.unescape(TAG.sub("", str(markup)))


def _course_cells() -> list[str]:
    cells = []
    for path in sorted((ROOT / "source").glob("*/*.ipynb")):
        nb = read_notebook_text(path.read_text(encoding="utf-8"))
        cells += [c.source for c in nb.cells if c.cell_type == "code"]
    return cells


@pytest.mark.parametrize("source", TRICKY + _course_cells()[::7])
def test_the_text_is_the_source_and_nothing_is_markup(source):
    out = str(highlight_python(source))
    assert out.startswith('<div class="code"><pre>') and out.endswith("</pre></div>\n")
    inner = out[len('<div class="code"><pre>'):-len("</pre></div>\n")]
    assert _text(inner) == (source if source.endswith("\n") else source + "\n")
    # the only tags are the highlighter's spans: the source's own < > & " ' are all escaped
    assert set(re.findall(r"<(/?\w+)", inner)) <= {"span", "/span"}
    assert "<script" not in out and "<b>" not in out


def test_the_parts_get_pygments_classes():
    out = str(highlight_python('@dec\ndef f(x=1.5):\n    """d"""\n    return len(x) and None  # c\n'))
    quotes = "&quot;" * 3
    for css, text in [("nd", "@dec"), ("k", "def"), ("nf", "f"), ("mf", "1.5"), ("sd", f"{quotes}d{quotes}"),
                      ("k", "return"), ("nb", "len"), ("ow", "and"), ("kc", "None"), ("c1", "# c")]:
        assert f'<span class="{css}">{text}</span>' in out, (css, text, out)
    assert '<span class="nc">C</span>' in str(highlight_python("class C: pass\n"))
