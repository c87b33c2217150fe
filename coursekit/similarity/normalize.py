"""Normalise a student's code into a token sequence that copying cannot hide.

Python's own tokenizer gives the tokens and where each one is in the student's cell; the
AST says which strings are docstrings and where each top-level function starts and ends.
What changes nothing here:

- comments, docstrings (and other bare string statements), blank lines, spacing, line breaks
  inside brackets, grouping parentheses (those of calls and definitions stay): dropped, so
  ``(x).sum()`` is ``x.sum()`` and ``return (a, b)`` is ``return a, b``; ``;`` is a line break;
- identifiers a student chooses (variables, parameters, helper functions, classes): all
  become ``V``, so a consistent or inconsistent renaming is invisible;
- ``import numpy as xp``: ``xp`` is written as ``numpy``;
- string literals: ``S``; numbers by their value (``1e-8`` is ``1e-08``);
- the order of top-level units (each function or class, and each run of other statements):
  units are sorted by their normalised text, so reordering functions changes nothing.

What is kept, because it is what differs between honest solutions of short NumPy code:
keywords, operators, numbers, attribute names (``np.exp`` vs ``np.log``), keyword-argument
names (``axis=``), builtins, the names the release defines (its setup cells and the graded
functions) and imported module names. (copydetect, through Pygments, turns attribute and
keyword-argument names into ``V`` as well, which makes ``x.max(axis=-1)`` and
``x.sum(keepdims=1)`` the same text.)
"""
from __future__ import annotations

import ast
import builtins
import io
import keyword
import tokenize
from dataclasses import dataclass

NEWLINE = "⏎"      # end of a statement (a line break or ``;``)
INDENT = "{"       # a block opens
DEDENT = "}"       # a block closes
UNIT = "§"         # between two top-level units
NAME = "V"         # any identifier the student chose
STRING = "S"       # any string literal

BUILTINS = frozenset(dir(builtins))
_FSTRING_START = getattr(tokenize, "FSTRING_START", None)   # Python >= 3.12 splits f-strings
_FSTRING_END = getattr(tokenize, "FSTRING_END", None)


@dataclass(frozen=True)
class Code:
    """One student's normalised code.

    tokens[i] is the i-th normalised token; spans[i] is (cell, start, end), the characters
    of cells[cell] it came from, or None for a structural token (line break, block, unit)."""

    cells: tuple[str, ...]
    tokens: tuple[str, ...]
    spans: tuple[tuple[int, int, int] | None, ...]


def defined_names(sources: list[str]) -> tuple[set[str], dict[str, str]]:
    """Names bound at the top level of ``sources`` (the release's setup cells) and the import
    aliases there: ({"np", "helper", ...}, {"np": "numpy"})."""
    names: set[str] = set()
    aliases: dict[str, str] = {}
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
        aliases.update(_aliases(tree))
    return names | set(aliases), aliases


def _aliases(tree: ast.AST) -> dict[str, str]:
    """``import numpy as np`` -> {"np": "numpy"}; ``from numpy import exp as e`` -> {"e": "exp"}."""
    return {alias.asname: alias.name for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in node.names if alias.asname}


def _line_starts(source: str) -> list[int]:
    starts = [0]
    for line in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


def _raw_tokens(source: str) -> list[tokenize.TokenInfo]:
    """The tokens of a cell; a cell that stops tokenizing (an unclosed string or bracket, bad
    indentation) keeps the tokens read before the problem."""
    tokens: list[tokenize.TokenInfo] = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            tokens.append(tok)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return tokens


@dataclass
class _Structure:
    """What the AST says about a cell: its top-level units, bare strings, imports."""

    unit_of_line: list[int]                         # line (1-based) -> unit; -1 outside every unit
    n_units: int
    strings: list[tuple[tuple[int, int], tuple[int, int]]]   # bare string statements: (start, end), sorted
    modules: set[str]                               # dotted parts of imported names: not the student's choice
    aliases: dict[str, str]


def _statements(body: list[ast.stmt]):
    """Every statement in ``body`` and in the blocks nested in it (not expressions: they hold no
    docstring or import, and walking them costs most of the time)."""
    for node in body:
        yield node
        for name in ("body", "orelse", "finalbody"):
            inner = getattr(node, name, None)
            if isinstance(inner, list):
                yield from _statements(inner)
        for handler in getattr(node, "handlers", []) + getattr(node, "cases", []):
            yield from _statements(handler.body)


def _char_col(lines: list[str], lineno: int, byte_col: int) -> int:
    """The AST counts columns in UTF-8 bytes, the tokenizer in characters."""
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="replace"))


def _structure(source: str) -> _Structure:
    """A cell that does not parse is one unit without docstrings or imports."""
    n_lines = source.count("\n") + 2
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return _Structure([0] * (n_lines + 1), 1, [], set(), {})
    lines = source.splitlines()
    strings, modules, aliases = [], set(), {}
    for node in _statements(tree.body):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            end_line = node.end_lineno or node.lineno
            strings.append(((node.lineno, _char_col(lines, node.lineno, node.col_offset)),
                            (end_line, _char_col(lines, end_line, node.end_col_offset or 0))))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if isinstance(node, ast.ImportFrom) and node.module:
                modules.update(node.module.split("."))
            for alias in node.names:
                modules.update(alias.name.split("."))
                if alias.asname:
                    aliases[alias.asname] = alias.name
    unit_of_line = [-1] * (n_lines + 1)
    n_units = 0
    loose = False   # the last unit is a run of statements that are not functions or classes
    for node in tree.body:
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        last = node.end_lineno or node.lineno
        is_def = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        if is_def or not loose:
            n_units += 1
        loose = not is_def
        for line in range(first, min(last, n_lines) + 1):
            unit_of_line[line] = n_units - 1
    return _Structure(unit_of_line, max(n_units, 1), sorted(strings), modules, aliases)


def _number(text: str) -> str:
    """A number by its value, not its spelling: 1e-8, 1e-08 and 0.00000001 are one token."""
    try:
        return repr(ast.literal_eval(text))
    except (ValueError, SyntaxError):
        return text


def _name(text: str, raw: list[tokenize.TokenInfo], i: int, previous: str, keep: set[str],
          aliases: dict[str, str], keyword_argument_place: bool) -> str:
    """The normalised form of the identifier raw[i]."""
    if keyword.iskeyword(text) or previous == ".":
        return text                   # a keyword, or an attribute: np.exp, x.max
    if keyword_argument_place:        # f(x, axis=-1): the name of a parameter of someone else's API
        following = next((t.string for t in raw[i + 1:] if t.type not in (tokenize.NL, tokenize.COMMENT)), "")
        if following == "=":
            return text
    if text in aliases:
        return aliases[text]
    if text in keep or text in BUILTINS:
        return text
    return NAME


def _normalise_cell(source: str, cell: int, keep: set[str], aliases: dict[str, str]
                    ) -> list[list[tuple[str, tuple[int, int, int] | None]]]:
    """A cell's units, each a list of (normalised token, span)."""
    structure = _structure(source)
    keep = keep | structure.modules
    aliases = {**aliases, **structure.aliases}
    strings = structure.strings
    next_string = 0                   # strings[next_string] is the first bare string not behind us
    starts = _line_starts(source)
    out: list[list[tuple[str, tuple[int, int, int] | None]]] = [[] for _ in range(structure.n_units)]
    brackets: list[str] = []          # open brackets, innermost last
    signature = -1                    # len(brackets) inside a def's parameter list, else -1
    after_def = False                 # between ``def`` and its ``(``
    previous = ""                     # the previous significant raw token, and its kind
    previous_kind = -1
    in_fstring = 0
    unit = 0                          # the unit the current token belongs to
    raw = _raw_tokens(source)
    for i, tok in enumerate(raw):
        kind, text = tok.type, tok.string
        if in_fstring:                # Python >= 3.12: everything up to FSTRING_END is one string
            in_fstring += (kind == _FSTRING_START) - (kind == _FSTRING_END)
            continue
        if kind in (tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER) or not text.strip() \
                and kind not in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
            continue
        while next_string < len(strings) and tok.start > strings[next_string][1]:
            next_string += 1
        if next_string < len(strings) and (strings[next_string][0] <= tok.start < strings[next_string][1] or
                                           kind == tokenize.NEWLINE and tok.start == strings[next_string][1]):
            continue              # a docstring, or another bare string statement, and its line break
        span: tuple[int, int, int] | None = (cell, starts[tok.start[0] - 1] + tok.start[1],
                                             starts[tok.end[0] - 1] + tok.end[1])
        if kind == tokenize.NEWLINE or (kind == tokenize.OP and text == ";"):
            norm, span = NEWLINE, None
        elif kind == tokenize.INDENT:
            norm, span = INDENT, None
        elif kind == tokenize.DEDENT:
            norm, span = DEDENT, None
        elif kind == tokenize.STRING or kind == _FSTRING_START:
            norm = STRING
            in_fstring = 1 if kind == _FSTRING_START else 0
        elif kind == tokenize.NUMBER:
            norm = _number(text)
        elif kind == tokenize.NAME:
            norm = _name(text, raw, i, previous, keep, aliases,
                         keyword_argument_place=bool(brackets) and brackets[-1] == "(" and len(brackets) != signature)
            after_def = text == "def" or previous == "def"
        else:
            norm = text
            called = previous_kind == tokenize.NAME and not keyword.iskeyword(previous) or previous in (")", "]")
            if kind == tokenize.OP and text == "(" and not called:
                brackets.append("grouping")   # (a + b), (x, y): kept out, so redundant ones change nothing
                previous, previous_kind = text, kind
                continue
            if kind == tokenize.OP and text == ")" and brackets and brackets[-1] == "grouping":
                brackets.pop()
                previous, previous_kind = text, kind
                continue
            if kind == tokenize.OP and text in ("(", "[", "{"):
                brackets.append(text)
                if text == "(" and after_def:
                    signature = len(brackets)
                after_def = False
            elif kind == tokenize.OP and text in (")", "]", "}"):
                if len(brackets) == signature:
                    signature = -1
                if brackets:
                    brackets.pop()
        if span is not None:
            previous, previous_kind = text, kind
        if kind != tokenize.DEDENT:   # a DEDENT stands at the next statement but closes the last one's block
            line = tok.start[0]
            if line < len(structure.unit_of_line) and structure.unit_of_line[line] >= 0:
                unit = structure.unit_of_line[line]
        out[unit].append((norm, span))
    return [u for u in out if any(span is not None for _, span in u)]


def normalise(cells: list[str], keep: set[str], aliases: dict[str, str]) -> Code:
    """The normalised code of ``cells`` (a student's graded cells, in notebook order).

    ``keep``: names written as they are (the release's setup names and graded functions);
    ``aliases``: import aliases of the setup cells (``{"np": "numpy"}``)."""
    units = []
    for index, source in enumerate(cells):
        units.extend(_normalise_cell(source, index, keep, aliases))
    units.sort(key=lambda unit: [token for token, _ in unit])
    tokens: list[str] = []
    spans: list[tuple[int, int, int] | None] = []
    for number, unit in enumerate(units):
        if number:
            tokens.append(UNIT)
            spans.append(None)
        for token, span in unit:
            tokens.append(token)
            spans.append(span)
    return Code(tuple(cells), tuple(tokens), tuple(spans))
