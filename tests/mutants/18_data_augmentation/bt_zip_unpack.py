"""Collected (paraphrase, label) pairs and unpacked them with zip(*pairs): with no paraphrase at all it crashes."""
LOSES = ["back_translate"]
MESSAGE = "return ([], [])"


def back_translate(sentences, labels, forward, backward):
    pairs = []
    for words, label in zip(sentences, labels):
        source = " ".join(words)
        seen = {source}
        for pivot in forward.get(source, []):
            for z in backward.get(pivot, []):
                if z not in seen:
                    seen.add(z)
                    pairs.append((z.split(), label))
    new_sentences, new_labels = zip(*pairs)
    return list(new_sentences), list(new_labels)
