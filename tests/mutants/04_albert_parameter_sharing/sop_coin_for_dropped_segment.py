"""Advanced the coin index for the dropped unpaired last segment of an odd document too (ceil(n/2) coins per document)."""
import numpy as np
LOSES = ["sop_examples"]
MESSAGE = "a coin was used for the unpaired last segment"

def sop_examples(documents, coins, cls_id=2, sep_id=3):
    ids, types, labels = [], [], []
    t = 0
    for doc in documents:
        for k in range(0, len(doc) - 1, 2):
            a, b = list(doc[k]), list(doc[k + 1])
            c = int(coins[t + k // 2])
            if c == 1:
                a, b = b, a
            ids.append([cls_id] + a + [sep_id] + b + [sep_id])
            types.append([0] * (len(a) + 2) + [1] * (len(b) + 1))
            labels.append(c)
        t += (len(doc) + 1) // 2
    return {"input_ids": ids, "token_type_ids": types, "sentence_order_label": labels}
