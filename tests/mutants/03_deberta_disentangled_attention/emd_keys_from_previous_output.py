"""Fed the previous output as hidden_states too (keys and values), not only as query_states, as a stack of layers."""
LOSES = ["enhanced_mask_decoder"]
MESSAGE = "the previous output was fed as hidden_states too"


def enhanced_mask_decoder(hidden_states, abs_position_embeddings, attention_mask, params, rel_embeddings,
                          relative_pos, num_heads, n_steps=2):
    hs = np.asarray(hidden_states, dtype=np.float64)
    query = hs + np.asarray(abs_position_embeddings, dtype=np.float64)
    keys = hs
    for _ in range(n_steps):
        query = disentangled_self_attention(keys, attention_mask, params, rel_embeddings, relative_pos, num_heads,
                                            query_states=query)
        keys = query
    return query
