"""Counted text_b's tokens when truncating although the pattern has no {b}: text_a is cut for nothing."""
LOSES = ["apply_pattern"]
MESSAGE = "text_b is ignored, also when counting the length for truncation"


def apply_pattern(pattern, text_a, text_b, vocab, max_length=512):
    a, b = tokenize(text_a), tokenize(text_b)
    pieces = re.split(r"(\{a\}|\{b\})", pattern)
    fixed = sum(len(tokenize(p)) for p in pieces if p not in ("{a}", "{b}")) + 2
    while fixed + len(a) + len(b) > max_length and (a or b):
        (a if len(a) > len(b) else b).pop()
    tokens = ["[CLS]"]
    for piece in pieces:
        tokens += a if piece == "{a}" else b if piece == "{b}" else tokenize(piece)
    tokens.append("[SEP]")
    return {"tokens": tokens, "input_ids": [vocab.get(t, vocab["[UNK]"]) for t in tokens],
            "mask_position": tokens.index("[MASK]")}
