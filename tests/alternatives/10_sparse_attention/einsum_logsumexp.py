"""einsum products and exp(s - logsumexp(s)) over the allowed keys; np.tri bands; BigBird at token level.

einsum for every product, the softmax as exp(s - logsumexp(s)) over the allowed keys (the maximum taken with
np.max(..., where=mask, initial=-inf)); masks from np.tri bands; BigBird at token level (block index i // b) without
building a block grid."""


def longformer_mask(seq_len, window, global_idx):
    h = window // 2
    band = np.tri(seq_len, seq_len, h, dtype=bool) & ~np.tri(seq_len, seq_len, -h - 1, dtype=bool)
    g = np.isin(np.arange(seq_len), np.asarray(global_idx, dtype=int).reshape(-1))
    return band | g[:, None] | g[None, :]


def bigbird_mask(seq_len, block_size, global_blocks, random_blocks, window_blocks=3):
    blk = np.arange(seq_len) // block_size
    nb = seq_len // block_size
    qb, kb = blk[:, None], blk[None, :]
    gb = np.isin(np.arange(nb), np.asarray(global_blocks, dtype=int).reshape(-1))
    rb = np.asarray(random_blocks, dtype=int).reshape(nb, -1)
    chosen = (rb[:, :, None] == np.arange(nb)[None, None, :]).any(axis=1)     # (nb, nb): J in R_I
    return (np.abs(qb - kb) <= window_blocks // 2) | gb[qb] | gb[kb] | chosen[qb, kb]


def masked_attention(q, k, v, mask):
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    s = np.einsum("...id,...jd->...ij", q, k) / np.sqrt(q.shape[-1])
    m = np.broadcast_to(np.asarray(mask, dtype=bool), s.shape)
    top = np.max(s, axis=-1, where=m, initial=-np.inf, keepdims=True)
    top = np.where(np.isneginf(top), 0.0, top)
    z = np.where(m, s - top, -np.inf)
    with np.errstate(divide="ignore"):
        lse = np.log(np.exp(z).sum(axis=-1, keepdims=True))
    p = np.where(m & np.isfinite(lse), np.exp(z - np.where(np.isfinite(lse), lse, 0.0)), 0.0)
    return np.einsum("...ij,...jd->...id", p, v)


def linformer_attention(q, k, v, E, F):
    q, k, v = (np.asarray(a, dtype=np.float64) for a in (q, k, v))
    k_bar = np.einsum("pn,...nd->...pd", np.asarray(E, dtype=np.float64), k)
    v_bar = np.einsum("pn,...nd->...pd", np.asarray(F, dtype=np.float64), v)
    s = np.einsum("...id,...pd->...ip", q, k_bar) / np.sqrt(q.shape[-1])
    top = s.max(axis=-1, keepdims=True)
    p = np.exp(s - top - np.log(np.exp(s - top).sum(axis=-1, keepdims=True)))
    return np.einsum("...ip,...pd->...id", p, v_bar)
