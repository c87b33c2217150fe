"""Returned I = H + Z in the inputs' dtype: with n_steps=0 and float32 inputs the result is float32."""
LOSES = ["enhanced_mask_decoder"]
MESSAGE = "the result I = H + Z must be float64 too"


def enhanced_mask_decoder(hidden_states, abs_position_embeddings, attention_mask, params, rel_embeddings,
                          relative_pos, num_heads, n_steps=2):
    query = np.asarray(hidden_states) + np.asarray(abs_position_embeddings)
    for _ in range(n_steps):
        query = disentangled_self_attention(hidden_states, attention_mask, params, rel_embeddings, relative_pos,
                                            num_heads, query_states=query)
    return query
