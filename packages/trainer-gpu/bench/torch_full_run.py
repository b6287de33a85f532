"""Peer benchmark: a whole Adam run of the factorized attention ERM to the stopping rule in PyTorch (CPU),
the workload `attention-hd train --alpha A --d D` runs (docs/theory.md §2, §7): MP target κ₀ = 0.5
(S₀ = W₀W₀ᵀ/√(r₀d)), T tokens, labels y = softmax(h(S₀) + √Δ Ξ) with Ξ symmetric Gaussian (N(0, 1)
diagonal, N(0, 1/2) off it), loss Σ‖y − softmax(h(S))‖² + λ‖W‖²_F, S = WWᵀ/√(pd), Adam lr 0.1,
W₀ ~ N(0, 1), stop when |L_t − L_{t−1}|/d² < tol after min_steps steps. Float32, `--threads` threads.
Prints one JSON line: wall and CPU seconds of the training loop, steps, final loss/d².
Run with /usr/bin/python3 (Debian's python3-torch).
"""
import argparse, json, math, time

import torch


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--d", type=int, default=100)
    ap.add_argument("--alpha", type=float, default=0.3)
    ap.add_argument("--T", type=int, default=2)
    ap.add_argument("--kappa0", type=float, default=0.5)
    ap.add_argument("--noise", type=float, default=0.5)
    ap.add_argument("--lam", type=float, default=0.01)
    ap.add_argument("--tol", type=float, default=1e-9)
    ap.add_argument("--min-steps", type=int, default=100)
    ap.add_argument("--max-steps", type=int, default=100000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    d, T = a.d, a.T
    n = int(a.alpha * d * d)
    r0 = max(1, int(round(a.kappa0 * d)))
    eye = torch.eye(T)
    X = torch.randn(n, T, d)
    W0 = torch.randn(d, r0)
    S0 = W0 @ W0.T / math.sqrt(r0 * d)

    def h_of(S):
        H = (X @ S) @ X.transpose(1, 2)
        return (H - torch.trace(S) * eye) / math.sqrt(d)

    with torch.no_grad():
        G = torch.randn(n, T, T)
        Xi = torch.triu(G, 1) / math.sqrt(2)
        Xi = Xi + Xi.transpose(1, 2) + torch.diag_embed(torch.diagonal(G, dim1=1, dim2=2))
        Y = torch.softmax(h_of(S0) + math.sqrt(a.noise) * Xi, dim=-1)

    W = torch.randn(d, d, requires_grad=True)
    opt = torch.optim.Adam([W], lr=0.1, eps=1e-8)
    previous = float("nan")
    steps = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for step in range(1, a.max_steps + 1):
        opt.zero_grad(set_to_none=True)
        XW = X @ W
        H = (XW @ XW.transpose(1, 2) - (W * W).sum() * eye) / (d * math.sqrt(d))  # S = WWᵀ/d, h = (XSXᵀ − Tr S I)/√d
        loss = ((torch.softmax(H, dim=-1) - Y) ** 2).sum() + a.lam * (W * W).sum()
        loss.backward()
        opt.step()
        steps = step
        current = float(loss.detach()) / (d * d)
        if step >= a.min_steps and abs(current - previous) < a.tol:
            break
        previous = current
    print(json.dumps({
        "peer": "pytorch-cpu", "torch": torch.__version__, "threads": a.threads, "d": d, "n": n,
        "alpha": a.alpha, "steps": steps, "wall_s": time.perf_counter() - wall0,
        "cpu_s": time.process_time() - cpu0, "final_loss_per_d2": current,
    }))


if __name__ == "__main__":
    main()
