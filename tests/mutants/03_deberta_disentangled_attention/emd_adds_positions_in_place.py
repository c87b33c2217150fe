"""Built the first query with `query = hidden_states; query += abs_position_embeddings`: H itself gets Z added."""
LOSES = ["enhanced_mask_decoder"]
MESSAGE = "enhanced_mask_decoder changed the `hidden_states` you passed in"


def enhanced_mask_decoder(hidden_states, abs_position_embeddings, attention_mask, params, rel_embeddings,
                          relative_pos, num_heads, n_steps=2):
    query = np.asarray(hidden_states, dtype=np.float64)
    keys = query.copy()
    query += abs_position_embeddings
    for _ in range(n_steps):
        query = disentangled_self_attention(keys, attention_mask, params, rel_embeddings, relative_pos, num_heads,
                                            query_states=query)
    return query
