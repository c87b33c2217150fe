"""As transformers builds the models: parameter shapes listed module by module (BertEmbeddings, BertLayer,
AlbertEmbeddings, AlbertLayerGroup, pooler) and summed like sum(p.numel()); the encoder as
AlbertTransformer.forward with layers_per_group and group_idx; SOP as create_instances_from_document's A/B swap."""
import math


def _numel(shapes):
    return sum(math.prod(shape) for shape in shapes)


def _linear(n_in, n_out):
    return [(n_out, n_in), (n_out,)]


def _layer_norm(n):
    return [(n,), (n,)]


def _attention(H):
    return _linear(H, H) * 3 + _linear(H, H) + _layer_norm(H)      # query, key, value, dense, LayerNorm


def _ffn(H, I):
    return _linear(H, I) + _linear(I, H) + _layer_norm(H)


def bert_parameter_count(config):
    V, P, T = int(config["vocab_size"]), int(config["max_position_embeddings"]), int(config["type_vocab_size"])
    H, I, L = int(config["hidden_size"]), int(config["intermediate_size"]), int(config["num_hidden_layers"])
    embeddings = _numel([(V, H), (P, H), (T, H)] + _layer_norm(H))
    layer = _numel(_attention(H) + _ffn(H, I))
    pooler = _numel(_linear(H, H))
    encoder = L * layer
    return {"embeddings": embeddings, "layer": layer, "encoder": encoder, "pooler": pooler,
            "total": embeddings + encoder + pooler}


def albert_parameter_count(config, sharing="all"):
    V, P, T = int(config["vocab_size"]), int(config["max_position_embeddings"]), int(config["type_vocab_size"])
    E, H = int(config["embedding_size"]), int(config["hidden_size"])
    I, L = int(config["intermediate_size"]), int(config["num_hidden_layers"])
    embeddings = _numel([(V, E), (P, E), (T, E)] + _layer_norm(E))
    projection = _numel(_linear(E, H))                                  # embedding_hidden_mapping_in
    attention_sets = 1 if sharing in ("all", "attention") else L
    ffn_sets = 1 if sharing in ("all", "ffn") else L
    encoder = attention_sets * _numel(_attention(H)) + ffn_sets * _numel(_ffn(H, I))
    pooler = _numel(_linear(H, H))
    return {"embeddings": embeddings, "projection": projection, "encoder": encoder, "pooler": pooler,
            "total": embeddings + projection + encoder + pooler}


def _layer_norm_forward(x, weight, bias, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def shared_encoder_forward(embeddings, w_proj, b_proj, layers, num_layers, eps=1e-12):
    f64 = lambda a: np.asarray(a, dtype=np.float64)  # noqa: E731
    hidden_states = f64(embeddings) @ f64(w_proj) + f64(b_proj)         # embedding_hidden_mapping_in
    all_hidden_states = (hidden_states,)
    num_hidden_groups = len(layers)
    for i in range(num_layers):
        group_idx = int(i / (num_layers / num_hidden_groups))
        g = {name: f64(value) for name, value in layers[group_idx].items()}
        ffn_output = gelu_new(hidden_states @ g["w1"] + g["b1"]) @ g["w2"] + g["b2"]
        hidden_states = _layer_norm_forward(ffn_output + hidden_states, g["gamma"], g["beta"], eps)
        all_hidden_states = all_hidden_states + (hidden_states,)
    return np.stack(all_hidden_states).astype(np.float64)


def sop_examples(documents, coins, cls_id=2, sep_id=3):
    instances = {"input_ids": [], "token_type_ids": [], "sentence_order_label": []}
    coin_index = 0
    for document in documents:
        for start in range(0, len(document) - 1, 2):
            tokens_a, tokens_b = [int(t) for t in document[start]], [int(t) for t in document[start + 1]]
            is_swapped = int(coins[coin_index]) == 1
            coin_index += 1
            if is_swapped:
                tokens_a, tokens_b = tokens_b, tokens_a
            tokens = [int(cls_id)] + tokens_a + [int(sep_id)] + tokens_b + [int(sep_id)]
            segment_ids = [0] * (len(tokens_a) + 2) + [1] * (len(tokens_b) + 1)
            instances["input_ids"].append(tokens)
            instances["token_type_ids"].append(segment_ids)
            instances["sentence_order_label"].append(1 if is_swapped else 0)
    return instances
