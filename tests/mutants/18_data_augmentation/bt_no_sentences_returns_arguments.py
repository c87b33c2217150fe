"""With no sentences (nothing to translate) returned the given lists themselves."""
LOSES = ["back_translate"]
MESSAGE = "return new lists even when there is nothing to translate"


def back_translate(sentences, labels, forward, backward):
    if not sentences:
        return sentences, labels
    new_sentences, new_labels = [], []
    for words, label in zip(sentences, labels):
        source, seen = " ".join(words), set()
        for pivot in forward.get(source, []):
            for paraphrase in backward.get(pivot, []):
                if paraphrase != source and paraphrase not in seen:
                    seen.add(paraphrase)
                    new_sentences.append(paraphrase.split())
                    new_labels.append(int(label))
    return new_sentences, new_labels
