"""On a tie (both texts equally long) removed the last token of text_a instead of text_b."""
LOSES = ["apply_pattern"]
MESSAGE = "on a tie (both texts equally long) the last token of text_a is removed"


def apply_pattern(pattern, text_a, text_b, vocab, max_length=512):
    pieces = re.split(r"(\{a\}|\{b\})", pattern)
    a = tokenize(text_a) if "{a}" in pattern else []
    b = tokenize(text_b) if "{b}" in pattern else []
    fixed = sum(len(tokenize(p)) for p in pieces if p not in ("{a}", "{b}")) + 2
    while fixed + len(a) + len(b) > max_length and (a or b):
        if len(b) > len(a):
            b = b[:-1]
        else:
            a = a[:-1]
    tokens = ["[CLS]"]
    for p in pieces:
        tokens += a if p == "{a}" else b if p == "{b}" else tokenize(p)
    tokens.append("[SEP]")
    ids = [vocab.get(t, vocab["[UNK]"]) for t in tokens]
    return {"tokens": tokens, "input_ids": ids, "mask_position": tokens.index("[MASK]")}
