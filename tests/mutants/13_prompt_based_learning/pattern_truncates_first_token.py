"""Truncated the longer text from its start (pop(0)) instead of removing its last token."""
LOSES = ["apply_pattern"]
MESSAGE = "the FIRST tokens of the longer text are removed"


def apply_pattern(pattern, text_a, text_b, vocab, max_length=512):
    """Fill a PET pattern and encode it like a BERT input.

    pattern: str with exactly one "[MASK]" and the placeholders "{a}" and/or "{b}" (each at most once),
        e.g. "{a} All in all, it was [MASK].". A text whose placeholder is absent is ignored.
    text_a, text_b: str (text_b may be "").
    vocab: dict str -> int containing "[CLS]", "[SEP]", "[MASK]" and "[UNK]"; words not in vocab map to "[UNK]".
    max_length: int; while the sequence (with [CLS] and [SEP]) is longer, remove the last token of the
        longer text (of text_b when both are equally long); never remove pattern tokens or the mask. A text
        whose placeholder is absent counts for nothing. If the pattern alone is longer than max_length, both
        texts are removed entirely and the pattern is kept whole. vocab is only read, never changed.
    Returns a dict: "tokens": list of str, ["[CLS]", ...pattern with the texts filled in..., "[SEP]"],
        each piece tokenized with tokenize(); "input_ids": list of Python int; "mask_position": Python int, the index
        of the first "[MASK]" in tokens.
    """
    a, b = tokenize(text_a), tokenize(text_b)
    pieces = re.split(r"(\{a\}|\{b\})", pattern)           # literal pieces and the placeholders
    if "{a}" not in pieces:
        a = []
    if "{b}" not in pieces:
        b = []
    fixed = sum(len(tokenize(p)) for p in pieces if p not in ("{a}", "{b}")) + 2   # pattern words + [CLS], [SEP]
    excess = fixed + len(a) + len(b) - max_length
    while excess > 0 and (a or b):                            # PET's truncate: shorten the longer text
        (a if len(a) > len(b) else b).pop(0)
        excess -= 1
    tokens = ["[CLS]"]
    for piece in pieces:
        tokens += a if piece == "{a}" else b if piece == "{b}" else tokenize(piece)
    tokens.append("[SEP]")
    unk = vocab["[UNK]"]
    return {"tokens": tokens, "input_ids": [vocab.get(t, unk) for t in tokens],
            "mask_position": tokens.index("[MASK]")}
