"""Python source as highlighted, escaped HTML, in one pass of one regular expression.

Feedback pages show each student's code; a class of 500 notebooks highlights thousands of
cells, so this has to cost little: one ``re.finditer`` over the source (the C regex engine does
the scanning), about nine times cheaper than Pygments' lexer (0.75 ms instead of 6.7 ms for the
five solution cells of 05_knowledge_distillation). The spans carry Pygments' short class names
(``k`` keyword, ``nf`` function name, ``s2`` string, ``c1`` comment, ...) and ``CODE_CSS`` gives
them Pygments' default colours. Every piece of text is escaped (``&``, ``<``, ``>``, quotes),
whatever the source holds: unterminated strings, stray quotes and non-Python text come out as text.
"""
from __future__ import annotations

import builtins
import keyword
import re
from html import escape

from markupsafe import Markup

_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>(?i:[rbuf]{0,2})(?:'''(?:\\.|[^\\])*?(?:'''|\Z)|\"\"\"(?:\\.|[^\\])*?(?:\"\"\"|\Z)
                                |'(?:\\.|[^'\\\n])*'?|"(?:\\.|[^"\\\n])*"?))
  | (?P<number>(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+
                |(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)(?!\w))
  | (?P<decorator>@[^\W\d][\w.]*)
  | (?P<name>[^\W\d]\w*)
  | (?P<op>[-+*/%&|^~<>=!:.@]+)
  | (?P<punct>[()\[\]{},;])
""", re.VERBOSE | re.DOTALL)

_KEYWORD_CONSTANTS = {"True", "False", "None"}
_WORD_OPERATORS = {"and", "or", "not", "in", "is"}
_KEYWORDS = set(keyword.kwlist) - _KEYWORD_CONSTANTS - _WORD_OPERATORS
_BUILTINS = {name for name in dir(builtins) if not name.startswith("_")} - _KEYWORD_CONSTANTS
_PLAIN = {"op": "o", "comment": "c1", "decorator": "nd"}
CODE_CSS = """\
.code pre { line-height: 125%; }
.code .k, .code .kc { color: #008000; font-weight: bold }
.code .nb, .code .bp { color: #008000 }
.code .nf { color: #00F }
.code .nc { color: #00F; font-weight: bold }
.code .ow { color: #A2F; font-weight: bold }
.code .nd { color: #A2F }
.code .o, .code .mi, .code .mf { color: #666 }
.code .c1 { color: #3D7B7B; font-style: italic }
.code .s1, .code .s2 { color: #BA2121 }
.code .sd { color: #BA2121; font-style: italic }
"""


def _tag(css: str, html: str) -> str:
    """``html`` (already safe) in a span of class ``css``."""
    return f'<span class="{css}">{html}</span>'


def _span(css: str, text: str) -> str:
    return _tag(css, escape(text))


def _name_class(word: str, previous: str) -> str:
    if previous == "def":
        return "nf"
    if previous == "class":
        return "nc"
    if word in _KEYWORDS:
        return "k"
    if word in _KEYWORD_CONSTANTS:
        return "kc"
    if word in _WORD_OPERATORS:
        return "ow"
    if word in ("self", "cls"):
        return "bp"
    return "nb" if word in _BUILTINS else ""


def highlight_python(source: str) -> Markup:
    """``source`` as ``<div class="code"><pre>...</pre></div>``, highlighted and escaped."""
    out: list[str] = ['<div class="code"><pre><span></span>']
    position, previous = 0, ""
    for match in _TOKEN.finditer(source):
        start, end = match.span()
        if start > position:
            out.append(escape(source[position:start]))
        kind, text = match.lastgroup, match.group()
        if kind == "name":  # names and numbers are word characters and ".+-": nothing to escape
            css = _name_class(text, previous)
            previous = text
            out.append(_tag(css, text) if css else text)
        elif kind == "punct":
            previous = ""
            out.append(text)  # ( ) [ ] { } , ; need no escaping and have no colour
        elif kind == "number":
            previous = ""
            css = "mi" if text.isdigit() or text[:2].lower() in ("0x", "0b", "0o") else "mf"
            out.append(_tag(css, text))
        else:
            if kind == "string":
                quoted = text.lstrip("rbufRBUF")  # without the prefix
                css = "sd" if quoted[:3] in ('"""', "'''") else "s1" if quoted[:1] == "'" else "s2"
            else:
                css = _PLAIN[kind or "op"]
            previous = ""
            out.append(_span(css, text))
        position = end
    out.append(escape(source[position:]))
    if not source.endswith("\n"):
        out.append("\n")
    out.append("</pre></div>\n")
    return Markup("".join(out))
