"""Decided once which text is longer and cut all the excess from it (then from the other), instead of one token at a time from the currently longer text."""
LOSES = ["apply_pattern"]
MESSAGE = "all the excess is cut from the text that was longer at the start"


def apply_pattern(pattern, text_a, text_b, vocab, max_length=512):
    pieces = re.split(r"(\{a\}|\{b\})", pattern)
    ta = tokenize(text_a) if "{a}" in pieces else []
    tb = tokenize(text_b) if "{b}" in pieces else []
    fixed = sum(len(tokenize(p)) for p in pieces if p not in ("{a}", "{b}")) + 2
    excess = fixed + len(ta) + len(tb) - max_length
    if excess > 0:
        if len(ta) > len(tb):
            cut = min(excess, len(ta)); ta = ta[:len(ta) - cut]; excess -= cut
            tb = tb[:max(0, len(tb) - excess)]
        else:
            cut = min(excess, len(tb)); tb = tb[:len(tb) - cut]; excess -= cut
            ta = ta[:max(0, len(ta) - excess)]
    tokens = ["[CLS]"]
    for p in pieces:
        if p == "{a}":
            tokens += ta
        elif p == "{b}":
            tokens += tb
        else:
            tokens += tokenize(p)
    tokens.append("[SEP]")
    ids = [int(vocab.get(t, vocab["[UNK]"])) for t in tokens]
    return {"tokens": tokens, "input_ids": ids, "mask_position": tokens.index("[MASK]")}
