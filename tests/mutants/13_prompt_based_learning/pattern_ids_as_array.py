"""Returned input_ids as a NumPy array and the mask position as a NumPy integer instead of plain Python values."""
LOSES = ["apply_pattern"]
MESSAGE = "must be a list of Python int"


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
    ids = np.array([vocab.get(t, vocab["[UNK]"]) for t in tokens])
    return {"tokens": tokens, "input_ids": ids, "mask_position": np.argmax(ids == vocab["[MASK]"])}
