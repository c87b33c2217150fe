"""NumPy object arrays: candidates by np.unique(return_index) and np.lexsort, np.insert for RI, fancy-index swaps, a
boolean keep mask for RD."""


def synonym_replacement(words, synonyms, alpha, order_draws, choice_draws):
    arr = np.array(words, dtype=object)
    n = max(1, int(alpha * len(words)))
    vocab, first = np.unique(np.array(words, dtype=str), return_index=True)
    keep = np.array([v not in STOP_WORDS for v in vocab.tolist()], dtype=bool)
    first = first[keep]
    order_draws = np.asarray(order_draws, dtype=np.float64)
    first = first[np.lexsort((first, order_draws[first]))]          # by draw, then by position
    done = 0
    for f in first.tolist():
        v = words[f]
        syns = synonyms.get(v)
        if not syns:
            continue
        arr[arr == v] = syns[int(choice_draws[f] * len(syns))]
        done += 1
        if done == n:
            break
    return [str(w) for w in arr.tolist()]


def random_insertion(words, synonyms, alpha, word_draws, position_draws):
    arr = np.array(words, dtype=object)
    n = max(1, int(alpha * len(words)))
    for k in range(n):
        L = arr.shape[0]
        tries = (np.asarray(word_draws[k, :9], dtype=np.float64) * L).astype(np.int64)
        for t in tries.tolist():
            syns = synonyms.get(arr[t], [])
            if len(syns) > 0:
                arr = np.insert(arr, int(position_draws[k] * L), syns[0])
                break
    return list(arr.tolist())


def random_swap(words, alpha, draws):
    arr = np.array(words, dtype=object)
    l = len(words)
    n = max(1, int(alpha * l))
    idx = (np.asarray(draws, dtype=np.float64)[:n, :4] * l).astype(np.int64)
    for row in idx:
        i = row[0]
        others = row[1:][row[1:] != i]
        if others.size:
            j = others[0]
            arr[[i, j]] = arr[[j, i]]
    return arr.tolist()


def random_deletion(words, p, keep_draws, fallback_draw):
    if len(words) == 1:
        return [words[0]]
    arr = np.array(words, dtype=object)
    kept = arr[np.asarray(keep_draws, dtype=np.float64) > p]
    if kept.size == 0:
        return [words[int(fallback_draw * len(words))]]
    return kept.tolist()


def back_translate(sentences, labels, forward, backward):
    xs, ys = [], []
    for sentence, label in zip(sentences, labels):
        original = " ".join(sentence)
        candidates = [z for pivot in forward.get(original, ()) for z in backward.get(pivot, ())]
        kept = [z for z in dict.fromkeys(candidates) if z != original]        # first occurrences, in order
        xs.extend(z.split() for z in kept)
        ys.extend([int(label)] * len(kept))
    return xs, ys
