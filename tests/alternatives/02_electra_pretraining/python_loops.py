"""Element by element: Python loops (np.ndindex) over positions, math.log / math.exp per scalar, running sums."""
import math


def gumbel_sample(logits, uniform, temperature=1.0):
    z = np.asarray(logits)
    u = np.asarray(uniform)
    out = np.zeros(z.shape[:-1], dtype=np.int64)
    for index in np.ndindex(z.shape[:-1]):
        best, best_v = None, 0
        for v in range(z.shape[-1]):
            g = -math.log(-math.log(float(u[index + (v,)]) + 1e-9) + 1e-9)
            value = float(z[index + (v,)]) / temperature + g
            if best is None or value > best:
                best, best_v = value, v
        out[index] = best_v
    return out


def corrupt_inputs(input_ids, masked_positions, sampled_ids):
    ids = np.asarray(input_ids)
    corrupted = np.zeros(ids.shape, dtype=np.int64)
    labels = np.zeros(ids.shape, dtype=np.int64)
    for index in np.ndindex(ids.shape):
        original = int(ids[index])
        token = int(sampled_ids[index]) if masked_positions[index] else original
        corrupted[index] = token
        labels[index] = 1 if token != original else 0
    return corrupted, labels


def replaced_token_detection_loss(logits, labels, attention_mask):
    total, count = 0.0, 0
    x_all = np.asarray(logits)
    for index in np.ndindex(x_all.shape):
        if attention_mask[index] != 1:
            continue
        x, y = float(x_all[index]), float(labels[index])
        total += max(x, 0.0) - x * y + math.log1p(math.exp(-abs(x)))
        count += 1
    return total / count


def electra_loss(generator_logits, mlm_labels, discriminator_logits, discriminator_labels, attention_mask,
                 disc_weight=50.0):
    z = np.asarray(generator_logits)
    total, count = 0.0, 0
    for index in np.ndindex(z.shape[:-1]):
        label = int(mlm_labels[index])
        if label == -100:
            continue
        row = [float(v) for v in z[index]]
        m = max(row)
        lse = m + math.log(sum(math.exp(v - m) for v in row))
        total += lse - row[label]
        count += 1
    mlm = total / count
    disc = float(replaced_token_detection_loss(discriminator_logits, discriminator_labels, attention_mask))
    return {"loss": mlm + disc_weight * disc, "mlm_loss": mlm, "disc_loss": disc}
