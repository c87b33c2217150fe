"""Looked up backward[pivot] directly: a pivot missing from backward raises KeyError instead of giving nothing."""
LOSES = ["back_translate"]
MESSAGE = "backward.get(pivot, [])"


def back_translate(sentences, labels, forward, backward):
    new_sentences, new_labels = [], []
    for words, label in zip(sentences, labels):
        source, seen = " ".join(words), set()
        for pivot in forward.get(source, []):
            for paraphrase in backward[pivot]:
                if paraphrase != source and paraphrase not in seen:
                    seen.add(paraphrase)
                    new_sentences.append(paraphrase.split())
                    new_labels.append(int(label))
    return new_sentences, new_labels
