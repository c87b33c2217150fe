"""Built token_type_ids from the original segment lengths, also when the coin swapped the two segments."""
LOSES = ["sop_examples"]
MESSAGE = "the token types follow the ORIGINAL segment lengths"


def sop_examples(documents, coins, cls_id=2, sep_id=3):
    out = {"input_ids": [], "token_type_ids": [], "sentence_order_label": []}
    t = 0
    for doc in documents:
        for p in range(len(doc) // 2):
            a, b = list(doc[2 * p]), list(doc[2 * p + 1])
            coin = int(coins[t])
            t += 1
            first, second = (b, a) if coin else (a, b)
            out["input_ids"].append([cls_id] + [int(x) for x in first] + [sep_id] + [int(x) for x in second] + [sep_id])
            out["token_type_ids"].append([0] * (len(a) + 2) + [1] * (len(b) + 1))
            out["sentence_order_label"].append(coin)
    return out
