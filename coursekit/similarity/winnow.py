"""Winnowing fingerprints (Schleimer, Wilkerson and Aiken, SIGMOD 2003, the method of MOSS)
on normalised tokens, and the comparison of a whole class at once.

A k-gram is k consecutive normalised tokens. Its hash is a polynomial in stable 64-bit
token hashes (BLAKE2b), so the same code gives the same fingerprints in every run (Python's
own ``hash`` of a string changes from run to run). Winnowing keeps, from every window of
``w`` consecutive k-gram hashes, the rightmost smallest one ("robust winnowing"): any run of
at least ``w + k - 1`` tokens that two documents share gives both at least one common
fingerprint, and no run shorter than ``k`` tokens does.

Boilerplate: every k-gram of the release's own code (its setup cells and the stub of each
solution cell) is removed from every document's fingerprints, so the release alone has no
fingerprint and shares nothing with anyone.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

K = 16          # noise threshold: a match shorter than K tokens (about one line of NumPy) is never seen
WINDOW = 8      # guarantee threshold t = K + WINDOW - 1 = 23 tokens: a match this long is always seen
_BASE = np.uint64(0x100000001B3)   # the multiplier of the k-gram polynomial (FNV's 64-bit prime)


def token_hashes(tokens: tuple[str, ...] | list[str], cache: dict[str, int] | None = None) -> np.ndarray:
    """(n,) uint64: a stable hash of each token."""
    cache = {} if cache is None else cache
    out = np.empty(len(tokens), dtype=np.uint64)
    for i, token in enumerate(tokens):
        if token not in cache:
            cache[token] = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little")
        out[i] = cache[token]
    return out


def kgram_hashes(tok: np.ndarray, k: int = K) -> np.ndarray:
    """(n - k + 1,) uint64: the hash of every k-gram of the token hashes ``tok`` (n,); empty when n < k."""
    n = len(tok) - k + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    acc = np.zeros(n, dtype=np.uint64)
    for j in range(k):   # acc = sum_j tok[i + j] * BASE**(k - 1 - j), modulo 2**64 (uint64 wraps)
        acc = acc * _BASE + tok[j:j + n]
    return acc


def winnow(hashes: np.ndarray, window: int = WINDOW) -> np.ndarray:
    """The positions (sorted, unique) that robust winnowing selects from ``hashes`` (n,)."""
    n = len(hashes)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    if n <= window:
        return np.array([n - 1 - int(np.argmin(hashes[::-1]))], dtype=np.int64)
    windows = np.lib.stride_tricks.sliding_window_view(hashes, window)        # (n - w + 1, w)
    rightmost_min = window - 1 - np.argmin(windows[:, ::-1], axis=1)          # (n - w + 1,)
    return np.unique(np.arange(n - window + 1) + rightmost_min)


@dataclass(frozen=True)
class Fingerprints:
    """A document's fingerprints: k-gram start positions (sorted) and their hashes."""

    positions: np.ndarray   # (m,) int64
    hashes: np.ndarray      # (m,) uint64
    n_tokens: int


def fingerprint(tok: np.ndarray, boilerplate: np.ndarray, k: int = K, window: int = WINDOW) -> Fingerprints:
    """Winnowed fingerprints of the token hashes ``tok``, without those in ``boilerplate`` (sorted uint64)."""
    grams = kgram_hashes(tok, k)
    positions = winnow(grams, window)
    keep = ~np.isin(grams[positions], boilerplate)
    return Fingerprints(positions[keep], grams[positions][keep], len(tok))


@dataclass(frozen=True)
class Comparison:
    """Everything measured between n documents (the students, and last the reference).

    covered[a, b]:     tokens of a inside a fingerprint that b has too (covered[a, a]: all of a's
                       fingerprinted tokens, the denominator of a's share)
    in_reference[a, b]: of covered[a, b], the tokens inside fingerprints the reference also has
    lines[a, b]:       source lines of a holding at least one token of covered[a, b]
    """

    covered: np.ndarray        # (n, n) int32
    in_reference: np.ndarray   # (n, n) int32
    lines: np.ndarray          # (n, n) int32

    def score(self) -> np.ndarray:
        """(n, n): the share of both documents' fingerprinted tokens that the pair shares,
        (covered[a, b] + covered[b, a]) / (covered[a, a] + covered[b, b]); 0 without fingerprints."""
        own = np.diag(self.covered).astype(np.int64)
        total = own[:, None] + own[None, :]                                     # (n, n)
        shared = self.covered.astype(np.int64) + self.covered.T
        return np.divide(shared, total, out=np.zeros(shared.shape), where=total > 0)


def shared_mask(prints: Fingerprints, holders: np.ndarray, k: int = K) -> np.ndarray:
    """(r, n_tokens) bool: the tokens of a document inside one of its fingerprints that row r
    holds, from ``holders`` (r, m) bool (row r holds fingerprint f)."""
    rows, m = holders.shape
    diff = np.zeros((rows, prints.n_tokens + k + 1), dtype=np.int32)    # +1 where a k-gram starts, -1 after it
    diff[:, prints.positions] += holders
    diff[:, prints.positions + k] -= holders
    return np.cumsum(diff, axis=1)[:, :prints.n_tokens] > 0


def _union_lengths(positions: np.ndarray, holders: np.ndarray, k: int) -> np.ndarray:
    """(r,) int: for each row, how many tokens the k-grams starting at the ``positions`` (m,),
    sorted, that the row holds (``holders`` (r, m) bool) cover together: the sum over held
    fingerprints of min(k, distance to the next held one)."""
    big = np.int32(2**30)
    back = positions[::-1].astype(np.int32)                                      # (m,) last first
    starts = np.where(holders[:, ::-1], back[None, :], big)                     # (r, m)
    nearest = np.minimum.accumulate(starts, axis=1)                              # (r, m): first held start >= f
    following = np.empty_like(nearest)                                           # (r, m): first held start > f
    following[:, 0] = big
    following[:, 1:] = nearest[:, :-1]
    gaps = np.minimum(following - back[None, :], k)
    return np.where(starts < big, gaps, 0).sum(axis=1)


_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)   # bits set in a byte


def _line_bits(p: Fingerprints, line: np.ndarray, k: int) -> np.ndarray:
    """(m, words) uint64: a bit set for every source line that fingerprint f's k-gram touches."""
    words = max(1, (int(line.max(initial=-1)) + 64) // 64)
    bits = np.zeros((len(p.positions), words), dtype=np.uint64)
    for offset in range(k):
        token_line = line[np.minimum(p.positions + offset, len(line) - 1)]       # (m,)
        real = np.flatnonzero(token_line >= 0)
        np.bitwise_or.at(bits, (real, token_line[real] // 64),
                         np.left_shift(np.uint64(1), (token_line[real] % 64).astype(np.uint64)))
    return bits


def compare(prints: list[Fingerprints], lines_of: list[np.ndarray], reference_hashes: np.ndarray,
            k: int = K) -> Comparison:
    """Compare every pair of documents. ``lines_of[d]`` (n_tokens,) int: the source line of each
    token of d, -1 for structural tokens; ``reference_hashes``: every k-gram hash of the reference.

    For each document a, one (n, m_a) matrix says which documents hold each of a's m_a
    fingerprints; covered tokens, and lines, follow from it without a loop over pairs:
    O(n * m_a) for the tokens, O(n * m_a * lines_a / 64) for the lines (bit sets)."""
    n = len(prints)
    vocabulary, ids = np.unique(np.concatenate([p.hashes for p in prints] + [np.empty(0, np.uint64)]),
                                return_inverse=True)
    owner = np.repeat(np.arange(n), [len(p.hashes) for p in prints])    # the document of each fingerprint
    order = np.argsort(ids, kind="stable")                              # who holds fingerprint v:
    holder_of = owner[order]                                            # holder_of[first[v]:first[v + 1]]
    first = np.concatenate([[0], np.cumsum(np.bincount(ids, minlength=len(vocabulary)))])
    in_reference = np.isin(vocabulary, reference_hashes)
    covered = np.zeros((n, n), dtype=np.int32)
    covered_ref = np.zeros((n, n), dtype=np.int32)
    lines = np.zeros((n, n), dtype=np.int32)
    start = 0
    for a, p in enumerate(prints):
        mine = ids[start:start + len(p.hashes)]                         # (m,) a's fingerprints in the vocabulary
        start += len(p.hashes)
        if len(mine) == 0:
            continue
        counts = first[mine + 1] - first[mine]                          # (m,) holders of each
        at = np.repeat(first[mine] - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        holders = np.zeros((n, len(mine)), dtype=bool)                  # (n, m): who holds each of a's fingerprints
        holders[holder_of[at], np.repeat(np.arange(len(mine)), counts)] = True
        covered[a] = _union_lengths(p.positions, holders, k)
        if in_reference[mine].any():
            covered_ref[a] = _union_lengths(p.positions, holders & in_reference[mine], k)
        bits = _line_bits(p, lines_of[a], k)                             # (m, words): lines each k-gram touches
        held = np.where(holders[:, :, None], bits[None, :, :], np.uint64(0))     # (n, m, words)
        lines[a] = _POPCOUNT[np.bitwise_or.reduce(held, axis=1).view(np.uint8)].reshape(n, -1).sum(axis=1)
    return Comparison(covered, covered_ref, lines)
