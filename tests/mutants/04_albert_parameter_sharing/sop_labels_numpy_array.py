"""Returned sentence_order_label as a NumPy slice of coins (an ndarray), not a list."""
import numpy as np
LOSES = ["sop_examples"]
MESSAGE = "['sentence_order_label'] must be a list of Python ints, got an ndarray"

def sop_examples(documents, coins, cls_id=2, sep_id=3):
    ids, types = [], []
    t = 0
    for doc in documents:
        for k in range(0, len(doc) - 1, 2):
            a, b = list(doc[k]), list(doc[k + 1])
            if int(coins[t]) == 1:
                a, b = b, a
            ids.append([cls_id] + a + [sep_id] + b + [sep_id])
            types.append([0] * (len(a) + 2) + [1] * (len(b) + 1))
            t += 1
    return {"input_ids": ids, "token_type_ids": types, "sentence_order_label": np.asarray(coins)[:t]}
