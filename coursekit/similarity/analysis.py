"""The similarity of one assignment's submissions: documents in, ranked pairs out.

A document is the code of one submission that the grader runs beyond the release's setup
cells (the solution cells, and any other cell intake takes that is not "setup"), normalised
(normalize.py) and fingerprinted (winnow.py). The reference solution is one more document,
so that a submission close to it shows as a pair with the reference.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .normalize import Code, defined_names, normalise
from .winnow import WINDOW, Comparison, Fingerprints, K, compare, fingerprint, kgram_hashes, shared_mask, token_hashes

REFERENCE = "(reference solution)"
REFERENCE_CLOSE = 0.8        # a pair with the reference at or above this is noted as close to it
MOSTLY_REFERENCE = 0.5       # a pair of students whose shared code is at least this much the reference's


@dataclass(frozen=True)
class Document:
    name: str            # the student, or REFERENCE
    cells: tuple[tuple[str, str], ...]   # (grade_id, source) of each compared cell
    code: Code
    prints: Fingerprints
    lines: np.ndarray    # (n_tokens,) int: the line of each token among all of the document's lines, -1 if none


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    kind: str            # "students", or "reference" when b is the reference solution
    score: float         # the share of both documents' code that the pair shares
    share_a: float       # the share of a's code that b has too
    share_b: float
    lines_a: int         # lines of a's cells holding shared code
    lines_b: int
    reference_share: float   # of the shared code, the share the reference solution has too
    index_a: int         # positions in Similarity.documents
    index_b: int

    @property
    def note(self) -> str:
        if self.kind == "reference" and self.score >= REFERENCE_CLOSE:
            return "close to the reference solution"
        if self.kind == "students" and self.reference_share >= MOSTLY_REFERENCE:
            return "most of the shared code is also in the reference solution"
        return ""


@dataclass(frozen=True)
class Similarity:
    assignment: str
    documents: list[Document]          # the students, then the reference (if there is one)
    pairs: list[Pair]                  # every pair with a score above 0, highest first
    not_compared: list[tuple[str, str]]   # (student, why)
    k: int = K
    window: int = WINDOW

    @property
    def students(self) -> int:
        return sum(d.name != REFERENCE for d in self.documents)

    def regions(self, pair: Pair) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int, int, int]]]:
        """The shared code of a pair as (cell, start, end, match) character spans in each document;
        spans of a and of b with the same ``match`` number come from the same shared fingerprints."""
        a, b = self.documents[pair.index_a], self.documents[pair.index_b]
        common = np.isin(a.prints.hashes, b.prints.hashes)                 # (m_a,)
        mask_a = shared_mask(a.prints, common[None, :], self.k)[0]          # (n_a,) tokens of a that b shares
        run_start = np.flatnonzero(mask_a & ~np.concatenate([[False], mask_a[:-1]]))
        match_of_print = np.searchsorted(run_start, a.prints.positions, side="right") - 1   # (m_a,) run of each
        label_a = np.where(mask_a, np.searchsorted(run_start, np.arange(len(mask_a)), side="right") - 1, -1)
        label_b = np.full(b.prints.n_tokens, -1)
        for f in np.argsort(a.prints.positions):                           # earlier matches first
            if not common[f]:
                continue
            for start in b.prints.positions[b.prints.hashes == a.prints.hashes[f]]:
                window = label_b[start:start + self.k]
                window[window < 0] = match_of_print[f]
        return _spans(a.code, label_a), _spans(b.code, label_b)


def _spans(code: Code, labels: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Consecutive tokens of one cell with the same label, as (cell, start, end, label)."""
    spans: list[tuple[int, int, int, int]] = []
    for span, label in zip(code.spans, labels.tolist()):
        if span is None or label < 0:
            continue
        cell, start, end = span
        if spans and spans[-1][0] == cell and spans[-1][3] == label and spans[-1][2] <= start:
            spans[-1] = (cell, spans[-1][1], end, label)
        else:
            spans.append((cell, start, end, label))
    return spans


def _line_numbers(code: Code) -> np.ndarray:
    """(n_tokens,) int: the line of each token counted over all the document's cells, -1 for none."""
    line_starts = [np.array([0] + [m.end() for m in re.finditer("\n", source)]) for source in code.cells]
    first_line = np.cumsum([0] + [len(starts) for starts in line_starts])           # of each cell
    out = np.full(len(code.tokens), -1)
    for cell, starts in enumerate(line_starts):
        at = np.array([i for i, span in enumerate(code.spans) if span is not None and span[0] == cell], dtype=int)
        offsets = np.array([code.spans[i][1] for i in at], dtype=int)
        out[at] = first_line[cell] + np.searchsorted(starts, offsets, side="right") - 1
    return out


class Normaliser:
    """Normalise and fingerprint documents of one assignment against its release."""

    def __init__(self, setup_cells: list[str], graded: list[str], release_cells: list[str],
                 k: int = K, window: int = WINDOW):
        self.keep, self.aliases = defined_names(setup_cells)
        self.keep |= set(graded)
        self.k, self.window = k, window
        self.cache: dict[str, int] = {}
        release = normalise(setup_cells + release_cells, self.keep, self.aliases)
        self.boilerplate = np.unique(kgram_hashes(token_hashes(release.tokens, self.cache), k))

    def document(self, name: str, cells: list[tuple[str, str]]) -> Document:
        code = normalise([source for _, source in cells], self.keep, self.aliases)
        prints = fingerprint(token_hashes(code.tokens, self.cache), self.boilerplate, self.k, self.window)
        return Document(name, tuple(cells), code, prints, _line_numbers(code))

    def all_kgrams(self, doc: Document) -> np.ndarray:
        return np.unique(kgram_hashes(token_hashes(doc.code.tokens, self.cache), self.k))


def analyse(assignment: str, normaliser: Normaliser, students: list[Document], reference: Document | None,
            not_compared: list[tuple[str, str]] | None = None, min_score: float = 0.0) -> Similarity:
    """Compare every pair of ``students`` and each student with ``reference``; rank the pairs
    whose score is above 0 and at least ``min_score``."""
    documents = list(students) + ([reference] if reference is not None else [])
    reference_hashes = normaliser.all_kgrams(reference) if reference is not None else np.empty(0, np.uint64)
    result: Comparison = compare([d.prints for d in documents], [d.lines for d in documents], reference_hashes,
                                 normaliser.k)
    score = result.score()
    own = np.diag(result.covered)
    pairs = []
    n = len(documents)
    for a, b in zip(*np.nonzero(np.triu((score > 0) & (score >= min_score), k=1))):
        a, b = int(a), int(b)
        shared = result.covered[a, b] + result.covered[b, a]
        is_reference = documents[b].name == REFERENCE and reference is not None and b == n - 1
        pairs.append(Pair(
            documents[a].name, documents[b].name, "reference" if is_reference else "students",
            float(score[a, b]), float(result.covered[a, b] / own[a]), float(result.covered[b, a] / own[b]),
            int(result.lines[a, b]), int(result.lines[b, a]),
            float((result.in_reference[a, b] + result.in_reference[b, a]) / shared) if shared else 0.0, a, b))
    pairs.sort(key=lambda p: (-round(p.score, 9), p.a, p.b))
    return Similarity(assignment, documents, pairs, list(not_compared or []), normaliser.k, normaliser.window)
