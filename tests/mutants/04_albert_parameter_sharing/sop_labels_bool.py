"""Stored the labels as bool(coin) (True / False), not the Python ints 0 / 1 the docstring promises."""
LOSES = ["sop_examples"]
MESSAGE = "got a bool (True)"


def sop_examples(documents, coins, cls_id=2, sep_id=3):
    out = {"input_ids": [], "token_type_ids": [], "sentence_order_label": []}
    t = 0
    for doc in documents:
        for p in range(len(doc) // 2):
            a, b = list(doc[2 * p]), list(doc[2 * p + 1])
            swap = bool(coins[t])
            t += 1
            if swap:
                a, b = b, a
            out["input_ids"].append([cls_id] + [int(x) for x in a] + [sep_id] + [int(x) for x in b] + [sep_id])
            out["token_type_ids"].append([0] * (len(a) + 2) + [1] * (len(b) + 1))
            out["sentence_order_label"].append(swap)
    return out
