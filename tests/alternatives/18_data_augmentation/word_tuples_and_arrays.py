"""Sentences compared as tuples of words (the paraphrase split first); SR order by np.argsort(kind="stable") of the
first-position draws; RD by np.flatnonzero; RS by a vectorised retry search."""


def synonym_replacement(words, synonyms, alpha, order_draws, choice_draws):
    l = len(words)
    n = max(1, int(alpha * l))
    firsts = [i for i, w in enumerate(words) if w not in STOP_WORDS and words.index(w) == i]
    draws = np.asarray(order_draws, dtype=np.float64)[np.array(firsts, dtype=np.int64)]
    visit = [firsts[k] for k in np.argsort(draws, kind="stable").tolist()]
    new = list(words)
    done = 0
    for f in visit:
        v = words[f]
        syns = list(synonyms.get(v, ()))
        if len(syns) == 0:
            continue
        s = syns[int(np.floor(choice_draws[f] * len(syns)))]
        new = [s if x == v else x for x in new]
        done += 1
        if done >= n:
            break
    return new


def random_insertion(words, synonyms, alpha, word_draws, position_draws):
    new = list(words)
    W = np.asarray(word_draws, dtype=np.float64)
    P = np.asarray(position_draws, dtype=np.float64)
    for k in range(max(1, int(alpha * len(words)))):
        L = len(new)
        picks = np.floor(W[k, :9] * L).astype(np.int64)
        with_syn = [int(i) for i in picks if len(synonyms.get(new[int(i)], [])) > 0]
        if with_syn:
            new.insert(int(np.floor(P[k] * L)), synonyms[new[with_syn[0]]][0])
    return new


def random_swap(words, alpha, draws):
    l = len(words)
    n = max(1, int(alpha * l))
    idx = np.floor(np.asarray(draws, dtype=np.float64)[:n, :4] * l).astype(np.int64)
    differs = idx[:, 1:] != idx[:, :1]
    has = differs.any(axis=1)
    j = idx[np.arange(n), 1 + np.argmax(differs, axis=1)]
    new = list(words)
    for k in range(n):
        if has[k]:
            a, b = int(idx[k, 0]), int(j[k])
            new[a], new[b] = new[b], new[a]
    return new


def random_deletion(words, p, keep_draws, fallback_draw):
    l = len(words)
    if l == 1:
        return list(words)
    keep = np.flatnonzero(np.asarray(keep_draws, dtype=np.float64) > p)
    if keep.size == 0:
        return [words[int(np.floor(fallback_draw * l))]]
    return [words[i] for i in keep.tolist()]


def back_translate(sentences, labels, forward, backward):
    out_x, out_y = [], []
    for sentence, label in zip(sentences, labels):
        original = tuple(sentence)
        seen = {original}
        for pivot in forward.get(" ".join(sentence), []):
            for z in backward.get(pivot, []):
                toks = tuple(z.split())
                if toks not in seen:
                    seen.add(toks)
                    out_x.append(list(toks))
                    out_y.append(int(label))
    return out_x, out_y
