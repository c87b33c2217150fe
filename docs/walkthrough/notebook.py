"""The worked example of the README's walk-through: what an author writes into the skeleton that
`coursekit new 26_label_smoothing --title ... --functions smooth_targets,label_smoothed_cross_entropy`
creates. tests/test_authoring.py writes these texts into the skeleton's cells, as an author does
in JupyterLab, then follows the rest of the walk-through.

SECTIONS[n]     the text of section n, replacing its `TODO(author)` line (the heading stays)
SOLUTIONS[f]    the solution cell of f: signature, docstring, the reference between the markers
VISIBLE[f]      the visible test cell of f (the student runs it)
POINTS[f]       the points of f's hidden tests: the visible test cell's nbgrader "points"
EXPERIMENT      the code cell of section 5 (the impact analysis)
"""

SECTIONS = {
    1: """A classifier trained with cross-entropy on one-hot targets can only reach zero loss with
probability exactly 1 on the correct class: the loss keeps pushing the correct logit further above
the others, and the model grows over-confident. **Label smoothing** trains against a mixture of the
one-hot target and the uniform distribution instead, so the best prediction is a finite logit gap.
The original Transformer was trained with label smoothing of 0.1 (Vaswani et al., 2017, section 5.4);
in PyTorch it is one argument of the cross-entropy loss.""",
    2: """* **Szegedy, C., Vanhoucke, V., Ioffe, S., Shlens, J., & Wojna, Z. (2016).** *Rethinking the
  Inception Architecture for Computer Vision.* CVPR 2016; arXiv:1512.00567. Section 7, "Model
  Regularization via Label Smoothing". The idea that matters: replace the target distribution
  $q(k \\mid x) = \\delta_{k,y}$ by $q'(k \\mid x) = (1 - \\varepsilon)\\,\\delta_{k,y} + \\varepsilon\\, u(k)$,
  with $u(k) = 1/K$ in their experiments.""",
    3: """For logits $Z \\in \\mathbb{R}^{N \\times K}$ ($N$ examples, $K$ classes), labels
$y \\in \\{0, \\dots, K-1\\}^N$ and a smoothing $\\varepsilon \\in [0, 1]$, the smoothed targets are

$$Q = (1 - \\varepsilon)\\,\\mathrm{onehot}(y) + \\frac{\\varepsilon}{K}\\,\\mathbf{1}\\mathbf{1}^\\top
\\in \\mathbb{R}^{N \\times K},$$

each row summing to 1. With $\\log P = \\log\\mathrm{softmax}(Z)$ row by row (computed as
$Z - \\max - \\log\\sum\\exp$, so that nothing overflows), the loss is the mean over the $N'$ rows whose
label is not the ignore index:

$$\\ell = \\frac{1}{N'}\\sum_{n} -\\sum_{k} Q_{nk} \\log P_{nk}
= (1 - \\varepsilon)\\,\\mathrm{NLL} + \\frac{\\varepsilon}{K} \\cdot \\frac{1}{N'}\\sum_n \\sum_k -\\log P_{nk}.$$

The loss is smallest when $P = Q$: the correct class gets $1 - \\varepsilon + \\varepsilon/K$, every
other class $\\varepsilon/K$, so the best logit gap is $\\log(1 + K(1 - \\varepsilon)/\\varepsilon)$, finite
for $\\varepsilon > 0$.""",
    4: """| function | mirrors |
|---|---|
| `smooth_targets` | the targets inside `torch.nn.functional.cross_entropy(..., label_smoothing=eps)` |
| `label_smoothed_cross_entropy` | `torch.nn.functional.cross_entropy(logits, labels, label_smoothing=eps)` |

PyTorch's loss uses reduction `"mean"` and `ignore_index=-100`, and computes
$(1-\\varepsilon)\\,\\mathrm{NLL} + \\frac{\\varepsilon}{K}\\sum_k -\\log p_k$, both averaged over the rows
not ignored (`cross_entropy_loss_label_smoothing` in aten/src/ATen/native/LossNLL.cpp).""",
    5: """**What to see.** We train the logits of one example directly by gradient descent (the gradient
of the loss with respect to the logits is $\\mathrm{softmax}(z) - q$). Without smoothing the gap between
the correct logit and the others keeps growing; with $\\varepsilon = 0.1$ it settles at
$\\log(1 + K(1-\\varepsilon)/\\varepsilon)$, the optimum derived in section 3 (the cell asserts both).
Szegedy et al. introduced it to regularize their ImageNet classifier (section 7); this example
quotes none of their error rates (a figure goes in only once it is checked against the paper).""",
    6: """**In PyTorch** the loss you wrote is `torch.nn.CrossEntropyLoss(label_smoothing=0.1)`; the
Hugging Face `Trainer` applies it with `TrainingArguments(label_smoothing_factor=0.1)` through its
`LabelSmoother` (transformers/trainer_pt_utils.py), which also skips the labels equal to -100.

**Exercises.** (1) Show that the loss with $\\varepsilon = 1$ does not depend on the labels.
(2) Compute the best logit gap for $K = 2$ and $\\varepsilon = 0.1$ and check it with the experiment.
**Stretch:** replace the uniform $u(k)$ by the class frequencies of a training set and compare.""",
}

SOLUTIONS = {
    "smooth_targets": '''def smooth_targets(labels, num_classes, epsilon):
    """Label-smoothed target distributions (Szegedy et al., 2016, section 7).

    labels: int array of shape (N,) with values in [0, num_classes); num_classes: K; epsilon in [0, 1].
    Returns a float64 array of shape (N, K): (1 - epsilon) * onehot(labels) + epsilon / K.
    """
    ### BEGIN SOLUTION
    labels = np.asarray(labels)
    onehot = (labels[:, None] == np.arange(num_classes)[None, :]).astype(np.float64)   # (N, K)
    return (1.0 - epsilon) * onehot + epsilon / num_classes
    ### END SOLUTION''',
    "label_smoothed_cross_entropy": '''def label_smoothed_cross_entropy(logits, labels, epsilon, ignore_index=-100):
    """Cross-entropy against smoothed targets, averaged over the rows whose label is not
    ignore_index, as torch.nn.functional.cross_entropy(logits, labels, label_smoothing=epsilon).

    logits: float array of shape (N, K); labels: int array of shape (N,); epsilon in [0, 1].
    Returns a Python float.
    """
    ### BEGIN SOLUTION
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=-1, keepdims=True)                               # (N, K): no exp overflows
    log_p = z - np.log(np.exp(z).sum(axis=-1, keepdims=True))           # (N, K) log-softmax
    labels = np.asarray(labels)
    keep = labels != ignore_index                                       # (N,)
    q = smooth_targets(np.where(keep, labels, 0), z.shape[-1], epsilon)   # (N, K)
    losses = -(q * log_p).sum(axis=-1)                                  # (N,)
    return float(losses[keep].mean())
    ### END SOLUTION''',
}

VISIBLE = {
    "smooth_targets": '''q = smooth_targets(np.array([0, 2]), 4, 0.2)
assert q.shape == (2, 4), f"expected shape (2, 4), got {q.shape}"
assert np.allclose(q.sum(axis=1), 1.0), "each row is a distribution: it must sum to 1"
assert np.allclose(q[0], [0.85, 0.05, 0.05, 0.05]), f"expected [0.85, 0.05, 0.05, 0.05], got {q[0]}"
print("smooth_targets: visible tests passed")''',
    "label_smoothed_cross_entropy": '''uniform = label_smoothed_cross_entropy(np.zeros((3, 5)), [0, 1, 4], 0.1)
assert abs(uniform - np.log(5)) < 1e-12, f"equal logits give log(K) = {np.log(5):.6f}, got {uniform}"
big = label_smoothed_cross_entropy(np.array([[1e4, 0.0, -1e4]]), np.array([0]), 0.1)
assert np.isfinite(big), "logits of 1e4 overflow exp(): subtract the row maximum first"
ignored = label_smoothed_cross_entropy(np.array([[2.0, 0.0], [0.0, 9.0]]), np.array([0, -100]), 0.0)
assert abs(ignored - np.log(1 + np.exp(-2.0))) < 1e-12, "rows labelled -100 must not count"
print("label_smoothed_cross_entropy: visible tests passed")''',
}

POINTS = {"smooth_targets": 2, "label_smoothed_cross_entropy": 4}

EXPERIMENT = '''import matplotlib.pyplot as plt

K, STEPS, LR = 10, 3000, 1.0

def train_logits(epsilon):
    """Gradient descent on the logits of one example of class 0; returns the gap after each step."""
    z = np.zeros((1, K))
    q = smooth_targets(np.array([0]), K, epsilon)                      # (1, K)
    gaps = []
    for _ in range(STEPS):
        p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()            # (1, K) softmax
        z = z - LR * (p - q)                                           # gradient of the loss
        gaps.append(z[0, 0] - z[0, 1:].max())
    return np.array(gaps)

gap_hard, gap_smooth = train_logits(0.0), train_logits(0.1)
optimum = np.log(1 + K * (1 - 0.1) / 0.1)
print(f"logit gap after {STEPS} steps: no smoothing {gap_hard[-1]:.2f} (still growing), "
      f"epsilon=0.1 {gap_smooth[-1]:.4f} (optimum {optimum:.4f})")
assert abs(gap_smooth[-1] - optimum) < 1e-3, "with smoothing the gap converges to the optimum"
assert gap_hard[-1] > optimum and gap_hard[-1] > gap_hard[-100], "without smoothing it keeps growing"

fig, ax = plt.subplots(figsize=(7, 4))
ax.plot(gap_hard, label="one-hot targets")
ax.plot(gap_smooth, label="label smoothing, epsilon = 0.1")
ax.axhline(optimum, color="gray", linestyle=":", label="optimum log(1 + K(1 - eps) / eps)")
ax.set_xlabel("gradient step"); ax.set_ylabel("correct logit minus the largest other"); ax.legend()
plt.show()'''

INDEX_ROW = '''    (26, "26_label_smoothing", "Label Smoothing", "Emerging", "Szegedy et al., 2016", 2016,
     "Targets mixed with the uniform distribution", "A bounded logit gap instead of over-confidence", "High"),
'''

RANKINGS_SECTION = '''
### 26. Label Smoothing (Szegedy et al., 2016) — notebook 26
- **Impact**: targets mixed with the uniform distribution keep a classifier from growing over-confident
- **Adoption**: one argument in PyTorch (`label_smoothing`) and in the Hugging Face Trainer (`label_smoothing_factor`)
'''
