"""Split the paraphrases with .split(" ") instead of .split(): double spaces or tabs give empty or merged tokens."""
LOSES = ["back_translate"]
MESSAGE = "split on any whitespace"


def back_translate(sentences, labels, forward, backward):
    new_sentences, new_labels = [], []
    for words, label in zip(sentences, labels):
        source, seen = " ".join(words), set()
        for pivot in forward.get(source, []):
            for paraphrase in backward.get(pivot, []):
                if paraphrase != source and paraphrase not in seen:
                    seen.add(paraphrase)
                    new_sentences.append(paraphrase.split(" "))
                    new_labels.append(int(label))
    return new_sentences, new_labels
