"""Built the labels with np.repeat(labels, counts): a NumPy array of NumPy ints instead of a list of int."""
LOSES = ["back_translate"]
MESSAGE = "a list of Python int labels"


def back_translate(sentences, labels, forward, backward):
    new_sentences, counts = [], []
    for words in sentences:
        source = " ".join(words)
        seen, before = {source}, len(new_sentences)
        for pivot in forward.get(source, []):
            for z in backward.get(pivot, []):
                if z not in seen:
                    seen.add(z)
                    new_sentences.append(z.split())
        counts.append(len(new_sentences) - before)
    return new_sentences, np.repeat(labels, counts)
