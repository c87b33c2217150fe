"""Gave the final [SEP] token type 0: token types [0] * (len(A) + 2) + [1] * len(B)."""
LOSES = ["sop_examples"]
MESSAGE = "the final [SEP] has token type 0"


def sop_examples(documents, coins, cls_id=2, sep_id=3):
    coins = np.asarray(coins).reshape(-1)
    input_ids, token_type_ids, labels = [], [], []
    k = 0                                                # index of the next coin
    for doc in documents:
        for j in range(0, len(doc) - 1, 2):
            a, b = [int(t) for t in doc[j]], [int(t) for t in doc[j + 1]]
            swap = int(coins[k])
            k += 1
            if swap:
                a, b = b, a
            input_ids.append([int(cls_id)] + a + [int(sep_id)] + b + [int(sep_id)])
            token_type_ids.append([0] * (len(a) + 2) + [1] * len(b) + [0])
            labels.append(swap)
    return {"input_ids": input_ids, "token_type_ids": token_type_ids, "sentence_order_label": labels}
