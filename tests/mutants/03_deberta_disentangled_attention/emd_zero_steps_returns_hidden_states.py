"""Returned hidden_states when n_steps == 0, without adding the absolute positions (I = H + Z)."""
LOSES = ["enhanced_mask_decoder"]
MESSAGE = "the absolute positions were not added"


def enhanced_mask_decoder(hidden_states, abs_position_embeddings, attention_mask, params, rel_embeddings,
                          relative_pos, num_heads, n_steps=2):
    hs = np.asarray(hidden_states, dtype=np.float64)
    if n_steps == 0:
        return hs.copy()
    query = hs + np.asarray(abs_position_embeddings, dtype=np.float64)
    for _ in range(n_steps):
        query = disentangled_self_attention(hs, attention_mask, params, rel_embeddings, relative_pos,
                                            num_heads, query_states=query)
    return query
