"""Used n_steps=1 as the default instead of the docstring's 2."""
LOSES = ["enhanced_mask_decoder"]
MESSAGE = "the docstring's default n_steps=2"


def enhanced_mask_decoder(hidden_states, abs_position_embeddings, attention_mask, params, rel_embeddings,
                          relative_pos, num_heads, n_steps=1):
    hs = np.asarray(hidden_states, dtype=np.float64)
    query = hs + np.asarray(abs_position_embeddings, dtype=np.float64)
    for _ in range(n_steps):
        query = disentangled_self_attention(hs, attention_mask, params, rel_embeddings, relative_pos, num_heads,
                                            query_states=query)
    return query
