"""A simulated class of the pilot for the similarity report: honest students and planted copies.

Honest students: every mutant of tests/mutants/05_knowledge_distillation (the reference with
one mistake), and independent variants: each variant student writes each of the five graded
functions in one of several structurally different ways, with independent small choices
inside (how to cast, reduce, index, where to put intermediate values, helpers or not), their
own names, comments and layout. Planted copies (each of a random honest variant, or of the
reference): an exact copy; a copy with every identifier renamed and its comments rewritten;
a copy with its functions reordered (helpers moved to other cells and after the functions
that use them) and its whitespace changed; a copy of the reference solution.
"""
from __future__ import annotations

import ast
import builtins
import random
import re
from dataclasses import dataclass
from pathlib import Path

from coursekit.course.build import notebook_text, reference_and_template
from coursekit.course.notebook import cell_role, grade_id, graded_functions, replace_solution_cells
from coursekit.mutants import load_mutants

PILOT = "05_knowledge_distillation"
FUNCTIONS = ["softmax_with_temperature", "log_softmax_with_temperature", "soft_target_loss",
             "cosine_embedding_loss", "distilbert_loss"]
NAMES = ["z", "x", "a", "scaled", "s", "vals", "arr", "logit", "u", "y", "m", "mx", "shift", "ex", "num", "den",
         "total", "tmp", "out", "res", "v", "w", "h", "q", "p", "r", "t1", "t2", "k", "c"]
COMMENTS = ["# subtract the max for stability", "# numerically stable", "# shape (..., C)", "# normalise",
            "# see the lecture notes", "# batch mean", "# TODO tidy up", "# this was tricky", "# per row",
            "# KL divergence", "# avoid overflow", "# scale by temperature"]


@dataclass(frozen=True)
class Planted:
    copier: str
    original: str      # a student, or "(reference solution)"
    how: str


class _Writer:
    """One student's choices: names, comments, indentation."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.names = rng.sample(NAMES, len(NAMES))
        self.used = 0

    def name(self) -> str:
        self.used += 1
        return self.names[(self.used - 1) % len(self.names)] + ("" if self.used <= len(self.names) else "2")

    def pick(self, *options):
        return self.rng.choice(options)

    def comment(self) -> str:
        return ("  " + self.rng.choice(COMMENTS)) if self.rng.random() < 0.3 else ""

    def cast(self, arg: str) -> str:
        return self.pick(f"np.asarray({arg}, dtype=np.float64)", f"np.array({arg}, dtype=float)",
                         f"np.asarray({arg}).astype(np.float64)", f"np.asarray({arg}, dtype=float)", f"{arg}")

    def rowsum(self, expr: str, keep: bool = True) -> str:
        kd = ", keepdims=True" if keep else ""
        return self.pick(f"np.sum({expr}, axis=-1{kd})", f"({expr}).sum(axis=-1{kd})", f"({expr}).sum(-1{kd})",
                         f"np.sum({expr}, -1{kd})" if keep else f"np.sum({expr}, axis=1)")

    def rowmax(self, expr: str) -> str:
        return self.pick(f"{expr}.max(axis=-1, keepdims=True)", f"np.max({expr}, axis=-1, keepdims=True)",
                         f"np.amax({expr}, axis=-1)[..., None]", f"{expr}.max(-1, keepdims=True)",
                         f"np.max({expr}, axis=-1)[:, np.newaxis]" if self.rng.random() < 0.5 else
                         f"np.expand_dims({expr}.max(axis=-1), -1)")


def _softmax(w: _Writer, helper: str | None) -> str:
    z, e = w.name(), w.name()
    style = w.pick("shift", "shift", "via_log", "lse", "helper" if helper else "shift")
    head = "def softmax_with_temperature(logits, T=1.0):\n"
    if style == "via_log":
        return head + w.pick("    return np.exp(log_softmax_with_temperature(logits, T))\n",
                             f"    {z} = log_softmax_with_temperature(logits, T)\n    return np.exp({z})\n")
    if style == "helper":
        return head + f"    {z} = {helper}({w.cast('logits')} / T)\n    {e} = np.exp({z})\n" \
                      f"    return {e} / {w.rowsum(e)}\n"
    if style == "lse":
        m = w.name()
        return (head + f"    {z} = {w.cast('logits')} / T\n    {m} = {w.rowmax(z)}\n"
                f"    {e} = np.exp({z} - {m}){w.comment()}\n    return {e} / {w.rowsum(e)}\n")
    lines = [f"    {z} = {w.cast('logits')} / T{w.comment()}"]
    lines.append(w.pick(f"    {z} = {z} - {w.rowmax(z)}", f"    {z} -= {w.rowmax(z)}"))
    if w.rng.random() < 0.5:
        lines.append(f"    {e} = np.exp({z})")
        lines.append(w.pick(f"    return {e} / {w.rowsum(e)}",
                            f"    {w.names[-1]} = {w.rowsum(e)}\n    return {e} / {w.names[-1]}"))
    else:
        lines.append(f"    {e} = np.exp({z})\n    {e} /= {w.rowsum(e)}\n    return {e}")
    return head + "\n".join(lines) + "\n"


def _log_softmax(w: _Writer, helper: str | None) -> str:
    z, m = w.name(), w.name()
    head = "def log_softmax_with_temperature(logits, T=1.0):\n"
    style = w.pick("shift", "shift_m", "logaddexp", "via_softmax", "helper" if helper else "shift_m")
    if style == "via_softmax":
        return head + f"    return np.log(softmax_with_temperature(logits, T) + {w.pick('1e-12', '1e-15', '0')})\n"
    if style == "logaddexp":
        return head + (f"    {z} = {w.cast('logits')} / T\n"
                       f"    return {z} - np.logaddexp.reduce({z}, axis=-1, keepdims=True){w.comment()}\n")
    if style == "helper":
        return head + (f"    {z} = {helper}({w.cast('logits')} / T)\n"
                       f"    return {z} - np.log({w.rowsum(f'np.exp({z})')})\n")
    if style == "shift_m":
        return head + (f"    {z} = {w.cast('logits')} / T\n    {m} = {w.rowmax(z)}{w.comment()}\n"
                       f"    {w.names[-2]} = {m} + np.log({w.rowsum(f'np.exp({z} - {m})')})\n"
                       f"    return {z} - {w.names[-2]}\n")
    return head + (f"    {z} = {w.cast('logits')} / T\n    {z} = {z} - {w.rowmax(z)}\n"
                   f"    return {z} - np.log({w.rowsum(f'np.exp({z})')}){w.comment()}\n")


def _soft_target(w: _Writer) -> str:
    lp, lq, q, kl = w.name(), w.name(), w.name(), w.name()
    t2 = w.pick("T ** 2", "T * T", "T**2", "(T ** 2)")
    n = w.pick("student_logits.shape[0]", "len(student_logits)", f"{lp}.shape[0]", "np.shape(student_logits)[0]")
    head = "def soft_target_loss(student_logits, teacher_logits, T=2.0):\n"
    style = w.pick("kl_rows", "kl_total", "cross", "probs")
    body = [f"    {lp} = log_softmax_with_temperature(student_logits, T)",
            f"    {lq} = log_softmax_with_temperature(teacher_logits, T)"]
    if w.rng.random() < 0.5:
        body.reverse()
    if style == "kl_rows":
        body += [f"    {q} = np.exp({lq})", f"    {kl} = {w.rowsum(f'{q} * ({lq} - {lp})', keep=False)}{w.comment()}",
                 w.pick(f"    return float({kl}.mean() * {t2})", f"    return float(np.mean({kl})) * {t2}")]
    elif style == "kl_total":
        body += [f"    {q} = np.exp({lq})",
                 f"    return float({t2} * np.sum({q} * ({lq} - {lp})) / {n})"]
    elif style == "cross":
        body += [f"    {q} = softmax_with_temperature(teacher_logits, T)",
                 f"    {kl} = ({q} * {lq}).sum() - ({q} * {lp}).sum()",
                 f"    return float({kl} / {n} * {t2})"]
    else:
        body = [f"    {q} = softmax_with_temperature(teacher_logits, T)",
                f"    {lp} = log_softmax_with_temperature(student_logits, T)",
                f"    {kl} = np.sum({q} * (np.log({q} + 1e-12) - {lp}), axis=1)",
                f"    return float({t2} * {kl}.mean())"]
    return head + "\n".join(body) + "\n"


def _cosine(w: _Writer) -> str:
    a, b, dot, na, nb = w.name(), w.name(), w.name(), w.name(), w.name()
    head = "def cosine_embedding_loss(student_hidden, teacher_hidden, eps=1e-12):\n"
    style = w.pick("norms", "normalise", "einsum", "reference_like")
    pre = f"    {a} = {w.cast('student_hidden')}\n    {b} = {w.cast('teacher_hidden')}\n"
    if style == "norms":
        return head + pre + (f"    {dot} = {w.rowsum(f'{a} * {b}', keep=False)}\n"
                             f"    {na} = np.linalg.norm({a}, axis=-1)\n    {nb} = np.linalg.norm({b}, axis=-1)\n"
                             f"    return float(np.mean(1 - {dot} / np.maximum({na} * {nb}, eps))){w.comment()}\n")
    if style == "normalise":
        return head + pre + (f"    {a} = {a} / np.sqrt({w.rowsum(f'{a} ** 2')} + eps)\n"
                             f"    {b} = {b} / np.sqrt({w.rowsum(f'{b} ** 2')} + eps)\n"
                             f"    return float((1.0 - {w.rowsum(f'{a} * {b}', keep=False)}).mean())\n")
    if style == "einsum":
        return head + pre + (f"    {dot} = np.einsum('nd,nd->n', {a}, {b})\n"
                             f"    {na} = np.einsum('nd,nd->n', {a}, {a}) + eps\n"
                             f"    {nb} = np.einsum('nd,nd->n', {b}, {b}) + eps\n"
                             f"    return float(np.mean(1.0 - {dot} / np.sqrt({na} * {nb})))\n")
    return head + pre + (f"    {dot} = ({a} * {b}).sum(axis=-1)\n"
                         f"    {na} = np.sqrt((({a} * {a}).sum(axis=-1) + eps) * (({b} * {b}).sum(axis=-1) + eps))\n"
                         f"    return float(np.mean(1.0 - {dot} / {na}))\n")


def _distil(w: _Writer) -> str:
    keep, s, t, lab, msk, lp, ce, mlm, cos, tot = (w.name() for _ in range(10))
    head = ("def distilbert_loss(student_logits, teacher_logits, labels, attention_mask,\n"
            "                    student_hidden, teacher_hidden, T=2.0,\n"
            "                    alpha_ce=5.0, alpha_mlm=2.0, alpha_cos=1.0):\n")
    body = [f"    {keep} = " + w.pick("np.asarray(attention_mask).astype(bool)", "np.asarray(attention_mask) == 1",
                                      "np.array(attention_mask, dtype=bool)", "attention_mask > 0"),
            f"    {s} = {w.cast('student_logits')}", f"    {t} = {w.cast('teacher_logits')}"]
    body.append(w.pick(f"    {ce} = soft_target_loss({s}[{keep}], {t}[{keep}], T)",
                       f"    {ce} = soft_target_loss({s}[{keep}], {t}[{keep}], T=T)"))
    mlm_style = w.pick("index", "take", "onehot")
    body += [f"    {lab} = np.asarray(labels)." + w.pick("reshape(-1)", "ravel()", "flatten()"),
             f"    {msk} = {lab} " + w.pick("!= -100", ">= 0")]
    flat = w.pick(f"{s}.reshape(-1, {s}.shape[-1])", f"{s}.reshape({lab}.shape[0], -1)")
    if mlm_style == "index":
        body += [f"    {lp} = log_softmax_with_temperature({flat}[{msk}], 1.0)",
                 f"    {mlm} = float(-{lp}[np.arange(len({lp})), {lab}[{msk}]].mean())"]
    elif mlm_style == "take":
        body += [f"    {lp} = log_softmax_with_temperature({flat}, 1.0)[{msk}]",
                 f"    {mlm} = -float(np.take_along_axis({lp}, {lab}[{msk}][:, None], axis=1).mean())"]
    else:
        body += [f"    {lp} = log_softmax_with_temperature({flat}[{msk}], T=1.0)",
                 f"    {w.names[-1]} = np.eye({lp}.shape[1])[{lab}[{msk}]]",
                 f"    {mlm} = float(-({w.names[-1]} * {lp}).sum() / {lp}.shape[0])"]
    body.append(f"    {cos} = cosine_embedding_loss(np.asarray(student_hidden)[{keep}], "
                f"np.asarray(teacher_hidden)[{keep}])")
    order = w.rng.sample([("ce", ce), ("mlm", mlm), ("cos", cos)], 3)
    body.append(f"    {tot} = " + " + ".join(f"alpha_{k} * {v}" for k, v in order))
    body.append(w.pick(
        f'    return {{"loss": float({tot}), "loss_ce": {ce}, "loss_mlm": {mlm}, "loss_cos": {cos}}}',
        f'    return dict(loss=float({tot}), loss_ce={ce}, loss_mlm={mlm}, loss_cos={cos})'))
    return head + "\n".join(body) + "\n"


def _helper(w: _Writer) -> tuple[str, str]:
    name = w.pick("_shift", "stable", "_center", "shift_max", "_stab")
    x = w.name()
    return name, f"def {name}({x}):\n    return {x} - {w.rowmax(x)}\n"


def honest_variant(rng: random.Random) -> dict[str, str]:
    """One independent student's five solution cells (grade_id -> source)."""
    w = _Writer(rng)
    helper_name, helper_src = _helper(w) if rng.random() < 0.35 else (None, "")
    cells = {"softmax_with_temperature": _softmax(w, helper_name),
             "log_softmax_with_temperature": _log_softmax(w, helper_name),
             "soft_target_loss": _soft_target(w), "cosine_embedding_loss": _cosine(w), "distilbert_loss": _distil(w)}
    if helper_name:
        cells["softmax_with_temperature"] = helper_src + "\n\n" + cells["softmax_with_temperature"]
    for f, src in cells.items():   # some keep the release's docstring, some add their own comments
        if rng.random() < 0.3:
            src = re.sub(r"(def " + f + r"\(.*?\):\n)", r'\1    """My implementation."""\n', src, count=1, flags=re.S)
        cells[f] = src
    return cells


class _Rename(ast.NodeTransformer):
    """Every name the student chose -> a fresh one (graded functions, np, builtins stay)."""

    def __init__(self, keep: set[str]):
        self.keep, self.map = keep, {}

    def new(self, name: str) -> str:
        if name in self.keep or hasattr(builtins, name):
            return name
        return self.map.setdefault(name, f"renamed_{len(self.map)}_{name[::-1]}")

    def visit_Name(self, node):
        node.id = self.new(node.id)
        return node

    def visit_arg(self, node):
        node.arg = self.new(node.arg)
        return node

    def visit_FunctionDef(self, node):
        node.name = self.new(node.name)
        self.generic_visit(node)
        return node


def renamed_copy(cells: dict[str, str], rng: random.Random) -> dict[str, str]:
    """Every identifier renamed consistently, docstrings and comments rewritten."""
    renamer = _Rename(set(cells) | {"np"})   # the graded functions keep the names the grader calls
    out = {}
    for f, src in cells.items():
        tree = renamer.visit(ast.parse(src))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and ast.get_docstring(node) is not None:
                node.body = node.body[1:]
        lines = ast.unparse(tree).splitlines()
        for i in sorted(rng.sample(range(len(lines)), min(3, len(lines))), reverse=True):
            lines.insert(i + 1, " " * (len(lines[i]) - len(lines[i].lstrip()) + 4 * lines[i].rstrip().endswith(":"))
                         + "# " + rng.choice(["my own approach", "works for any shape", "careful here", "step"]))
        out[f] = "\n".join(lines) + "\n"
    return out


def reordered_copy(cells: dict[str, str]) -> dict[str, str]:
    """Helpers moved to the last cell, functions of a cell in reverse order, 2-space indents,
    blank lines and spaces added."""
    out: dict[str, str] = {}
    moved: list[str] = []
    for f, src in cells.items():
        tree = ast.parse(src)
        parts = [ast.get_source_segment(src, node) or "" for node in tree.body]
        own = [p for p, node in zip(parts, tree.body) if not isinstance(node, ast.FunctionDef) or node.name == f]
        moved += [p for p, node in zip(parts, tree.body) if isinstance(node, ast.FunctionDef) and node.name != f]
        out[f] = "\n\n\n".join(reversed(own))
    last = list(cells)[-1]
    out[last] = "\n\n".join([out[last]] + moved)
    for f, src in out.items():
        src = re.sub(r"^((?:    )+)", lambda m: "  " * (len(m.group(1)) // 4), src, flags=re.M)
        src = src.replace(", ", " ,  ").replace(" = ", "   =   ").replace("\n", "\n\n")
        out[f] = src + "\n"
    return out


def reference_cells(course) -> dict[str, str]:
    reference, _ = reference_and_template(course, PILOT)
    return {grade_id(c): c.source for c in reference.cells if cell_role(c) == "solution"}


def make_class(course, n: int = 300, seed: int = 0) -> tuple[dict[str, dict[str, str]], list[Planted], list[str]]:
    """(student -> solution cells, the planted pairs, the honest students) for n students:
    every mutant, n - 5 - mutants honest variants, the four planted copies, and "release-template"
    who submitted the release unchanged."""
    rng = random.Random(seed)
    reference, _ = reference_and_template(course, PILOT)
    ref_cells = reference_cells(course)
    students: dict[str, dict[str, str]] = {}
    for mutant in load_mutants(course.mutants_dir(PILOT), graded_functions(reference)):
        students[f"mutant-{mutant.name}"] = {**ref_cells, **mutant.cells}
    for i in range(n - 5 - len(students)):
        students[f"student-{i:03d}"] = honest_variant(rng)
    honest = list(students)
    variants = [s for s in honest if s.startswith("student-")]
    exact, renamed, reordered = rng.sample(variants, 3)
    with_helper = [s for s in variants if len(ast.parse(students[s]["softmax_with_temperature"]).body) > 1
                   and s not in (exact, renamed)]
    reordered = with_helper[0] if with_helper else reordered
    students["copier-exact"] = dict(students[exact])
    students["copier-renamed"] = renamed_copy(students[renamed], rng)
    students["copier-reordered"] = reordered_copy(students[reordered])
    students["copier-reference"] = {f: re.sub(r"\s*#.*", "", src) for f, src in ref_cells.items()}
    _, template = reference_and_template(course, PILOT)
    students["release-template"] = {grade_id(c): c.source for c in template.cells if cell_role(c) == "solution"}
    planted = [Planted("copier-exact", exact, "exact copy"),
               Planted("copier-renamed", renamed, "identifiers renamed, comments rewritten"),
               Planted("copier-reordered", reordered, "functions reordered, whitespace changed"),
               Planted("copier-reference", "(reference solution)", "copy of the reference")]
    return students, planted, honest


def write_class(course, students: dict[str, dict[str, str]], root: Path) -> Path:
    """root/<student>/05_knowledge_distillation.ipynb: the release with each student's cells."""
    _, template = reference_and_template(course, PILOT)
    for student, cells in students.items():
        path = root / student / f"{PILOT}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(notebook_text(replace_solution_cells(template, cells)), encoding="utf-8")
    return root
