"""SR by a sorted list of (draw, first position, word) tuples; RI by slicing and next(); RS with a generator of
retries; RD by a comprehension over indices; back-translation deduplicated with a list."""


def synonym_replacement(words, synonyms, alpha, order_draws, choice_draws):
    out = list(words)
    n = max(1, int(alpha * len(out)))
    candidates = []
    for i, w in enumerate(words):
        if w not in STOP_WORDS and w not in words[:i]:
            candidates.append((float(order_draws[i]), i, w))
    candidates.sort()
    replaced = 0
    for _, f, v in candidates:
        if replaced == n:
            break
        syns = synonyms[v] if v in synonyms else []
        if not syns:
            continue
        synonym = syns[int(float(choice_draws[f]) * len(syns))]
        out = [synonym if w == v else w for w in out]
        replaced += 1
    return out


def random_insertion(words, synonyms, alpha, word_draws, position_draws):
    out = [w for w in words]
    n = max(1, int(alpha * len(words)))
    for k in range(n):
        L = len(out)
        found = next((synonyms[out[int(u * L)]][0] for u in word_draws[k][:9]
                      if synonyms.get(out[int(u * L)])), None)
        if found is not None:
            pos = int(position_draws[k] * L)
            out = out[:pos] + [found] + out[pos:]
    return out


def random_swap(words, alpha, draws):
    out = list(words)
    l = len(out)
    for k in range(max(1, int(alpha * l))):
        i = int(draws[k][0] * l)
        js = [int(draws[k][t] * l) for t in (1, 2, 3)]
        j = next((j for j in js if j != i), None)
        if j is not None:
            out[i], out[j] = out[j], out[i]
    return out


def random_deletion(words, p, keep_draws, fallback_draw):
    l = len(words)
    if l == 1:
        return words[:]
    kept = [words[i] for i in range(l) if keep_draws[i] > p]
    return kept if kept else [words[int(fallback_draw * l)]]


def back_translate(sentences, labels, forward, backward):
    new_sentences, new_labels = [], []
    for i in range(len(sentences)):
        key = " ".join(sentences[i])
        produced = []
        for pivot in forward[key] if key in forward else []:
            for z in backward[pivot] if pivot in backward else []:
                if z != key and z not in produced:
                    produced.append(z)
        new_sentences += [z.split() for z in produced]
        new_labels += [int(labels[i]) for _ in produced]
    return new_sentences, new_labels
