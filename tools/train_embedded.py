#!/usr/bin/python3
"""Train attnscope's small embedded GPT-2 on the CPU (Debian's torch 1.13 + OpenBLAS).

Exact GPT-2 architecture (learned token and position embeddings, pre-LN blocks with fused qkv
c_attn + c_proj, 4x MLP with tanh-approximated GELU (HF 'gelu_new'), final ln_f, lm head tied
to wte, layer_norm_epsilon 1e-5, dropout 0, GPT-2 init), so that tools/export_embedded.py can
write a Hugging Face GPT2LMHeadModel folder that the C++ core loads like any other GPT-2.

Data: tools/build_corpus.py + `tools/gpt2_bpe.py encode-corpus` -> ~/.cache/attnscope/corpus/
{train,val}.bin (uint16 ids, each document preceded by <|endoftext|>).

Everything for one run lives in ~/.cache/attnscope/train/<run>/:
  ckpt.pt        latest checkpoint: model, optimizer, RNG states, step, data position, args
                 (written atomically every --ckpt-minutes and on exit / SIGTERM / SIGINT)
  snap_<step>.pt model-only snapshots every --snapshot-every steps
  log.csv        one row per evaluation: train/val loss, val perplexity and bits per byte,
                 copy loss on repeated random tokens, previous-token and induction score of
                 every head
  stdout.log     (when started as in tools/README.md)

`--resume` continues a run exactly where its checkpoint left it (same data order, same LR
schedule: the schedule spans --max-steps, over as many sessions as it takes).
"""
import argparse
import csv
import json
import math
import os
import random
import signal
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

CACHE = os.path.expanduser("~/.cache/attnscope")


# --------------------------------------------------------------------------- model

class Attention(nn.Module):
    def __init__(self, d, n_head):
        super().__init__()
        self.n_head = n_head
        self.c_attn = nn.Linear(d, 3 * d)
        self.c_proj = nn.Linear(d, d)

    def forward(self, x, want=False):
        B, T, C = x.shape
        H = self.n_head
        q, k, v = self.c_attn(x).split(C, dim=2)
        q = q.view(B, T, H, C // H).transpose(1, 2)
        k = k.view(B, T, H, C // H).transpose(1, 2)
        v = v.view(B, T, H, C // H).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(C // H))
        mask = torch.ones(T, T, dtype=torch.bool, device=x.device).triu(1)
        att = att.masked_fill(mask, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        y = self.c_proj(y)
        if want:
            return y, {"attn": att, "q": q, "k": k, "v": v}
        return y, None


class MLP(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.c_fc = nn.Linear(d, 4 * d)
        self.c_proj = nn.Linear(4 * d, d)

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate="tanh"))


class Block(nn.Module):
    def __init__(self, d, n_head, eps):
        super().__init__()
        self.ln_1 = nn.LayerNorm(d, eps=eps)
        self.attn = Attention(d, n_head)
        self.ln_2 = nn.LayerNorm(d, eps=eps)
        self.mlp = MLP(d)

    def forward(self, x, want=False):
        a, rec = self.attn(self.ln_1(x), want)
        x = x + a
        x = x + self.mlp(self.ln_2(x))
        return x, rec


class GPT2(nn.Module):
    def __init__(self, vocab_size, n_ctx, n_layer, n_head, n_embd, eps=1e-5):
        super().__init__()
        assert n_embd % n_head == 0
        self.cfg = dict(vocab_size=vocab_size, n_ctx=n_ctx, n_layer=n_layer, n_head=n_head,
                        n_embd=n_embd, eps=eps)
        self.wte = nn.Embedding(vocab_size, n_embd)
        self.wpe = nn.Embedding(n_ctx, n_embd)
        self.h = nn.ModuleList(Block(n_embd, n_head, eps) for _ in range(n_layer))
        self.ln_f = nn.LayerNorm(n_embd, eps=eps)
        self.apply(self._init)
        for name, p in self.named_parameters():   # GPT-2: residual projections scaled
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * n_layer))

    @staticmethod
    def _init(m):
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, mean=0.0, std=0.02)
        elif isinstance(m, nn.LayerNorm):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)

    def forward(self, idx, want=False):
        B, T = idx.shape
        pos = torch.arange(T, device=idx.device)
        x = self.wte(idx) + self.wpe(pos)[None]
        recs = []
        for blk in self.h:
            x, rec = blk(x, want)
            recs.append(rec)
        x = self.ln_f(x)
        logits = x @ self.wte.weight.t()
        return (logits, recs) if want else logits


def n_params(model):
    return sum(p.numel() for p in model.parameters())


# --------------------------------------------------------------------------- data

class Data:
    """Epoch-wise random permutation of non-overlapping (T+1)-token windows of train.bin,
    with a per-epoch random offset; position = (epoch, index). Deterministic from the seed."""

    def __init__(self, path, T, seed):
        self.data = np.fromfile(path, dtype=np.uint16)
        self.T, self.seed = T, seed
        self._epoch = None

    def _plan(self, epoch):
        if self._epoch != epoch:
            rng = np.random.default_rng([self.seed, epoch])
            off = int(rng.integers(self.T))
            n = (len(self.data) - 1 - off) // self.T
            self._perm = rng.permutation(n)
            self._off, self._epoch = off, epoch
        return self._off, self._perm

    def window(self, epoch, idx):
        off, perm = self._plan(epoch)
        s = off + int(perm[idx]) * self.T
        return self.data[s:s + self.T + 1].astype(np.int64)

    def batch(self, pos, B, repeat_n, eot, random_n=0, vocab_lo=256, varied=False, periodic=False):
        """pos = [epoch, idx] (advanced in place). The first repeat_n rows are copying practice:
        [EOT] + span + span (span = the first T/2 tokens of the window), or with `varied` a span
        of random length 8..T/2 at a random place in the text (text, span, span, text), so that
        no fixed offset predicts the copy and only looking the token up in context does. Of
        those, the first random_n use a span of uniformly random tokens instead; with `periodic`
        such a row is [EOT] + the random span over and over (period 4..T/2), so that most of its
        tokens can be predicted by looking back one period: the induction task, dense. Random choices
        are seeded by the position, so a resumed run sees the same rows."""
        rows = []
        for b in range(B):
            off, perm = self._plan(pos[0])
            if pos[1] >= len(perm):
                pos[0], pos[1] = pos[0] + 1, 0
            w = self.window(pos[0], pos[1])
            pos[1] += 1
            if b < repeat_n:
                g = np.random.default_rng([self.seed, pos[0], pos[1], 7])
                if periodic and b < random_n:
                    L = int(g.integers(4, self.T // 2 + 1))
                    span = g.integers(vocab_lo, eot, size=L).astype(np.int64)
                    w = np.concatenate([[eot], np.tile(span, self.T // L + 2)])[: self.T + 1]
                elif varied:
                    L = int(g.integers(8, self.T // 2 + 1))
                    p = int(g.integers(0, self.T + 2 - 2 * L))
                    span = w[p:p + L]
                    if b < random_n:
                        span = g.integers(vocab_lo, eot, size=L).astype(np.int64)
                    w = np.concatenate([w[:p], span, span, w[p + L:]])[: self.T + 1]
                else:
                    L = self.T // 2
                    span = w[:L]
                    if b < random_n:
                        span = g.integers(vocab_lo, eot, size=L).astype(np.int64)
                    w = np.concatenate([[eot], span, span])[: self.T + 1]
            rows.append(w)
        a = torch.from_numpy(np.stack(rows))
        return a[:, :-1].contiguous(), a[:, 1:].contiguous()


# --------------------------------------------------------------------------- evaluation

def random_token_floor(eot):
    """Random sequences use merged tokens (ids from 256 on) where the vocabulary has merges,
    so that they are whole tokens; a byte-level vocabulary (no merges) uses the bytes."""
    return 256 if eot > 512 else 0


@torch.no_grad()
def evaluate(model, val, T, n_windows, byte_len, eot, n_prev=16, n_ind=8, seed=1234):
    model.eval()
    n_all = (len(val) - 1) // T
    n_windows = min(n_windows, n_all)
    starts = [int((j + 0.5) * n_all / n_windows) * T for j in range(n_windows)]
    tot_loss, tot_tok, tot_bytes = 0.0, 0, 0
    for i in range(0, len(starts), 16):
        w = np.stack([val[s:s + T + 1].astype(np.int64) for s in starts[i:i + 16]])
        x, y = torch.from_numpy(w[:, :-1]), torch.from_numpy(w[:, 1:])
        logits = model(x)
        tot_loss += F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1),
                                    reduction="sum").item()
        tot_tok += y.numel()
        tot_bytes += int(byte_len[y.numpy()].sum())
    val_loss = tot_loss / tot_tok
    bpb = tot_loss / tot_bytes / math.log(2)

    # previous-token score: mean attention on position i-1 over natural validation text
    w = np.stack([val[s:s + T].astype(np.int64) for s in starts[:n_prev]])
    _, recs = model(torch.from_numpy(w), want=True)
    prev = []
    for rec in recs:
        a = rec["attn"]                                     # B,H,T,T
        d = torch.diagonal(a, offset=-1, dim1=-2, dim2=-1)  # B,H,T-1 : a[i, i-1]
        prev.append(d.mean(dim=(0, 2)).tolist())

    # induction score on [EOT] + r + r, r = L random merged tokens
    g = torch.Generator().manual_seed(seed)
    L = (T - 1) // 2
    r = torch.randint(random_token_floor(eot), eot, (n_ind, L), generator=g)
    seq = torch.cat([torch.full((n_ind, 1), eot), r, r], dim=1)          # 1 + 2L <= T
    logits, recs = model(seq, want=True)
    ind = []
    qpos = torch.arange(1 + L, 1 + 2 * L)          # second occurrence of r[j] at 1+L+j
    kpos = qpos - L + 1                            # token after its first occurrence: 2+j
    for rec in recs:
        a = rec["attn"][:, :, qpos, kpos]            # B,H,L
        ind.append(a.mean(dim=(0, 2)).tolist())
    lp = F.cross_entropy(logits[:, :-1].reshape(-1, logits.size(-1)), seq[:, 1:].reshape(-1),
                         reduction="none").view(n_ind, -1)
    rep_first = lp[:, 1:L].mean().item()           # predicting r[1..] in the first copy
    rep_second = lp[:, L + 1:].mean().item()       # predicting r[1..] in the second copy
    model.train()
    return dict(val_loss=val_loss, val_ppl=math.exp(val_loss), val_bpb=bpb, val_tokens=tot_tok,
                rep_loss_first=rep_first, rep_loss_second=rep_second, prev=prev, ind=ind)


# --------------------------------------------------------------------------- training

def lr_at(step, a):
    if step < a.warmup:
        return a.lr * (step + 1) / a.warmup
    if step >= a.max_steps:
        return a.lr * a.min_lr_frac
    p = (step - a.warmup) / max(1, a.max_steps - a.warmup)
    return a.lr * (a.min_lr_frac + (1 - a.min_lr_frac) * 0.5 * (1 + math.cos(math.pi * p)))


def atomic_save(obj, path):
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


def init_weights_from(model, folder, vocab_size, args):
    """Loads an exported HF GPT-2 folder into `model` (a continued run starts from it)."""
    from export_embedded import read_safetensors, model_from_hf
    with open(os.path.join(folder, "config.json")) as f:
        hc = json.load(f)
    want = dict(vocab_size=vocab_size, n_ctx=args.ctx, n_layer=args.n_layer,
                n_head=args.n_head, n_embd=args.n_embd)
    got = {k: hc.get("n_positions" if k == "n_ctx" else k) for k in want}
    if got != want:
        sys.exit(f"{folder}/config.json: shape {got} does not match this run's {want}")
    tensors, _ = read_safetensors(os.path.join(folder, "model.safetensors"))
    cfg = dict(model.cfg)
    model.load_state_dict(model_from_hf(tensors, cfg).state_dict())
    print(f"initialised from {folder}", flush=True)


RESUMABLE_OVERRIDES = ("max_time", "threads", "ckpt_minutes", "eval_every", "eval_windows",
                       "snapshot_every", "max_steps", "log_every", "stop_at")


def main():
    ap = argparse.ArgumentParser(description="train the embedded GPT-2 (CPU, resumable)")
    ap.add_argument("--run", required=True, help="run name: ~/.cache/attnscope/train/<run>/")
    ap.add_argument("--resume", action="store_true", help="continue the run's ckpt.pt")
    ap.add_argument("--corpus", default=os.path.join(CACHE, "corpus"))
    ap.add_argument("--n-layer", type=int, default=4)
    ap.add_argument("--n-head", type=int, default=4)
    ap.add_argument("--n-embd", type=int, default=256)
    ap.add_argument("--ctx", type=int, default=256)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--min-lr-frac", type=float, default=0.1)
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--max-steps", type=int, default=None,
                    help="total steps of the whole (multi-session) run; the cosine spans them")
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--clip", type=float, default=1.0)
    ap.add_argument("--repeat-frac", type=float, default=0.1,
                    help="fraction of each batch made of a natural span repeated twice (at step 0)")
    ap.add_argument("--repeat-frac-end", type=float, default=None,
                    help="fraction at --max-steps; the fraction falls linearly from --repeat-frac "
                         "to this (default: constant). In-context repetition early makes induction "
                         "heads form sooner; annealing it keeps the end of training on natural text")
    ap.add_argument("--sinusoidal-wpe", action="store_true",
                    help="initialise the (still learned) position embeddings with sines and cosines "
                         "at GPT-2's init scale: relative offsets are then a linear map away, and a "
                         "previous-token head forms sooner")
    ap.add_argument("--varied-copies", action="store_true",
                    help="copy spans of random length at random places (no fixed offset to learn)")
    ap.add_argument("--random-copy-share", type=float, default=0.0,
                    help="share of the copy rows whose span is random tokens instead of text")
    ap.add_argument("--copies-from", type=int, default=0,
                    help="no copy rows before this step: the model first learns from text alone "
                         "(where previous-token heads form), then meets the copying")
    ap.add_argument("--periodic-copies", action="store_true",
                    help="random copy rows repeat their span to the end of the row (period "
                         "4..ctx/2) instead of once: most tokens then reward an induction head, "
                         "and a 2-layer model forms one within a few hundred steps")
    ap.add_argument("--ema", type=float, default=0.998,
                    help="decay of an exponential moving average of the weights (0: none); "
                         "evaluated too, and exportable: a usable model before the LR anneals")
    ap.add_argument("--init-from", default=None,
                    help="start from the weights of an exported Hugging Face folder (e.g. the "
                         "shipped resources/models/attnscope-small) instead of GPT-2's random "
                         "init; its shape must match --n-layer/--n-head/--n-embd/--ctx")
    ap.add_argument("--seed", type=int, default=1337)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--max-time", type=float, default=0, help="seconds for this session (0: no limit)")
    ap.add_argument("--stop-at", type=int, default=0, help="stop at this step (0: max-steps)")
    ap.add_argument("--ckpt-minutes", type=float, default=5)
    ap.add_argument("--eval-every", type=int, default=100)
    ap.add_argument("--eval-windows", type=int, default=128)
    ap.add_argument("--snapshot-every", type=int, default=1000)
    ap.add_argument("--log-every", type=int, default=10)
    args = ap.parse_args()
    given = {x[2:].split("=")[0].replace("-", "_") for x in sys.argv[1:] if x.startswith("--")}

    run_dir = os.path.join(CACHE, "train", args.run)
    ckpt_path = os.path.join(run_dir, "ckpt.pt")
    os.makedirs(run_dir, exist_ok=True)
    torch.set_num_threads(args.threads)

    ckpt = None
    if args.resume:
        ckpt = torch.load(ckpt_path, map_location="cpu")
        saved = argparse.Namespace(**ckpt["args"])
        for k in RESUMABLE_OVERRIDES:           # only these may change on resume
            if k in given:
                setattr(saved, k, getattr(args, k))
        saved.resume, saved.run = True, args.run
        args = saved
    elif os.path.exists(ckpt_path):
        sys.exit(f"{ckpt_path} exists: pass --resume, or choose another --run")
    if args.max_steps is None:
        sys.exit("--max-steps is required for a new run")

    with open(os.path.join(args.corpus, "tokens.json")) as f:
        tok = json.load(f)
    vocab_size, eot = tok["vocab_size"], tok["eot_id"]
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from gpt2_bpe import BPE
    bpe = BPE(tok["n_merges"])
    assert bpe.vocab_size == vocab_size and bpe.eot_id == eot
    byte_len = np.array(bpe.byte_lengths(eot_bytes=0), dtype=np.int64)

    data = Data(os.path.join(args.corpus, "train.bin"), args.ctx, args.seed)
    val = np.fromfile(os.path.join(args.corpus, "val.bin"), dtype=np.uint16)

    torch.manual_seed(args.seed)
    random.seed(args.seed)
    np.random.seed(args.seed)
    model = GPT2(vocab_size, args.ctx, args.n_layer, args.n_head, args.n_embd)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}],
                            lr=args.lr, betas=(0.9, 0.95), eps=1e-8)
    step, pos, tokens_seen, elapsed_total = 0, [0, 0], 0, 0.0
    ema_model = None
    if args.ema:
        ema_model = GPT2(vocab_size, args.ctx, args.n_layer, args.n_head, args.n_embd)
        ema_model.load_state_dict(model.state_dict())
        ema_model.requires_grad_(False)
    if ckpt is None and getattr(args, "sinusoidal_wpe", False):
        with torch.no_grad():
            P, C = model.wpe.weight.shape
            at = torch.arange(P, dtype=torch.float32)[:, None]
            freq = torch.exp(-math.log(10000.0) * torch.arange(0, C, 2, dtype=torch.float32) / C)
            w = torch.zeros(P, C)
            w[:, 0::2], w[:, 1::2] = torch.sin(at * freq), torch.cos(at * freq)
            model.wpe.weight.copy_(w * 0.02 * math.sqrt(2.0))  # per-element std 0.02, as GPT-2's init
        if ema_model is not None:
            ema_model.load_state_dict(model.state_dict())
    if ckpt is None and getattr(args, "init_from", None):
        init_weights_from(model, args.init_from, vocab_size, args)
        if ema_model is not None:
            ema_model.load_state_dict(model.state_dict())
    if ckpt is not None:
        model.load_state_dict(ckpt["model"])
        if ema_model is not None:
            ema_model.load_state_dict(ckpt["ema"] if ckpt.get("ema") else ckpt["model"])
        opt.load_state_dict(ckpt["optimizer"])
        step, pos = ckpt["step"], list(ckpt["data_pos"])
        tokens_seen, elapsed_total = ckpt["tokens_seen"], ckpt["elapsed_s"]
        torch.set_rng_state(ckpt["rng"]["torch"])
        np.random.set_state(ckpt["rng"]["numpy"])
        random.setstate(ckpt["rng"]["python"])
        del ckpt
    with open(os.path.join(run_dir, "config.json"), "w") as f:
        json.dump({"args": vars(args), "model": model.cfg, "n_params": n_params(model),
                   "tokenizer": tok}, f, indent=1)

    def save():
        atomic_save({"model": model.state_dict(), "optimizer": opt.state_dict(),
                     "ema": ema_model.state_dict() if ema_model is not None else None,
                     "step": step, "data_pos": list(pos), "tokens_seen": tokens_seen,
                     "elapsed_s": elapsed_total + (time.time() - t_session),
                     "args": vars(args), "model_cfg": model.cfg, "tokenizer": tok,
                     "rng": {"torch": torch.get_rng_state(), "numpy": np.random.get_state(),
                             "python": random.getstate()}}, ckpt_path)

    stop = {"flag": False}

    def on_signal(signum, frame):
        stop["flag"] = True
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    log_path = os.path.join(run_dir, "log.csv")
    heads = [f"L{l}H{h}" for l in range(args.n_layer) for h in range(args.n_head)]
    cols = (["step", "tokens", "elapsed_s", "lr", "train_loss", "val_loss", "val_ppl", "val_bpb",
             "rep_loss_first", "rep_loss_second", "best_prev", "best_ind",
             "ema_val_loss", "ema_val_bpb"]
            + ["prev_" + h for h in heads] + ["ind_" + h for h in heads])
    if not os.path.exists(log_path):
        with open(log_path, "w", newline="") as f:
            csv.writer(f).writerow(cols)

    print(f"run {args.run}: {n_params(model):,} params, vocab {vocab_size}, "
          f"{len(data.data):,} train tokens, step {step}/{args.max_steps}, pos {pos}, "
          f"threads {torch.get_num_threads()}", flush=True)

    def do_eval(train_loss):
        ev = evaluate(model, val, args.ctx, args.eval_windows, byte_len, eot)
        prev = [x for row in ev["prev"] for x in row]
        ind = [x for row in ev["ind"] for x in row]
        bp, bi = int(np.argmax(prev)), int(np.argmax(ind))
        row = [step, tokens_seen, round(elapsed_total + time.time() - t_session, 1),
               f"{lr_at(max(step - 1, 0), args):.3e}",
               "" if train_loss is None else f"{train_loss:.4f}",
               f"{ev['val_loss']:.4f}", f"{ev['val_ppl']:.2f}", f"{ev['val_bpb']:.4f}",
               f"{ev['rep_loss_first']:.3f}", f"{ev['rep_loss_second']:.3f}",
               f"{heads[bp]}:{prev[bp]:.3f}", f"{heads[bi]}:{ind[bi]:.3f}"]
        ema_txt = ""
        if ema_model is not None:
            ee = evaluate(ema_model, val, args.ctx, args.eval_windows, byte_len, eot,
                          n_prev=1, n_ind=1)
            row += [f"{ee['val_loss']:.4f}", f"{ee['val_bpb']:.4f}"]
            ema_txt = f" | ema val loss {ee['val_loss']:.4f} bpb {ee['val_bpb']:.4f}"
        else:
            row += ["", ""]
        row += [f"{x:.4f}" for x in prev] + [f"{x:.4f}" for x in ind]
        with open(log_path, "a", newline="") as f:
            csv.writer(f).writerow(row)
        print(f"eval step {step}: val loss {ev['val_loss']:.4f} ppl {ev['val_ppl']:.2f} "
              f"bpb {ev['val_bpb']:.4f} | repeat loss 1st {ev['rep_loss_first']:.2f} "
              f"2nd {ev['rep_loss_second']:.2f} | best prev {heads[bp]} {prev[bp]:.3f} "
              f"best ind {heads[bi]} {ind[bi]:.3f}{ema_txt}", flush=True)

    t_session = time.time()
    t_ckpt = time.time()
    end_step = args.stop_at if args.stop_at else args.max_steps
    def repeat_rows_at(s):
        if s < getattr(args, "copies_from", 0):
            return 0
        end = getattr(args, "repeat_frac_end", None)
        frac = args.repeat_frac if end is None else \
            args.repeat_frac + (end - args.repeat_frac) * min(1.0, s / args.max_steps)
        return int(round(frac * args.batch))
    if step == 0:
        do_eval(None)
    model.train()
    loss_acc, loss_n, t_log, tok_log = 0.0, 0, time.time(), 0
    while step < end_step and not stop["flag"]:
        lr = lr_at(step, args)
        for g in opt.param_groups:
            g["lr"] = lr
        n_rep = repeat_rows_at(step)
        n_rand = int(round(getattr(args, "random_copy_share", 0.0) * n_rep))
        x, y = data.batch(pos, args.batch, n_rep, eot, n_rand, random_token_floor(eot),
                          getattr(args, "varied_copies", False), getattr(args, "periodic_copies", False))
        logits = model(x)
        loss = F.cross_entropy(logits.view(-1, logits.size(-1)), y.view(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        gn = torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        opt.step()
        if ema_model is not None:
            with torch.no_grad():
                ep, mp = list(ema_model.parameters()), list(model.parameters())
                dec = min(args.ema, (1 + step) / (10 + step))   # warm-up of the average
                torch._foreach_mul_(ep, dec)
                torch._foreach_add_(ep, mp, alpha=1 - dec)
        step += 1
        tokens_seen += x.numel()
        tok_log += x.numel()
        loss_acc += loss.item()
        loss_n += 1
        if step % args.log_every == 0:
            dt = time.time() - t_log
            print(f"step {step} loss {loss.item():.4f} lr {lr:.2e} gnorm {gn:.2f} "
                  f"{tok_log / dt:.0f} tok/s epoch {pos[0]} ({pos[1]}/{len(data._perm)})",
                  flush=True)
            t_log, tok_log = time.time(), 0
        if step % args.eval_every == 0 or step == end_step:
            do_eval(loss_acc / max(1, loss_n))
            loss_acc, loss_n = 0.0, 0
        if args.snapshot_every and step % args.snapshot_every == 0:
            atomic_save({"model": model.state_dict(), "model_cfg": model.cfg, "step": step,
                         "ema": ema_model.state_dict() if ema_model is not None else None,
                         "tokenizer": tok, "args": vars(args)},
                        os.path.join(run_dir, f"snap_{step:06d}.pt"))
        if time.time() - t_ckpt > 60 * args.ckpt_minutes:
            save()
            t_ckpt = time.time()
        if args.max_time and time.time() - t_session > args.max_time:
            break
    save()
    print(f"saved {ckpt_path} at step {step} ({tokens_seen:,} tokens)", flush=True)


if __name__ == "__main__":
    main()
