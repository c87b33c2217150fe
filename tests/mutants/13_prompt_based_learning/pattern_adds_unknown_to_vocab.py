"""Registered every unknown word in vocab (as [UNK]) before looking the ids up: the caller's vocab grows."""
LOSES = ["apply_pattern"]
MESSAGE = "apply_pattern changed the `vocab` you passed in"


def apply_pattern(pattern, text_a, text_b, vocab, max_length=512):
    a = tokenize(text_a) if "{a}" in pattern else []
    b = tokenize(text_b) if "{b}" in pattern else []
    pieces = re.split(r"(\{a\}|\{b\})", pattern)
    fixed = sum(len(tokenize(p)) for p in pieces if p not in ("{a}", "{b}")) + 2
    while fixed + len(a) + len(b) > max_length and (a or b):
        (a if len(a) > len(b) else b).pop()
    tokens = ["[CLS]"]
    for piece in pieces:
        tokens += a if piece == "{a}" else b if piece == "{b}" else tokenize(piece)
    tokens.append("[SEP]")
    for t in tokens:
        if t not in vocab:
            vocab[t] = vocab["[UNK]"]
    return {"tokens": tokens, "input_ids": [vocab[t] for t in tokens], "mask_position": tokens.index("[MASK]")}
