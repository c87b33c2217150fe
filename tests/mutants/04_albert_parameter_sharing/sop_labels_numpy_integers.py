"""Appended coins[t] to the labels: a list of NumPy integers, not Python ints."""
import numpy as np
LOSES = ["sop_examples"]
MESSAGE = "['sentence_order_label'] must contain Python ints, got a NumPy scalar (numpy.int64)"

def sop_examples(documents, coins, cls_id=2, sep_id=3):
    ids, types, labels = [], [], []
    t = 0
    for doc in documents:
        for k in range(0, len(doc) - 1, 2):
            a, b = list(doc[k]), list(doc[k + 1])
            c = coins[t]; t += 1
            if c == 1:
                a, b = b, a
            ids.append([cls_id] + a + [sep_id] + b + [sep_id])
            types.append([0] * (len(a) + 2) + [1] * (len(b) + 1))
            labels.append(c)
    return {"input_ids": ids, "token_type_ids": types, "sentence_order_label": labels}
