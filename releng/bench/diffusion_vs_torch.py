"""The PyTorch side of releng/bench/diffusion-vs-torch.sh.

Trains the same epsilon-predicting denoiser as Thermogen's DenoiserTraining on two moons
(noise 0.05, 5120 rows): input x (2) followed by the 16-component sinusoidal embedding of
t (sines then cosines, frequencies 10000^(-2i/16)), mlp(18 -> H silu -> H silu -> 2),
cosine(1000) schedule (squaredcos_cap_v2), batch 256, Adam(lr 1e-3), gradient clipping to
global norm 1, EMA 0.999 of the weights; t uniform in 1..1000. Times training steps and
ancestral DDPM sampling (variance beta) of N points over all 1000 steps, in float64 (what
Thermogen computes in) and float32 with torch.set_num_threads(THREADS), and float32 on
one thread. Writes torch.json.

    /usr/bin/python3 diffusion_vs_torch.py OUT_DIR [steps 500] [hidden 64] [samples 10000] [threads 2] [repeats 3]
"""
import json
import math
import os
import sys
import time

import torch

T = 1000
BATCH = 256
EMBED = 16


def cosine_betas(steps, s=0.008, max_beta=0.999):
    f = lambda u: math.cos((u + s) / (1 + s) * math.pi / 2) ** 2
    return [min(1 - f((i + 1) / steps) / f(i / steps), max_beta) for i in range(steps)]


def moons(n, noise, gen):
    a = math.pi * torch.rand(n, generator=gen, dtype=torch.float64)
    moon = torch.arange(n) % 2
    x = torch.where(moon == 0, torch.cos(a), 1 - torch.cos(a))
    y = torch.where(moon == 0, torch.sin(a), 0.5 - torch.sin(a))
    pts = torch.stack([x, y], 1)
    return pts + noise * torch.randn(n, 2, generator=gen, dtype=torch.float64)


def embed(t, freq):
    angle = t.unsqueeze(1) * freq.unsqueeze(0)
    return torch.cat([torch.sin(angle), torch.cos(angle)], 1)


def run(dtype, steps, hidden, samples, repeats):
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    data = moons(5120, 0.05, gen).to(dtype)
    betas = torch.tensor(cosine_betas(T), dtype=torch.float64)
    abar = torch.cumprod(1 - betas, 0)
    sa, so = abar.sqrt().to(dtype), (1 - abar).sqrt().to(dtype)
    freq = torch.tensor([10000.0 ** (-2.0 * i / EMBED) for i in range(EMBED // 2)], dtype=dtype)
    net = torch.nn.Sequential(torch.nn.Linear(2 + EMBED, hidden), torch.nn.SiLU(), torch.nn.Linear(hidden, hidden),
                              torch.nn.SiLU(), torch.nn.Linear(hidden, 2)).to(dtype)
    ema = [p.detach().clone() for p in net.parameters()]
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    def train(k):
        done = 0
        while done < k:
            order = torch.randperm(data.shape[0])
            for b in range(0, data.shape[0], BATCH):
                if done == k:
                    return
                x0 = data[order[b:b + BATCH]]
                t = torch.randint(1, T + 1, (x0.shape[0],))
                eps = torch.randn_like(x0)
                xt = sa[t - 1].unsqueeze(1) * x0 + so[t - 1].unsqueeze(1) * eps
                out = net(torch.cat([xt, embed(t.to(dtype), freq)], 1))
                loss = torch.mean((out - eps) ** 2)
                opt.zero_grad(set_to_none=True)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
                opt.step()
                with torch.no_grad():
                    for e, p in zip(ema, net.parameters()):
                        e.mul_(0.999).add_(p, alpha=0.001)
                done += 1

    train(50)  # warm-up
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        train(steps)
        rates.append(steps / (time.perf_counter() - start))

    c1 = (betas * torch.cat([torch.ones(1, dtype=torch.float64), abar[:-1]]).sqrt() / (1 - abar)).to(dtype)
    c2 = ((1 - torch.cat([torch.ones(1, dtype=torch.float64), abar[:-1]])) * (1 - betas).sqrt() / (1 - abar)).to(dtype)
    sd = betas.sqrt().to(dtype)

    def sample(n):
        with torch.no_grad():
            x = torch.randn(n, 2, dtype=dtype)
            for t in range(T, 0, -1):
                tt = torch.full((n,), float(t), dtype=dtype)
                e = net(torch.cat([x, embed(tt, freq)], 1))
                x0 = (x - so[t - 1] * e) / sa[t - 1]
                x = c1[t - 1] * x0 + c2[t - 1] * x
                if t > 1:
                    x = x + sd[t - 1] * torch.randn_like(x)
            return x

    sample(100)  # warm-up
    start = time.perf_counter()
    sample(samples)
    seconds = time.perf_counter() - start
    return rates, seconds


def main():
    out = sys.argv[1]
    steps, hidden, samples, threads, repeats = 500, 64, 10000, 2, 3
    if len(sys.argv) > 2:
        steps, hidden, samples = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
        threads, repeats = int(sys.argv[5]), int(sys.argv[6])
    torch.set_num_threads(threads)
    result = {"steps": steps, "hidden": hidden, "samples": samples, "threads": threads, "torch": torch.__version__}
    # On a loaded machine torch's OpenMP threads can wait on each other longer than they
    # compute, so float32 on one thread is measured too.
    for name, dtype, n in (("float64", torch.float64, threads), ("float32", torch.float32, threads),
                           ("float32_1thread", torch.float32, 1)):
        torch.set_num_threads(n)
        rates, seconds = run(dtype, steps, hidden, samples, repeats)
        result[name] = {"train_steps_per_second": rates, "sample_seconds": seconds}
        print("torch %s %s: train steps/s %s; %d samples x %d steps in %.2f s" % (
            torch.__version__, name, " ".join("%.1f" % r for r in rates), samples, T, seconds))
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "torch.json"), "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
