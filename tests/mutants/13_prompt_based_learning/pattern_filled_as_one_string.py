"""Filled the pattern as one string and tokenized it whole: the texts at adjacent placeholders ("{a}{b}") or
next to pattern text merge into one word ("good" + "food" -> "goodfood")."""
LOSES = ["apply_pattern"]
MESSAGE = "filled as one string and then tokenized"


def apply_pattern(pattern, text_a, text_b, vocab, max_length=512):
    a = tokenize(text_a) if "{a}" in pattern else []
    b = tokenize(text_b) if "{b}" in pattern else []
    fixed = len(tokenize(pattern.replace("{a}", " ").replace("{b}", " "))) + 2
    while fixed + len(a) + len(b) > max_length and (a or b):
        (a if len(a) > len(b) else b).pop()
    filled = pattern.replace("{a}", " ".join(a)).replace("{b}", " ".join(b))
    tokens = ["[CLS]"] + tokenize(filled) + ["[SEP]"]
    unk = vocab["[UNK]"]
    return {"tokens": tokens, "input_ids": [vocab.get(t, unk) for t in tokens],
            "mask_position": tokens.index("[MASK]")}
