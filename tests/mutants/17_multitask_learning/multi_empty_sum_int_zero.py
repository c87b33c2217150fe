"""Total computed with sum() over a generator: with no tasks the loss is the int 0, not the float 0.0."""
LOSES = ["multitask_loss"]
MESSAGE = "sum of nothing is the int 0"


def multitask_loss(hiddens, heads, task_types, targets, weights=None, gamma=1.0):
    per_task = {name: float(task_head_loss(hiddens[name], heads[name], task_types[name],
                                           targets.get(name), gamma)) for name in hiddens}
    w = weights if weights is not None else {name: 1.0 for name in hiddens}
    return {"loss": sum(w[name] * per_task[name] for name in per_task), "per_task": per_task}
