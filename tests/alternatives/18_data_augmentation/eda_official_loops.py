"""As eda_nlp's eda.py writes it (while loops with counters, new_words rebuilt by a comprehension), with each random
call replaced by its draw."""


def synonym_replacement(words, synonyms, alpha, order_draws, choice_draws):
    n = max(1, int(alpha * len(words)))
    new_words = words.copy()
    first = {}
    for i, word in enumerate(words):
        if word not in STOP_WORDS and word not in first:
            first[word] = i
    random_word_list = sorted(first, key=lambda v: (order_draws[first[v]], first[v]))   # random.shuffle
    num_replaced = 0
    for random_word in random_word_list:
        syns = synonyms.get(random_word) or []
        if len(syns) >= 1:
            synonym = syns[int(choice_draws[first[random_word]] * len(syns))]         # random.choice
            new_words = [synonym if word == random_word else word for word in new_words]
            num_replaced += 1
        if num_replaced >= n:
            break
    return new_words


def random_insertion(words, synonyms, alpha, word_draws, position_draws):
    n = max(1, int(alpha * len(words)))
    new_words = words.copy()
    for k in range(n):
        # add_word(new_words)
        syns = []
        counter = 0
        while len(syns) < 1:
            if counter >= 9:
                break
            random_word = new_words[int(word_draws[k, counter] * len(new_words))]
            syns = synonyms.get(random_word, [])
            counter += 1
        if len(syns) < 1:
            continue
        random_synonym = syns[0]
        random_idx = int(position_draws[k] * len(new_words))
        new_words.insert(random_idx, random_synonym)
    return new_words


def random_swap(words, alpha, draws):
    n = max(1, int(alpha * len(words)))
    new_words = words.copy()
    for k in range(n):
        # swap_word(new_words)
        random_idx_1 = int(draws[k, 0] * len(new_words))
        random_idx_2 = random_idx_1
        counter = 0
        while random_idx_2 == random_idx_1:
            counter += 1
            if counter > 3:
                break
            random_idx_2 = int(draws[k, counter] * len(new_words))
        if random_idx_2 != random_idx_1:
            new_words[random_idx_1], new_words[random_idx_2] = new_words[random_idx_2], new_words[random_idx_1]
    return new_words


def random_deletion(words, p, keep_draws, fallback_draw):
    if len(words) == 1:
        return list(words)
    new_words = []
    for i, word in enumerate(words):
        r = keep_draws[i]                      # random.uniform(0, 1)
        if r > p:
            new_words.append(word)
    if len(new_words) == 0:
        rand_int = int(fallback_draw * len(words))
        return [words[rand_int]]
    return new_words


def back_translate(sentences, labels, forward, backward):
    new_sentences, new_labels = [], []
    for sentence, label in zip(sentences, labels):
        source = " ".join(sentence)
        seen = set()
        for pivot in forward.get(source, []):
            for paraphrase in backward.get(pivot, []):
                if paraphrase == source or paraphrase in seen:
                    continue
                seen.add(paraphrase)
                new_sentences.append(paraphrase.split())
                new_labels.append(int(label))
    return new_sentences, new_labels
