"""Appended [SEP] to the two segments themselves: the caller's documents grow a separator per example."""
LOSES = ["sop_examples"]
MESSAGE = "sop_examples changed the `documents` you passed in"


def sop_examples(documents, coins, cls_id=2, sep_id=3):
    input_ids, token_type_ids, labels = [], [], []
    k = 0
    for doc in documents:
        for j in range(0, len(doc) - 1, 2):
            first, second = doc[j], doc[j + 1]
            swap = int(coins[k])
            k += 1
            if swap:
                first, second = second, first
            first.append(sep_id)
            second.append(sep_id)
            input_ids.append([int(cls_id)] + [int(t) for t in first + second])
            token_type_ids.append([0] * (len(first) + 1) + [1] * len(second))
            labels.append(swap)
    return {"input_ids": input_ids, "token_type_ids": token_type_ids, "sentence_order_label": labels}
