"""Looped with range(1, n_steps): one step fewer than asked (n_steps=1 returns I)."""
LOSES = ["enhanced_mask_decoder"]
MESSAGE = "one fewer than n_steps"


def enhanced_mask_decoder(hidden_states, abs_position_embeddings, attention_mask, params, rel_embeddings,
                          relative_pos, num_heads, n_steps=2):
    hs = np.asarray(hidden_states, dtype=np.float64)
    query = hs + np.asarray(abs_position_embeddings, dtype=np.float64)
    for _ in range(1, n_steps):
        query = disentangled_self_attention(hs, attention_mask, params, rel_embeddings, relative_pos, num_heads,
                                            query_states=query)
    return query
