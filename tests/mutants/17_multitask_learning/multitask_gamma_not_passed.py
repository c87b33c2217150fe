"""multitask_loss does not pass gamma on to task_head_loss: ranking heads use the default gamma=1."""
LOSES = ["multitask_loss"]
MESSAGE = "computed with gamma=1"


def multitask_loss(hiddens, heads, task_types, targets, weights=None, gamma=1.0):
    per_task = {}
    total = 0.0
    for name in hiddens:
        loss = task_head_loss(hiddens[name], heads[name], task_types[name], targets.get(name))
        per_task[name] = float(loss)
        total += (1.0 if weights is None else weights[name]) * loss
    return {"loss": float(total), "per_task": per_task}
