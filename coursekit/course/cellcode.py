"""What a code cell does when it runs, decided from its Python AST (never by running it).

A cell *only defines things* when every top-level statement is one of:

- ``import`` / ``from ... import``;
- ``def`` / ``async def`` / ``class`` (decorators, default values, base classes and a class's
  body are checked by the same rule, since they run when the cell runs);
- an assignment to plain names (``EPS = 1e-12``, ``A, B = 1, 2``, ``X: float = 0.5``) whose
  value is a *constant expression*;
- a bare constant (a docstring, ``...``) or ``pass``;
- ``if`` / ``try`` whose test is a constant expression and whose branches only define things.

A constant expression calls nothing but the pure builtins in ``PURE_BUILTINS`` and functions
of the modules in ``PURE_MODULES`` (NumPy and the standard modules the sandbox preloads), reached
through a name the cells bound with ``import``; a lambda's body is not evaluated, so it is not
checked. Anything else is a *side effect*: a call as a statement (``print(...)``, ``plt.plot(...)``),
loops, ``with``, ``assert``, ``del``, augmented assignments, assignments to attributes or items
(``np.allclose = ...``, ``d["k"] = 1``), and an assignment whose value calls the notebook's own
functions or anything outside the lists (``losses = train(model)``).
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import lru_cache

PURE_MODULES = frozenset({
    "numpy", "math", "cmath", "itertools", "functools", "collections", "operator", "fractions", "decimal",
    "statistics", "string", "re", "typing", "dataclasses", "enum", "random", "copy", "numbers", "heapq",
    "bisect", "textwrap", "unicodedata"})
PURE_BUILTINS = frozenset({
    "int", "float", "complex", "bool", "str", "bytes", "tuple", "list", "dict", "set", "frozenset", "range",
    "len", "abs", "min", "max", "sum", "round", "sorted", "reversed", "enumerate", "zip", "pow", "divmod",
    "slice", "chr", "ord", "any", "all", "isinstance", "object", "type", "property", "staticmethod",
    "classmethod"})

_MAGIC = re.compile(r"^\s*[%!]")


def comment_out_magics(source: str) -> tuple[str, list[str]]:
    """IPython magics and shell escapes do not run in the grader: comment them out."""
    found, lines = [], []
    for line in source.split("\n"):
        if _MAGIC.match(line):
            found.append(line.strip())
            lines.append("# (not run by the grader) " + line)
        else:
            lines.append(line)
    return "\n".join(lines), found


def imported_modules(sources: list[str]) -> dict[str, str]:
    """{name bound by an import: the top-level module it names}, over the cells that parse."""
    names: dict[str, str] = {}
    for source in sources:
        names.update(_imports_of(source))
    return names


# A class's notebooks share most cells (the release's, and many untouched templates): the
# analyses below are pure functions of the text, remembered for the cells seen last.
@lru_cache(maxsize=4096)
def _imports_of(source: str) -> tuple[tuple[str, str], ...]:
    tree = _parse(comment_out_magics(source)[0])
    found = []
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                found.append((alias.asname or top, top))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [(alias.asname or alias.name, node.module.split(".")[0]) for alias in node.names]
    return tuple(found)


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


@dataclass(frozen=True)
class CellCode:
    """One code cell as the grader sees it (magics commented out)."""

    source: str
    magics: tuple[str, ...]
    parses: bool
    functions: tuple[str, ...]                 # names of its top-level def / class statements
    defines: tuple[str, ...]                   # every name its definition statements bind
    effects: tuple[tuple[int, str], ...]       # (line, text) of each top-level statement with side effects
    definition_lines: tuple[tuple[int, int], ...]   # (first, last) line of each definition statement

    @property
    def only_defines(self) -> bool:
        return self.parses and not self.effects and bool(self.definition_lines)

    def defines_function(self, name: str) -> bool:
        if self.parses:
            return name in self.functions
        return re.search(rf"^\s*(async\s+)?def\s+{re.escape(name)}\s*\(", self.source, re.M) is not None

    def definitions_source(self) -> str:
        """The source with every statement that has side effects commented out (lines kept)."""
        lines = self.source.split("\n")
        keep = {n for first, last in self.definition_lines for n in range(first, last + 1)}
        return "\n".join(line if n in keep or not line.strip() else "# (not run by the grader) " + line
                         for n, line in enumerate(lines, start=1))


def analyse_cell(source: str, modules: dict[str, str]) -> CellCode:
    """Classify each top-level statement of ``source``; ``modules`` from ``imported_modules``."""
    return _analyse(source, frozenset(modules.items()))


@lru_cache(maxsize=4096)
def _analyse(source: str, module_items: frozenset[tuple[str, str]]) -> CellCode:
    modules = dict(module_items)
    source, magics = comment_out_magics(source)
    tree = _parse(source)
    if tree is None:
        return CellCode(source, tuple(magics), False, (), (), (), ())
    lines = source.split("\n")
    functions: list[str] = []
    defines: list[str] = []
    effects: list[tuple[int, str]] = []
    spans: list[tuple[int, int]] = []
    pure = _Pure(modules)
    for stmt in tree.body:
        if pure.statement(stmt):
            spans.append((stmt.lineno, stmt.end_lineno or stmt.lineno))
            defines.extend(_bound_names(stmt))
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                functions.append(stmt.name)
        else:
            effects.append((stmt.lineno, lines[stmt.lineno - 1].strip()[:80]))
    return CellCode(source, tuple(magics), True, tuple(functions), tuple(dict.fromkeys(defines)),
                    tuple(effects), tuple(spans))


def _bound_names(stmt: ast.stmt) -> list[str]:
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [stmt.name]
    if isinstance(stmt, ast.Import):
        return [a.asname or a.name.split(".")[0] for a in stmt.names]
    if isinstance(stmt, ast.ImportFrom):
        return [a.asname or a.name for a in stmt.names if a.name != "*"]
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
    if isinstance(stmt, (ast.If, ast.Try)):
        bodies = [stmt.body, stmt.orelse] + ([h.body for h in stmt.handlers] + [stmt.finalbody]
                                            if isinstance(stmt, ast.Try) else [])
        return [name for body in bodies for s in body for name in _bound_names(s)]
    return []


class _Pure:
    """The rule of the module docstring, for statements and expressions."""

    def __init__(self, modules: dict[str, str]):
        self.modules = modules

    def statement(self, stmt: ast.stmt) -> bool:
        if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.Pass)):
            return True
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = stmt.args
            evaluated = [*stmt.decorator_list, *args.defaults, *[d for d in args.kw_defaults if d is not None]]
            return all(self.expression(e) for e in evaluated)
        if isinstance(stmt, ast.ClassDef):
            evaluated = [*stmt.decorator_list, *stmt.bases, *[k.value for k in stmt.keywords]]
            return all(self.expression(e) for e in evaluated) and all(self.statement(s) for s in stmt.body)
        if isinstance(stmt, ast.Assign):
            return all(_plain_target(t) for t in stmt.targets) and self.expression(stmt.value)
        if isinstance(stmt, ast.AnnAssign):
            return isinstance(stmt.target, ast.Name) and (stmt.value is None or self.expression(stmt.value))
        if isinstance(stmt, ast.Expr):
            return isinstance(stmt.value, ast.Constant)
        if isinstance(stmt, ast.If):
            return self.expression(stmt.test) and all(self.statement(s) for s in stmt.body + stmt.orelse)
        if isinstance(stmt, ast.Try):
            handlers = all((h.type is None or self.expression(h.type)) and all(self.statement(s) for s in h.body)
                           for h in stmt.handlers)
            return handlers and all(self.statement(s) for s in stmt.body + stmt.orelse + stmt.finalbody)
        return False

    def expression(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Lambda):   # its body runs only when called
            args = node.args
            return all(self.expression(d) for d in [*args.defaults, *[d for d in args.kw_defaults if d]])
        if isinstance(node, (ast.NamedExpr, ast.Await, ast.Yield, ast.YieldFrom)):
            return False
        if isinstance(node, ast.Call) and not self._pure_callee(node.func):
            return False
        return all(self.expression(child) for child in ast.iter_child_nodes(node))

    def _pure_callee(self, func: ast.expr) -> bool:
        if isinstance(func, ast.Name):
            return func.id in PURE_BUILTINS
        root = func
        while isinstance(root, ast.Attribute):
            root = root.value
        return isinstance(root, ast.Name) and self.modules.get(root.id) in PURE_MODULES


def _plain_target(target: ast.expr) -> bool:
    if isinstance(target, ast.Name):
        return True
    if isinstance(target, (ast.Tuple, ast.List)):
        return all(_plain_target(t) for t in target.elts)
    if isinstance(target, ast.Starred):
        return _plain_target(target.value)
    return False
