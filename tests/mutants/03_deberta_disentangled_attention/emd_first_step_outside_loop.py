"""Applied the first step before the loop and n_steps - 1 in it: n_steps=0 still applies one layer."""
LOSES = ["enhanced_mask_decoder"]
MESSAGE = "with n_steps=0 no layer is applied"


def enhanced_mask_decoder(hidden_states, abs_position_embeddings, attention_mask, params, rel_embeddings,
                          relative_pos, num_heads, n_steps=2):
    hs = np.asarray(hidden_states, dtype=np.float64)
    query = disentangled_self_attention(hs, attention_mask, params, rel_embeddings, relative_pos, num_heads,
                                        query_states=hs + abs_position_embeddings)
    for _ in range(n_steps - 1):
        query = disentangled_self_attention(hs, attention_mask, params, rel_embeddings, relative_pos, num_heads,
                                            query_states=query)
    return query
