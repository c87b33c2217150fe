"""Added abs_position_embeddings[None] (a new batch axis), assuming one (N, D) table: wrong for (B, N, D)."""
LOSES = ["enhanced_mask_decoder"]
MESSAGE = "abs_position_embeddings may be (B, N, D) as well as (N, D)"


def enhanced_mask_decoder(hidden_states, abs_position_embeddings, attention_mask, params, rel_embeddings,
                          relative_pos, num_heads, n_steps=2):
    hs = np.asarray(hidden_states, dtype=np.float64)
    query = hs + np.asarray(abs_position_embeddings)[None, :, :]
    for _ in range(n_steps):
        query = disentangled_self_attention(hs, attention_mask, params, rel_embeddings, relative_pos, num_heads,
                                            query_states=query)
    return query
