"""Removed duplicate paraphrases across the whole corpus with one shared `seen` set instead of per sentence."""
LOSES = ["back_translate"]
MESSAGE = "a paraphrase produced for an earlier sentence was dropped"


def back_translate(sentences, labels, forward, backward):
    new_sentences, new_labels, seen = [], [], set()
    for words, label in zip(sentences, labels):
        source = " ".join(words)
        seen.add(source)
        for pivot in forward.get(source, []):
            for z in backward.get(pivot, []):
                if z not in seen:
                    seen.add(z)
                    new_sentences.append(z.split())
                    new_labels.append(label)
    return new_sentences, new_labels
