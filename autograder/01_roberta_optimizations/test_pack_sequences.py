"""Hidden tests of pack_sequences (FULL-SENTENCES / DOC-SENTENCES packing, as fairseq's TokenBlockDataset
with break_mode "complete" / "complete_doc")."""
import numpy as np
import pytest

from coursekit.expect import expect_dtype, expect_equal, expect_true, expect_unchanged


def _corpus(seed, n_docs=12, max_sent=9):
    rng = np.random.default_rng(seed)
    docs, token = [], 10
    for _ in range(n_docs):
        doc = []
        for _ in range(int(rng.integers(1, 5))):
            n = int(rng.integers(1, max_sent + 1))
            doc.append(list(range(token, token + n)))
            token += n
        docs.append(doc)
    return docs


def _pack_variant(documents, max_len, sep_id, pad_id, cross, *, sep_counts=True, strict=False,
                  sep_at_start=False, sep_every_sentence=False, truncate=False, drop_sep=False):
    """The packing a known mistake produces (truncate: rows longer than max_len are cut to max_len;
    drop_sep: a new document's sentence that fits only without its separator joins without it)."""
    rows, cur, seen = [], [], False
    for doc in documents:
        first = True
        for sent in doc:
            sent = list(sent)
            if first and cur and not cross:
                rows.append(cur); cur = []
            if sep_at_start:
                need_sep = first and seen and cross          # every document but the very first
            else:
                need_sep = (first or sep_every_sentence) and bool(cur) and (cross or sep_every_sentence)
            piece = ([sep_id] if need_sep else []) + sent
            length = len(cur) + (len(piece) if sep_counts else len(sent))
            if drop_sep and need_sep and length > max_len and len(cur) + len(sent) <= max_len:
                piece, length = sent, len(cur) + len(sent)
            if length > max_len or (strict and cur and length >= max_len):
                rows.append(cur)
                cur = piece if sep_at_start else sent
            else:
                cur = cur + piece
            first, seen = False, True
    if cur:
        rows.append(cur)
    if truncate:
        rows = [r[:max_len] for r in rows]
    width = max([max_len] + [len(r) for r in rows])
    out = np.full((len(rows), width), pad_id, dtype=np.int64)
    for i, r in enumerate(rows):
        out[i, :len(r)] = r
    return out


def _pad_rows(rows, max_len, pad_id):
    out = np.full((len(rows), max(max_len, *(len(r) for r in rows)) if rows else max_len), pad_id, dtype=np.int64)
    for i, r in enumerate(rows):
        out[i, :len(r)] = r
    return out


def _sep_per_boundary(documents, max_len, sep_id, pad_id, cross):
    """A separator for every document boundary crossed since the last sentence (empty documents add more)."""
    rows, cur, pending = [], [], 0
    for d, doc in enumerate(documents):
        pending += d > 0
        for i, sent in enumerate(doc):
            if i == 0 and cur and not cross:
                rows.append(cur); cur = []
            piece = ([sep_id] * pending if i == 0 and cur else []) + list(sent)
            pending = 0
            if len(cur) + len(piece) > max_len:
                rows.append(cur); cur = list(sent)
            else:
                cur = cur + piece
    return _pad_rows(rows + ([cur] if cur else []), max_len, pad_id)


def _row_per_document(documents, max_len, sep_id, pad_id, cross):
    """DOC-SENTENCES that closes the current sequence at every document, empty or not (all-padding rows)."""
    rows, cur = [], []
    for d, doc in enumerate(documents):
        if not cross and d > 0:
            rows.append(cur); cur = []
        for i, sent in enumerate(doc):
            piece = ([sep_id] if i == 0 and cur else []) + list(sent)
            if len(cur) + len(piece) > max_len:
                rows.append(cur); cur = list(sent)
            else:
                cur = cur + piece
    return _pad_rows(rows + ([cur] if cur else []), max_len, pad_id)


def _expect(got, want, what, documents, max_len, sep_id, pad_id, cross):
    not_counted = ("the separator is not counted in the length: a sequence may not exceed max_len tokens including "
                   "the separator between documents, so a new document's sentence joins only if "
                   "len(current) + 1 + len(sentence) <= max_len")
    variants = [
        (dict(sep_counts=False), not_counted),
        (dict(sep_counts=False, truncate=True), not_counted + " (your rows that grew longer were cut to max_len, "
                                                              "losing their last tokens)"),
        (dict(drop_sep=True), "a new document's sentence that fits only without its separator was appended without "
                              "it: the separator counts towards max_len, so the sentence joins only if "
                              "len(current) + 1 + len(sentence) <= max_len; otherwise it starts a new sequence "
                              "(with no separator)"),
        (dict(strict=True), "a sentence that fits exactly (length == max_len) started a new sequence: "
                            "the limit is length <= max_len"),
        (dict(sep_at_start=True), "a sequence starts with a separator: the separator goes only BETWEEN two "
                                  "documents inside one sequence, not at the start of a new sequence"),
        (dict(sep_every_sentence=True), "a separator was put between sentences of the same document: only "
                                        "document boundaries get the extra separator"),
    ]
    got = np.asarray(got)
    others = [(_sep_per_boundary(documents, max_len, sep_id, pad_id, cross),
               "a separator was added for every document boundary, also for documents with no sentences: a "
               "document with no sentence adds nothing, and only ONE separator goes before a new document's "
               "first sentence"),
              (_row_per_document(documents, max_len, sep_id, pad_id, cross),
               "a document with no sentences produced an all-padding row: with cross_documents=False a new "
               "document starts a new sequence only when it has a sentence (never emit an empty sequence)")]
    for wrong, message in others:
        if wrong.shape != want.shape or np.any(wrong != want):
            if got.shape == wrong.shape and np.all(got == wrong):
                raise AssertionError(f"{what}: {message}")
    for kwargs, message in variants:
        wrong = _pack_variant(documents, max_len, sep_id, pad_id, cross, **kwargs)
        if wrong.shape != want.shape or np.any(wrong != want):
            if got.shape == wrong.shape and np.all(got == wrong):
                raise AssertionError(f"{what}: {message}")
    if cross is False:
        full = _pack_variant(documents, max_len, sep_id, pad_id, True)
        if got.shape == full.shape and np.all(got == full) and (full.shape != want.shape or np.any(full != want)):
            raise AssertionError(f"{what}: with cross_documents=False (DOC-SENTENCES) a new document must start a "
                                 "new sequence")
    if got.shape[0] == want.shape[0] and got.shape == want.shape and np.any(got != want):
        lengths = (want != pad_id).sum(1)
        left = np.full_like(want, pad_id)
        for i, n in enumerate(lengths):
            left[i, max_len - n:] = want[i, :n]
        if np.all(got == left):
            raise AssertionError(f"{what}: the sequences are padded on the left: pad on the right")
    expect_equal(got, want, what)


@pytest.mark.points(1.5)
def test_full_sentences(student, reference):
    for seed, max_len in [(30, 16), (31, 12), (32, 9)]:
        docs = _corpus(seed)
        want = reference.pack_sequences(docs, max_len, 2, 1, True)
        got = student.pack_sequences(docs, max_len, 2, 1, True)
        _expect(got, want, f"pack_sequences(12 documents, max_len={max_len}, sep_id=2, pad_id=1) (FULL-SENTENCES)",
                docs, max_len, 2, 1, True)
    docs = [[[5, 6, 7]], [[8, 9, 10, 11]], [[12], [13, 14, 15, 16, 17, 18, 19, 20]]]
    want = reference.pack_sequences(docs, 8, 0, -1, True)
    _expect(student.pack_sequences(docs, 8, 0, -1, True), want,
            "pack_sequences([[[5,6,7]], [[8,9,10,11]], [[12], [13..20]]], max_len=8, sep_id=0, pad_id=-1)",
            docs, 8, 0, -1, True)


@pytest.mark.points(0.75)
def test_doc_sentences(student, reference):
    for seed, max_len in [(33, 14), (34, 10)]:
        docs = _corpus(seed)
        want = reference.pack_sequences(docs, max_len, 2, 1, False)
        got = student.pack_sequences(docs, max_len, 2, 1, False)
        _expect(got, want, f"pack_sequences(12 documents, max_len={max_len}, cross_documents=False) (DOC-SENTENCES)",
                docs, max_len, 2, 1, False)


@pytest.mark.points(0.5)
def test_exact_fit_and_single_sentences(student, reference):
    docs = [[[3] * 5, [4] * 3], [[5] * 7], [[6] * 8], [[7]]]
    want = reference.pack_sequences(docs, 8, 2, 1, True)
    _expect(student.pack_sequences(docs, 8, 2, 1, True), want,
            "pack_sequences with sentences of 5+3 tokens (an exact fit), then 7, 8 and 1 tokens, max_len=8",
            docs, 8, 2, 1, True)
    docs = [[[9, 9]], [[8]], [[7, 7, 7]]]
    want = reference.pack_sequences(docs, 512, 2, 1, True)
    _expect(student.pack_sequences(docs, 512, 2, 1, True), want,
            "pack_sequences of three tiny documents into one 512-token sequence", docs, 512, 2, 1, True)


@pytest.mark.points(0.25)
def test_leaves_its_arguments_unchanged(student, reference):
    docs = [[[5, 6, 7], [8, 9]], [[10, 11, 12, 13]], [[14], [15, 16, 17]], [[18, 19]]]
    got = student.pack_sequences(docs, 6, 2, 1, True)
    expect_unchanged(student.last_call, "a sequence started with `current = sentence` is the caller's own list: "
                                        "extending it (+=, .extend, .append) changes `documents`; start from a copy "
                                        "(list(sentence)) or build new lists with +")
    _expect(got, reference.pack_sequences(docs, 6, 2, 1, True), "pack_sequences of 4 small documents, max_len=6",
            docs, 6, 2, 1, True)


@pytest.mark.points(0.5)
def test_empty_corpus_defaults_and_boundaries(student, reference):
    for docs, max_len, cross, what in [
            ([], 8, True, "pack_sequences([], max_len=8) (an empty corpus)"),
            ([[], []], 8, True, "pack_sequences([[], []], max_len=8) (two documents, no sentence at all)"),
            ([[]], 8, False, "pack_sequences([[]], max_len=8, cross_documents=False) (no sentence at all)"),
            ([[], [[4, 5]], [], [[6]]], 8, True, "pack_sequences with documents that have no sentences"),
            ([[], [[4, 5]], [], [[6]]], 8, False, "pack_sequences with empty documents and cross_documents=False"),
            ([[[3]], [[4]], [[5], [6]]], 1, True, "pack_sequences with max_len=1 (a separator never fits)"),
            ([[[3] * 4, [4] * 4], [[5] * 3]], 4, True, "pack_sequences with sentences of exactly max_len=4 tokens")]:
        want = reference.pack_sequences(docs, max_len, 2, 1, cross)
        got = np.asarray(student.pack_sequences(docs, max_len, 2, 1, cross))
        if want.shape[0] == 0:
            expect_true(got.shape == want.shape, f"{what} has shape {got.shape}: an empty corpus gives an array of "
                                                 f"shape (0, max_len) = {want.shape}, also when documents is not "
                                                 "empty but holds no sentence (np.array of an empty list has "
                                                 "shape (0,): create the (K, max_len) array with np.full)")
        _expect(got, want, what, docs, max_len, 2, 1, cross)
    docs = [[list(range(10, 300))], [list(range(300, 500)), list(range(500, 540))], [[7] * 511], [[8]]]
    _expect(student.pack_sequences(docs), reference.pack_sequences(docs),
            "pack_sequences(documents) with the default max_len=512, sep_id=2, pad_id=1, cross_documents=True",
            docs, 512, 2, 1, True)


@pytest.mark.points(0.25)
def test_returns_int64(student, reference):
    docs = _corpus(35, n_docs=4)
    got = np.asarray(student.pack_sequences(docs, 10, 2, 1, True))
    _expect(got, reference.pack_sequences(docs, 10, 2, 1, True), "pack_sequences(4 documents, max_len=10)",
            docs, 10, 2, 1, True)
    expect_dtype(got, np.int64, "pack_sequences(4 documents, max_len=10)",
                 "token ids: np.ones(...) * pad_id and np.zeros are float64: create the array with "
                 "np.full(..., pad_id, dtype=np.int64)")


@pytest.mark.points(0.25)
def test_random_corpora(student, reference):
    rng = np.random.default_rng(36)
    for case in range(4):
        max_len = int(rng.integers(3, 20))
        docs = [[list(map(int, rng.integers(3, 1000, size=int(rng.integers(1, max_len + 1)))))
                 for _ in range(int(rng.integers(0, 5)))] for _ in range(int(rng.integers(1, 10)))]
        sep, pad, cross = int(rng.integers(0, 3)), int(rng.integers(-1, 2)), bool(case % 2)
        want = reference.pack_sequences(docs, max_len, sep, pad, cross)
        got = student.pack_sequences(docs, max_len, sep, pad, cross)
        _expect(got, want, f"pack_sequences of a random corpus of {len(docs)} documents (case {case}: max_len="
                           f"{max_len}, sep_id={sep}, pad_id={pad}, cross_documents={cross})",
                docs, max_len, sep, pad, cross)
