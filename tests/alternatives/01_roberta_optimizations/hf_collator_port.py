"""As transformers' DataCollatorForLanguageModeling.torch_mask_tokens computes it (clone, masked_fill, early return),
ported to NumPy; coverage with a running OR; packing as fairseq's TokenBlockDataset by block boundaries."""
import math


def mask_tokens(input_ids, special_tokens_mask, u_select, u_replace, u_random, random_ids, mask_token_id,
                mlm_probability=0.15, mask_replace_prob=0.8, random_replace_prob=0.1):
    inputs = np.array(input_ids, dtype=np.int64)          # inputs = inputs.clone()
    labels = inputs.copy()
    probability_matrix = np.full(labels.shape, mlm_probability, dtype=np.float64)
    probability_matrix[np.asarray(special_tokens_mask).astype(bool)] = 0.0   # masked_fill_(special, 0.0)
    masked_indices = np.asarray(u_select) < probability_matrix              # torch.bernoulli(...).bool()
    labels[~masked_indices] = -100
    indices_replaced = (np.asarray(u_replace) < mask_replace_prob) & masked_indices
    inputs[indices_replaced] = mask_token_id
    if mask_replace_prob == 1 or random_replace_prob == 0:
        return inputs, labels
    remaining_prob = 1 - mask_replace_prob
    random_replace_prob_scaled = random_replace_prob / remaining_prob
    indices_random = (np.asarray(u_random) < random_replace_prob_scaled) & masked_indices & ~indices_replaced
    inputs[indices_random] = np.asarray(random_ids, dtype=np.int64)[indices_random]
    return inputs, labels


def mask_coverage(u_select, duplication_factor, mlm_probability=0.15):
    u = np.asarray(u_select)
    epochs = u.shape[0]
    ever = np.zeros(u.shape[1:], dtype=bool)
    coverage = np.empty(epochs, dtype=np.float64)
    for e in range(epochs):
        ever |= u[e % duplication_factor] < mlm_probability
        coverage[e] = np.count_nonzero(ever) / ever.size
    distinct = min(epochs, duplication_factor)
    return {"coverage": coverage, "distinct_masks": int(distinct),
            "max_repeats": int(math.ceil(epochs / distinct))}


def pack_sequences(documents, max_len=512, sep_id=2, pad_id=1, cross_documents=True):
    # one flat stream of items (sentence, starts_document), then greedy block boundaries
    items = []
    for doc in documents:
        for k, sentence in enumerate(doc):
            items.append((list(sentence), k == 0))
    blocks, current = [], []
    for sentence, first in items:
        if first and current and not cross_documents:
            blocks.append(current)
            current = []
        piece = ([sep_id] if first and current else []) + sentence
        if current and len(current) + len(piece) > max_len:
            blocks.append(current)
            current = list(sentence)
        else:
            current = current + piece
    if current:
        blocks.append(current)
    out = np.full((len(blocks), max_len), pad_id, dtype=np.int64)
    for row, block in enumerate(blocks):
        out[row, :len(block)] = block
    return out
