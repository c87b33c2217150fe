"""per_task holds each task's weighted loss (weight * loss) instead of the unweighted one."""
LOSES = ["multitask_loss"]
MESSAGE = "per_task holds the weighted loss"


def multitask_loss(hiddens, heads, task_types, targets, weights=None, gamma=1.0):
    per_task = {}
    for name in hiddens:
        w = 1.0 if weights is None else weights[name]
        per_task[name] = float(w * task_head_loss(hiddens[name], heads[name], task_types[name],
                                                  targets.get(name), gamma))
    return {"loss": float(sum(per_task.values())), "per_task": per_task}
