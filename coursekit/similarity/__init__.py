"""Code similarity of a class, for a TA to judge (``coursekit similarity``).

normalize.py  a student's graded cells -> normalised tokens (names, comments, docstrings,
              layout and the order of functions removed), each token with its place in the cell
winnow.py     winnowing fingerprints of token k-grams; the release's k-grams are boilerplate;
              every pair of a class compared at once (NumPy)
analysis.py   documents (students, and the reference solution) -> ranked pairs, shared regions
report.py     similarity/<id>.html and similarity/<id>.csv; ``pairs_of`` (a student's pairs)
run.py        reads submissions with grading.intake, as ``grade`` does
"""
from .analysis import REFERENCE, Pair, Similarity
from .report import pairs_of
from .run import run_similarity, similarity_of

__all__ = ["REFERENCE", "Pair", "Similarity", "pairs_of", "run_similarity", "similarity_of"]
