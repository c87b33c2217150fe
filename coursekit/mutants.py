"""Mutants: realistic wrong implementations of an assignment, kept in tests/mutants/<id>/.

A mutant is a Python file. Each top-level ``def`` named after a graded function replaces
that function's solution cell in the reference notebook; other top-level code (imports,
helpers) goes with the first replaced cell. Two constants say what grading must find:

    \"\"\"Forgot the T^2 factor in the soft-target loss.\"\"\"   # the docstring: what the mistake is
    LOSES = ["soft_target_loss"]     # functions that must lose points (default: those defined)
    MESSAGE = "multiply the KL divergence by T^2"   # must appear in a failure message

An *alternative* (tests/alternatives/<id>/) is the same kind of file for a RIGHT implementation
written another way (loops instead of vectorised code, an equivalent formula, the way PyTorch or
transformers computes it): its docstring says how, it has no LOSES or MESSAGE, and grading must give
it full marks, so that the hidden tests hold the answer and not the reference's way to it.

The file is parsed with ``ast``, never imported or executed by the grader.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from .course.notebook import replace_solution_cells
from .errors import MutantError


@dataclass(frozen=True)
class Mutant:
    name: str
    description: str
    cells: dict[str, str]   # grade_id -> replacement source
    loses: list[str]
    message: str
    path: Path
    alternative: bool = False   # a right implementation: full marks expected

    @property
    def key(self) -> str:
        """Its name among an assignment's graded notebooks: "mutant:<name>" or "alternative:<name>"."""
        return f"{'alternative' if self.alternative else 'mutant'}:{self.name}"


def parse_mutant(path: Path, functions: list[str], alternative: bool = False) -> Mutant:
    """The mutant in ``path`` (with ``alternative``: the right implementation, no LOSES or MESSAGE)."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, filename=str(path))
    description = ast.get_docstring(tree) or ""
    constants: dict[str, object] = {}
    replaced: dict[str, str] = {}
    extra: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and node is tree.body[0]:
            continue
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                and node.targets[0].id in ("LOSES", "MESSAGE"):
            constants[node.targets[0].id] = ast.literal_eval(node.value)
        elif isinstance(node, ast.FunctionDef) and node.name in functions:
            replaced[node.name] = ast.get_source_segment(text, node, padded=False) or ""
            if node.decorator_list:
                raise MutantError(f"{path}: graded functions in mutants take no decorators")
        else:
            extra.append(ast.get_source_segment(text, node) or "")
    if not replaced:
        raise MutantError(f"{path}: defines none of the graded functions ({', '.join(functions)})")
    first = next(f for f in functions if f in replaced)
    cells = {f: ("\n\n".join(extra + [src]) if f == first and extra else src) for f, src in replaced.items()}
    if alternative:
        if constants or not description:
            raise MutantError(f"{path}: an alternative has a docstring (how it differs from the reference) and no "
                              "LOSES or MESSAGE: it must score full marks")
        return Mutant(path.stem, description.splitlines()[0], cells, [], "", path, alternative=True)
    if "MESSAGE" not in constants or not description:
        raise MutantError(f"{path}: needs a docstring (the mistake) and MESSAGE (what the feedback must say)")
    loses = constants.get("LOSES", list(replaced))
    message = constants["MESSAGE"]
    if not isinstance(loses, list) or not isinstance(message, str):
        raise MutantError(f"{path}: LOSES must be a list of function names and MESSAGE a string")
    unknown = [f for f in loses if f not in functions]
    if unknown:
        raise MutantError(f"{path}: LOSES names {unknown}, which are not graded functions")
    return Mutant(path.stem, description.splitlines()[0], cells, [str(f) for f in loses], message, path)


def load_mutants(mutants_dir: Path, functions: list[str]) -> list[Mutant]:
    return [parse_mutant(p, functions) for p in sorted(Path(mutants_dir).glob("*.py"))]


def load_alternatives(alternatives_dir: Path, functions: list[str]) -> list[Mutant]:
    return [parse_mutant(p, functions, alternative=True) for p in sorted(Path(alternatives_dir).glob("*.py"))]


def spread(mutants: list[Mutant], k: int) -> list[Mutant]:
    """``k`` of ``mutants``, evenly spaced in their (sorted) order; all of them when there are no more."""
    if len(mutants) <= k:
        return mutants
    return [mutants[i * len(mutants) // k] for i in range(k)]


def apply_mutant(reference_nb, mutant: Mutant):
    """A copy of the reference notebook with the mutant's cells in place of the solution."""
    return replace_solution_cells(reference_nb, mutant.cells)
