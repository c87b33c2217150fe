"""Used BERT's [CLS] = 101 and [SEP] = 102 as the defaults instead of ALBERT's 2 and 3 from the docstring."""
LOSES = ["sop_examples"]
MESSAGE = "with the default cls_id=2, sep_id=3"


def sop_examples(documents, coins, cls_id=101, sep_id=102):
    out = {"input_ids": [], "token_type_ids": [], "sentence_order_label": []}
    t = 0
    for doc in documents:
        for p in range(len(doc) // 2):
            a, b = list(doc[2 * p]), list(doc[2 * p + 1])
            coin = int(coins[t])
            t += 1
            if coin:
                a, b = b, a
            out["input_ids"].append([cls_id] + [int(x) for x in a] + [sep_id] + [int(x) for x in b] + [sep_id])
            out["token_type_ids"].append([0] * (len(a) + 2) + [1] * (len(b) + 1))
            out["sentence_order_label"].append(coin)
    return out
