"""Recorded the mask position while filling in the pattern's pieces (the pattern's own [MASK]), not the first "[MASK]" in tokens: a "[MASK]" inside text_a comes first."""
LOSES = ["apply_pattern"]
MESSAGE = "mask_position is the pattern's own [MASK]"


def apply_pattern(pattern, text_a, text_b, vocab, max_length=512):
    pieces = re.split(r"(\{a\}|\{b\})", pattern)
    a = tokenize(text_a) if "{a}" in pattern else []
    b = tokenize(text_b) if "{b}" in pattern else []
    fixed = sum(len(tokenize(p)) for p in pieces if p not in ("{a}", "{b}")) + 2
    while fixed + len(a) + len(b) > max_length and (a or b):
        if len(b) >= len(a):
            b = b[:-1]
        else:
            a = a[:-1]
    tokens = ["[CLS]"]
    mask = None
    for p in pieces:
        if p == "{a}":
            tokens += a
        elif p == "{b}":
            tokens += b
        else:
            words = tokenize(p)
            if "[MASK]" in words:
                mask = len(tokens) + words.index("[MASK]")
            tokens += words
    tokens.append("[SEP]")
    ids = [vocab.get(t, vocab["[UNK]"]) for t in tokens]
    return {"tokens": tokens, "input_ids": ids, "mask_position": mask}
