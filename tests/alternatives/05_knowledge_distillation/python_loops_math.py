"""Scalar Python: every row handled by loops with the math module (math.exp, math.log, math.fsum for exact sums,
math.sqrt), results written into new float64 arrays."""
import math


def softmax_with_temperature(logits, T=1.0):
    z = np.asarray(logits)
    out = np.zeros(z.shape, dtype=np.float64)
    if z.size == 0:
        return out
    for index in np.ndindex(z.shape[:-1]):
        row = [float(v) / T for v in z[index]]
        m = max(row)
        exps = [math.exp(v - m) for v in row]
        total = math.fsum(exps)
        out[index] = [e / total for e in exps]
    return out


def log_softmax_with_temperature(logits, T=1.0):
    z = np.asarray(logits)
    out = np.zeros(z.shape, dtype=np.float64)
    if z.size == 0:
        return out
    for index in np.ndindex(z.shape[:-1]):
        row = [float(v) / T for v in z[index]]
        m = max(row)
        log_total = math.log(math.fsum(math.exp(v - m) for v in row))
        out[index] = [(v - m) - log_total for v in row]
    return out


def soft_target_loss(student_logits, teacher_logits, T=2.0):
    log_p = log_softmax_with_temperature(student_logits, T)
    log_q = log_softmax_with_temperature(teacher_logits, T)
    total = 0.0
    for n in range(log_p.shape[0]):
        total += math.fsum(math.exp(lq) * (lq - lp) for lq, lp in zip(log_q[n], log_p[n]))
    return total / log_p.shape[0] * T ** 2


def cosine_embedding_loss(student_hidden, teacher_hidden, eps=1e-12):
    a = np.asarray(student_hidden, dtype=np.float64)
    b = np.asarray(teacher_hidden, dtype=np.float64)
    losses = []
    for row_a, row_b in zip(a.tolist(), b.tolist()):
        dot = math.fsum(x * y for x, y in zip(row_a, row_b))
        na = math.fsum(x * x for x in row_a) + eps
        nb = math.fsum(y * y for y in row_b) + eps
        losses.append(1.0 - dot / math.sqrt(na * nb))
    return math.fsum(losses) / len(losses)


def distilbert_loss(student_logits, teacher_logits, labels, attention_mask,
                    student_hidden, teacher_hidden, T=2.0,
                    alpha_ce=5.0, alpha_mlm=2.0, alpha_cos=1.0):
    s = np.asarray(student_logits)
    t = np.asarray(teacher_logits)
    hs = np.asarray(student_hidden)
    ht = np.asarray(teacher_hidden)
    B, S = np.shape(attention_mask)
    s_rows, t_rows, hs_rows, ht_rows, nll = [], [], [], [], []
    for b in range(B):
        for i in range(S):
            if attention_mask[b][i] == 1:
                s_rows.append(s[b, i])
                t_rows.append(t[b, i])
                hs_rows.append(hs[b, i])
                ht_rows.append(ht[b, i])
            label = int(labels[b][i])
            if label != -100:
                nll.append(-float(log_softmax_with_temperature(s[b, i], 1.0)[label]))
    loss_ce = float(soft_target_loss(np.array(s_rows), np.array(t_rows), T))
    loss_mlm = math.fsum(nll) / len(nll)
    loss_cos = float(cosine_embedding_loss(np.array(hs_rows), np.array(ht_rows)))
    return {"loss": alpha_ce * loss_ce + alpha_mlm * loss_mlm + alpha_cos * loss_cos,
            "loss_ce": loss_ce, "loss_mlm": loss_mlm, "loss_cos": loss_cos}
