"""Truncation loop `while too long: pop from the longer text` with no stop: a pattern longer than max_length pops an empty list."""
LOSES = ["apply_pattern"]
MESSAGE = "both texts are removed entirely"


def apply_pattern(pattern, text_a, text_b, vocab, max_length=512):
    a = tokenize(text_a) if "{a}" in pattern else []
    b = tokenize(text_b) if "{b}" in pattern else []
    pieces = re.split(r"(\{a\}|\{b\})", pattern)
    fixed = sum(len(tokenize(p)) for p in pieces if p not in ("{a}", "{b}")) + 2
    while fixed + len(a) + len(b) > max_length:
        if len(a) > len(b):
            a.pop()
        else:
            b.pop()
    tokens = ["[CLS]"]
    for piece in pieces:
        tokens += a if piece == "{a}" else b if piece == "{b}" else tokenize(piece)
    tokens.append("[SEP]")
    return {"tokens": tokens, "input_ids": [vocab.get(t, vocab["[UNK]"]) for t in tokens],
            "mask_position": tokens.index("[MASK]")}
