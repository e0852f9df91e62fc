"""The PyTorch side of releng/bench/vae-vs-torch.sh.

Trains the same two-level VAE as Thermogen's VaeVersusTorch on the 8x8 digits (pixels / 16,
the first 1500 rows for training, the other 297 held out): encoders q(z1|x) = 64 -> H relu
-> [mu 16, logvar 16] and q(z2|z1) = 16 -> H relu -> [mu 8, logvar 8], decoders p(z1|z2) =
8 -> H relu -> [mu 16, logvar 16] and p(x|z1) = 16 -> H relu -> logits 64 (Bernoulli),
p(z2) = N(0, I). The loss is minus the one-sample ELBO with the corrected terms of notes 04
C.2: log p(x|z1) + log p(z1|z2) - log q(z1|x) - KL(q(z2|z1) || N(0, I)), the last analytic.
Adam(lr) on shuffled mini-batches, weights by torch's default init (Thermogen uses He).

    /usr/bin/python3 vae_vs_torch.py DIGITS.csv OUT_DIR [epochs batch lr hidden repeats]

Times training alone (no evaluation inside the timed loop) in float32 (torch's default) and
float64 (Thermogen's precision) on 2 threads, and float32 on 1 thread, then computes the held-out ELBO (10 draws per row) and the
importance-weighted bound (K = 100) of the last run of each, and writes torch.json.
"""
import json
import math
import os
import sys
import time

import numpy as np
import torch
from torch import nn

LOG2PI = math.log(2 * math.pi)


def mlp(n_in, hidden, n_out):
    return nn.Sequential(nn.Linear(n_in, hidden), nn.ReLU(), nn.Linear(hidden, n_out))


class TwoLevelVae(nn.Module):
    def __init__(self, hidden, d=64, h1=16, h2=8):
        super().__init__()
        self.h1, self.h2 = h1, h2
        self.enc1 = mlp(d, hidden, 2 * h1)
        self.enc2 = mlp(h1, hidden, 2 * h2)
        self.dec2 = mlp(h2, hidden, 2 * h1)
        self.dec1 = mlp(h1, hidden, d)

    def log_weight_terms(self, x, analytic_top):
        """Per-row one-sample ELBO (analytic top KL) or log importance weight."""
        mu1, lv1 = self.enc1(x).chunk(2, dim=1)
        e1 = torch.randn_like(mu1)
        z1 = mu1 + torch.exp(0.5 * lv1) * e1
        mu2, lv2 = self.enc2(z1).chunk(2, dim=1)
        e2 = torch.randn_like(mu2)
        z2 = mu2 + torch.exp(0.5 * lv2) * e2
        logits = self.dec1(z1)
        rec = (x * logits - nn.functional.softplus(logits)).sum(1)
        pm, plv = self.dec2(z2).chunk(2, dim=1)
        log_p_z1 = -0.5 * (LOG2PI + plv + (z1 - pm) ** 2 * torch.exp(-plv)).sum(1)
        log_q_z1 = -0.5 * (LOG2PI + lv1 + e1 ** 2).sum(1)
        if analytic_top:
            top = -0.5 * (mu2 ** 2 + torch.expm1(lv2) - lv2).sum(1)
        else:
            top = (-0.5 * (LOG2PI + z2 ** 2)).sum(1) + 0.5 * (LOG2PI + lv2 + e2 ** 2).sum(1)
        return rec + log_p_z1 - log_q_z1 + top


# Untimed training before the timed runs, on both sides (VaeVersusTorch.WARM_UP_SECONDS).
WARM_UP_SECONDS = 8


def train(x, epochs, batch, lr, hidden, seed, dtype):
    torch.manual_seed(seed)
    model = TwoLevelVae(hidden).to(dtype)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    n = x.shape[0]
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(n)
        for b in range(0, n, batch):
            xb = x[perm[b:b + batch]]
            loss = -model.log_weight_terms(xb, True).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model, time.perf_counter() - start


@torch.no_grad()
def evaluate(model, x, samples, weighted):
    terms = torch.stack([model.log_weight_terms(x, not weighted) for _ in range(samples)])
    if weighted:
        return float((torch.logsumexp(terms, 0) - math.log(samples)).mean())
    return float(terms.mean())


def main():
    csv, out = sys.argv[1], sys.argv[2]
    epochs, batch, lr, hidden, repeats = 20, 100, 1e-3, 128, 3
    if len(sys.argv) > 3:
        epochs, batch, lr = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
        hidden, repeats = int(sys.argv[6]), int(sys.argv[7])
    data = np.loadtxt(csv, delimiter=",")[:, :64] / 16.0
    result = {"epochs": epochs, "batch": batch, "lr": lr, "hidden": hidden, "train_rows": 1500,
              "torch": torch.__version__}
    # float32_1thread: on a loaded machine torch's OpenMP threads can wait on each other
    # far longer than they compute; one thread shows torch without that cost.
    for name, dtype, threads in (("float32", torch.float32, 2), ("float64", torch.float64, 2),
                                 ("float32_1thread", torch.float32, 1)):
        torch.set_num_threads(threads)
        train_x = torch.tensor(data[:1500], dtype=dtype)
        test_x = torch.tensor(data[1500:], dtype=dtype)
        rates = []
        model = None
        # The first run timed on its own, then untimed runs until WARM_UP_SECONDS have passed,
        # as on Thermogen's side (VaeVersusTorch.java), and the timed runs.
        begin = time.perf_counter()
        _, seconds = train(train_x, epochs, batch, lr, hidden, 99, dtype)
        first = epochs * train_x.shape[0] / seconds
        while time.perf_counter() - begin < WARM_UP_SECONDS:
            train(train_x, epochs, batch, lr, hidden, 99, dtype)
        for r in range(repeats):
            model, seconds = train(train_x, epochs, batch, lr, hidden, r, dtype)
            rates.append(epochs * train_x.shape[0] / seconds)
        torch.manual_seed(1000)
        elbo = evaluate(model, test_x, 10, False)
        iwae = evaluate(model, test_x, 100, True)
        result[name] = {"examples_per_second": rates, "first_run_examples_per_second": first,
                        "test_elbo": elbo, "test_iwae100": iwae, "threads": threads}
        print("torch %s: %d epochs, batch %d, lr %g, hidden %d; first run %.0f examples/s; examples/s %s;"
              " test ELBO %.3f, IWAE(100) %.3f"
              % (name, epochs, batch, lr, hidden, first, " ".join("%.0f" % v for v in rates), elbo, iwae))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "torch.json"), "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
