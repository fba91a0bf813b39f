#!/usr/bin/python3
"""Write the model card of attnscope's embedded model, computed on the exported weights.

  nice -n 10 /usr/bin/python3 tools/make_model_card.py \
      --model resources/models/attnscope-small --run ~/.cache/attnscope/train/emb4x256_v1

Reads the exported Hugging Face folder (config.json, model.safetensors with Conv1D [in, out]
weights, attnscope_export.json), the run's log.csv (and its checkpoint, only for the wall time
when its step is the exported one), the corpus (~/.cache/attnscope/corpus: val.bin,
sources.json, tokens.json) and the WordNet licence in /usr/share/doc/wordnet-base/copyright,
and writes into the model folder:
  loss.png       train / validation loss against tokens seen (and step), the export marked
  heads.png      previous-token, first-token and induction score of every head (layers x heads)
  MODEL_CARD.md  what the model is, sources and licences, tokenizer, architecture, commands,
                 training status, validation loss / perplexity / bits per byte on the whole
                 val.bin, sample generations, head scores, limitations
Deterministic (one thread, fixed seeds): the same export and log give the same files.
"""
import argparse
import csv
import json
import math
import os
import re
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gpt2_bpe import BPE  # noqa: E402
from export_embedded import read_safetensors, model_from_hf  # noqa: E402
from train_embedded import lr_at  # noqa: E402

CACHE = os.path.expanduser("~/.cache/attnscope")
WORDNET_COPYRIGHT = "/usr/share/doc/wordnet-base/copyright"
HARDWARE = "2-core CPU VM, shared with C++ builds; no GPU"
PROMPTS = ["A robot must obey the orders given it",
           "It is a truth universally acknowledged",
           "The President said"]
TEMPERATURES = [0.0, 0.7, 1.0]          # 0 = greedy
N_GEN = 40
N_HEAD_WINDOWS = 32                     # previous-token / first-token windows of val.bin
N_IND_SEQS = 32                         # induction: random sequences
IND_LEN = 128                           # ... of this many tokens, repeated twice
IND_FORMED = 0.1                        # an induction score above this counts as a head
SEED = 1234


# --------------------------------------------------------------------------- loading

def load_export(model_dir):
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    exp = json.load(open(os.path.join(model_dir, "attnscope_export.json")))
    assert cfg["model_type"] == "gpt2" and cfg["activation_function"] == "gelu_new", cfg
    assert cfg.get("tie_word_embeddings", True), "the card assumes a tied lm head"
    tensors, meta = read_safetensors(os.path.join(model_dir, "model.safetensors"))
    n_params = sum(int(np.prod(t.shape)) for k, t in tensors.items() if k != "lm_head.weight")
    tensors = {k: v for k, v in tensors.items() if k != "lm_head.weight"}   # tied: = wte
    mcfg = dict(vocab_size=cfg["vocab_size"], n_ctx=cfg["n_positions"], n_layer=cfg["n_layer"],
                n_head=cfg["n_head"], n_embd=cfg["n_embd"], eps=cfg["layer_norm_epsilon"])
    model = model_from_hf(tensors, mcfg)    # transposes the Conv1D [in, out] weights
    shapes = {k: tuple(v.shape) for k, v in tensors.items()}
    return model, cfg, exp, n_params, shapes


def read_log(run_dir):
    path = os.path.join(run_dir, "log.csv")
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return rows


def fnum(x):
    return float(x) if x not in (None, "") else float("nan")


def wall_time(exp, rows, run_dir):
    """(seconds, exact?) of training up to the exported step: the checkpoint's elapsed_s if
    the exported file is still that step, else interpolated from log.csv's elapsed_s."""
    step = exp["step"]
    for path in (exp.get("checkpoint"), os.path.join(run_dir, "ckpt.pt"),
                 os.path.join(run_dir, f"snap_{step:06d}.pt")):
        if path and os.path.exists(path):
            try:
                ck = torch.load(path, map_location="cpu")
            except Exception:           # being replaced right now, or not a checkpoint
                continue
            if ck.get("step") == step and "elapsed_s" in ck:
                return float(ck["elapsed_s"]), True
    pts = [(int(r["step"]), fnum(r["elapsed_s"])) for r in rows]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    if len(xs) >= 2 and step > xs[-1]:          # beyond the last row: last interval's rate
        rate = (ys[-1] - ys[-2]) / (xs[-1] - xs[-2])
        return ys[-1] + rate * (step - xs[-1]), False
    return float(np.interp(step, xs, ys)), False


# --------------------------------------------------------------------------- measurements

@torch.no_grad()
def val_metrics(model, val, T, byte_len, batch=16):
    """Loss on the whole val.bin: consecutive windows of T inputs (the last one shorter),
    each predicting the next T tokens with a fresh context; every token but the first is
    predicted exactly once. Bits per byte with <|endoftext|> counted as 0 bytes."""
    starts = list(range(0, len(val) - 1, T))
    loss_sum, n_tok, n_bytes = 0.0, 0, 0
    full = [s for s in starts if s + T + 1 <= len(val)]
    tail = [s for s in starts if s + T + 1 > len(val)]
    batches = [np.stack([val[s:s + T + 1].astype(np.int64) for s in full[i:i + batch]])
               for i in range(0, len(full), batch)]
    batches += [val[s:].astype(np.int64)[None] for s in tail]
    for w in batches:
        x, y = torch.from_numpy(w[:, :-1]), torch.from_numpy(w[:, 1:])
        logits = model(x)
        loss_sum += F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1),
                                    reduction="sum").item()
        n_tok += y.numel()
        n_bytes += int(byte_len[y.numpy()].sum())
    loss = loss_sum / n_tok
    return dict(loss=loss, ppl=math.exp(loss), bpb=loss_sum / n_bytes / math.log(2),
                tokens=n_tok, bytes=n_bytes, windows=len(starts))


@torch.no_grad()
def head_scores(model, val, T, eot, n_vocab_ordinary):
    L, H = model.cfg["n_layer"], model.cfg["n_head"]
    # previous-token and first-token scores on natural text: N evenly spaced windows of T
    n_all = (len(val) - 1) // T
    starts = [int((j + 0.5) * n_all / N_HEAD_WINDOWS) * T for j in range(N_HEAD_WINDOWS)]
    w = np.stack([val[s:s + T].astype(np.int64) for s in starts])
    n_eot_first = int((w[:, 0] == eot).sum())
    prev = torch.zeros(L, H, dtype=torch.float64)
    first = torch.zeros(L, H, dtype=torch.float64)
    for i in range(0, len(w), 8):
        _, recs = model(torch.from_numpy(w[i:i + 8]), want=True)
        for l, rec in enumerate(recs):
            a = rec["attn"].double()                               # B,H,T,T
            prev[l] += torch.diagonal(a, offset=-1, dim1=-2, dim2=-1).sum(dim=(0, 2))
            first[l] += a[:, :, 1:, 0].sum(dim=(0, 2))
    prev /= len(w) * (T - 1)
    first /= len(w) * (T - 1)
    base_nat = float(np.mean([1.0 / (i + 1) for i in range(1, T)]))

    # induction: r (IND_LEN distinct random merged tokens) repeated twice; from the second
    # occurrence of r[j] (position IND_LEN + j) to the token after its first one (j + 1)
    g = np.random.default_rng(SEED)
    lo = 256                            # merged tokens only: many byte tokens never occur
    seqs = np.stack([g.choice(np.arange(lo, n_vocab_ordinary), IND_LEN, replace=False)
                     for _ in range(N_IND_SEQS)])
    seqs = torch.from_numpy(np.concatenate([seqs, seqs], axis=1).astype(np.int64))
    assert seqs.shape[1] <= T
    q = torch.arange(IND_LEN, 2 * IND_LEN)
    k = q - IND_LEN + 1
    ind = torch.zeros(L, H, dtype=torch.float64)
    lp_first, lp_second = 0.0, 0.0
    for i in range(0, len(seqs), 8):
        logits, recs = model(seqs[i:i + 8], want=True)
        for l, rec in enumerate(recs):
            ind[l] += rec["attn"][:, :, q, k].double().sum(dim=(0, 2))
        lp = F.cross_entropy(logits[:, :-1].reshape(-1, logits.size(-1)),
                             seqs[i:i + 8, 1:].reshape(-1), reduction="none").view(-1, 2 * IND_LEN - 1)
        lp_first += lp[:, :IND_LEN - 1].sum().item()          # r[1..] in the first copy
        lp_second += lp[:, IND_LEN:].sum().item()             # r[1..] in the second copy
    ind /= len(seqs) * IND_LEN
    base_ind = float(np.mean([1.0 / (p + 1) for p in q.tolist()]))
    n = len(seqs) * (IND_LEN - 1)
    return dict(prev=prev.numpy(), first=first.numpy(), ind=ind.numpy(),
                base_nat=base_nat, base_ind=base_ind, n_eot_first=n_eot_first,
                copy_loss_first=lp_first / n, copy_loss_second=lp_second / n,
                chance_loss=math.log(n_vocab_ordinary - lo))


@torch.no_grad()
def generate(model, ids, n, temperature, seed, eot, T):
    g = torch.Generator().manual_seed(seed)
    ids = list(ids)
    out = []
    for _ in range(n):
        x = torch.tensor([ids[-T:]])
        logits = model(x)[0, -1].double()
        if temperature == 0:
            nxt = int(torch.argmax(logits))
        else:
            p = F.softmax(logits / temperature, dim=-1)
            nxt = int(torch.multinomial(p, 1, generator=g))
        ids.append(nxt)
        out.append(nxt)
        if nxt == eot:
            break
    return out


# --------------------------------------------------------------------------- figures

def plot_loss(rows, exp, val, tok_per_step, path, run_name):
    tokens = np.array([int(r["tokens"]) for r in rows]) / 1e6
    tr = np.array([fnum(r["train_loss"]) for r in rows])
    va = np.array([fnum(r["val_loss"]) for r in rows])
    ema = np.array([fnum(r.get("ema_val_loss")) for r in rows])
    fig, ax = plt.subplots(figsize=(9, 5), dpi=100)
    m = ~np.isnan(tr)
    ax.plot(tokens[m], tr[m], "o-", ms=3, color="tab:blue",
            label="train (mean of the 100 steps before; 10% copy rows)")
    ax.plot(tokens, va, "o-", ms=3, color="tab:orange", label="validation, raw weights (128 windows)")
    if not np.all(np.isnan(ema)):
        ax.plot(tokens, ema, "--", lw=1, color="tab:green",
                label="validation, EMA weights (128 windows)")
    xe = exp["tokens_seen"] / 1e6
    ax.axvline(xe, color="gray", ls=":", lw=1.2)
    ax.plot([xe], [val["loss"]], "*", ms=14, color="tab:red", zorder=5,
            label=f"exported checkpoint (step {exp['step']}, {exp['weights']} weights): "
                  f"{val['loss']:.3f} on all of val.bin")
    ax.set_xlabel("tokens seen (millions)")
    ax.set_ylabel("cross-entropy loss (nats / token)")
    ax.set_title(f"attnscope-small ({run_name}): loss during training")
    sec = ax.secondary_xaxis("top", functions=(lambda x: x * 1e6 / tok_per_step,
                                               lambda s: s * tok_per_step / 1e6))
    sec.set_xlabel("step")
    # The learning rate the run actually used (its planned length was changed on resume).
    lr = np.array([fnum(r.get("lr")) for r in rows])
    if not np.all(np.isnan(lr)):
        ax2 = ax.twinx()
        ax2.plot(tokens, lr, "-", lw=1, color="gray", alpha=0.7, label="learning rate (right axis)")
        ax2.set_ylabel("learning rate", color="gray")
        ax2.set_ylim(0, np.nanmax(lr) * 1.1)
        handles, labels = ax.get_legend_handles_labels()
        h2, l2 = ax2.get_legend_handles_labels()
        ax.legend(handles + h2, labels + l2, fontsize=8.5, loc="upper right")
    else:
        ax.legend(fontsize=8.5, loc="upper right")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def plot_heads(hs, exp, path):
    L, H = hs["prev"].shape
    panels = [("previous-token", hs["prev"], hs["base_nat"]),
              ("first-token (sink)", hs["first"], hs["base_nat"]),
              ("induction", hs["ind"], hs["base_ind"])]
    fig, axes = plt.subplots(1, 3, figsize=(12, 4.2), dpi=100)
    for ax, (name, s, base) in zip(axes, panels):
        im = ax.imshow(s, vmin=0, vmax=1, cmap="viridis", aspect="equal")
        for l in range(L):
            for h in range(H):
                v = s[l, h]
                ax.text(h, l, f"{v:.3f}\n{v / base:.1f}x", ha="center", va="center",
                        fontsize=8, color="white" if v < 0.6 else "black")
        ax.set_xticks(range(H))
        ax.set_yticks(range(L))
        ax.set_xlabel("head")
        ax.set_ylabel("layer")
        ax.set_title(f"{name}\nuniform baseline {base:.4f}", fontsize=10)
        fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04)
    fig.suptitle(f"attnscope-small step {exp['step']} ({exp['weights']} weights): mean attention "
                 "weight (cell: score, score / baseline)", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


# --------------------------------------------------------------------------- card

def fmt_int(n):
    return f"{n:,}"


def top3(s, base):
    L, H = s.shape
    order = sorted(((float(s[l, h]), l, h) for l in range(L) for h in range(H)), reverse=True)[:3]
    return ", ".join(f"L{l}H{h} {v:.3f} ({v / base:.1f}x)" for v, l, h in order)


def wordnet_notice():
    """The WordNet 3.0 licence text from Debian's copyright file, verbatim."""
    with open(WORDNET_COPYRIGHT, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = next(j for j, x in enumerate(lines) if x.startswith("License: WordNet3.0"))
    out = []
    for x in lines[i + 1:]:
        if not x.startswith(" "):
            break
        x = x[1:]
        out.append("" if x == "." else x)
    text = "\n".join(out).strip("\n")
    assert "WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved." in text
    return text


def escape_fence(s):
    return s.replace("```", "'''")


def schedule_history(run_dir):
    """Each (re)start of the run as (step, planned max_steps), from the run's stdout.log: the
    planned length may be shortened on resume (--max-steps), which changes the cosine."""
    path = os.path.join(run_dir, "stdout.log")
    starts = []
    if os.path.exists(path):
        for line in open(path, encoding="utf-8", errors="replace"):
            m = re.search(r"step (\d+)/(\d+), pos", line)
            if line.startswith("run ") and m:
                starts.append((int(m.group(1)), int(m.group(2))))
    return starts


def stage1_sections(card_path):
    """The commands and training record of the card of the weights a run started from, headings
    one level down. A stage-1 card that was itself staged keeps its own Stage 1 too."""
    text = open(card_path, encoding="utf-8").read()
    keep, fenced, out = False, False, []
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if line.startswith("## ") and not fenced:
            keep = line[3:].startswith(("How it was made", "Training so far", "Stage 1"))
        if keep:
            out.append("#" + line if line.startswith("#") and not fenced else line)
    return "\n".join(out) + "\n"


def write_card(path, a):
    exp, cfg, hs, val = a["exp"], a["cfg"], a["hs"], a["val"]
    ta = exp["train_args"]
    tok = exp["tokenizer"]
    src = a["sources"]
    L, H, d, T, V = cfg["n_layer"], cfg["n_head"], cfg["n_embd"], cfg["n_positions"], cfg["vocab_size"]
    run = ta["run"]
    step, max_steps = exp["step"], ta["max_steps"]
    lr_now = lr_at(max(step - 1, 0), argparse.Namespace(**ta))
    hours = a["wall_s"] / 3600
    wall_txt = (f"{hours:.2f} h" if a["wall_exact"]
                else f"about {hours:.2f} h (interpolated from log.csv)")
    emb = V * d + T * d
    per_block = a["n_params"] - emb - 2 * d
    last = a["rows"][-1]
    ind_max = float(hs["ind"].max())
    p = []
    w = p.append
    w("# attnscope-small\n")
    w(f"*Generated by `tools/make_model_card.py` from the exported weights in this folder "
      f"(step {step} of run `{run}`); re-run it after each export.*\n")
    w("## What it is\n")
    w(f"A {L}-layer, {H}-head, {d}-wide GPT-2 ({fmt_int(a['n_params'])} parameters) that attnscope "
      "trained itself on a small public-domain English corpus, on a CPU. It is the app's default "
      "model: it ships in the repository so that `./run` works offline and so that every head, "
      "query, key and value can be shown without a download. It is meant for **teaching** how "
      "self-attention works (stepping through generation, looking at what heads attend to). It "
      "is **not a useful language model**: it writes locally plausible but incoherent English, "
      "knows nothing reliable, and must not be used for anything that needs correct or safe "
      "text. For real behaviour, open an original GPT-2 folder (see the main README).\n")
    w("Files: `config.json` (Hugging Face `GPT2LMHeadModel`, `gelu_new`, eps 1e-5, tied head), "
      "`model.safetensors` (F32, Hugging Face names, Conv1D `[in, out]` weights), `vocab.json`, "
      "`merges.txt`, `attnscope_export.json` (provenance), this card, `loss.png`, `heads.png`.\n")

    w("## Training data\n")
    w(f"{len(src['sources'])} public-domain / permissively licensed sources, all read from Debian "
      "packages except the State of the Union addresses (npm), built by `tools/build_corpus.py`. "
      "Documents are separated by `<|endoftext|>`; 2% of each source's documents (evenly spaced) "
      "are held out for validation.\n")
    w("| source | package | version | licence | docs | bytes | words |")
    w("|---|---|---|---|---:|---:|---:|")
    for s in src["sources"]:
        pkg = f"`{s['package']}`"
        if s["package"].endswith(" (npm)"):            # "@scope/name@version (npm)"
            pkg = f"`{s['package'][:-6].rsplit('@', 1)[0]}` (npm)"
        w(f"| {s['name']} | {pkg} | {s['version']} | {s['license']} | {s['docs']} | "
          f"{fmt_int(s['bytes'])} | {fmt_int(s['words'])} |")
    w("")
    w(f"Totals: train {fmt_int(src['train_bytes'])} bytes / {src['train_docs']} documents / "
      f"{fmt_int(tok['train']['tokens'])} tokens; validation {fmt_int(src['val_bytes'])} bytes / "
      f"{src['val_docs']} documents / {fmt_int(tok['val']['tokens'])} tokens. What was left out "
      "of each source is listed in `tools/README.md`.\n")
    w("### WordNet notice\n")
    w("The corpus contains example sentences and glosses from WordNet 3.0, whose licence asks "
      "that its copyright notice, statements and disclaimer appear on all copies. Verbatim "
      f"from `{WORDNET_COPYRIGHT}`:\n")
    w("```text")
    w(a["wordnet"])
    w("```\n")

    w("## Tokenizer\n")
    w(f"GPT-2's byte-level BPE truncated to its first {tok['n_merges']} merges: vocabulary "
      f"{V} = 256 byte tokens + {tok['n_merges']} merges + `<|endoftext|>` (id {tok['eot_id']}). "
      "In GPT-2's `vocab.json` ids 0..255 are the byte tokens and id 256+r is merge r's result, "
      "so these ids are a prefix of GPT-2's and the app's exact C++ GPT-2 tokenizer reads "
      "`vocab.json` / `merges.txt` unchanged. Why 4096: at width 256 the tied output layer is "
      "~25% of the compute at 4k tokens (~40% at 8k); 4096 merges give 3.48 bytes/token on the "
      "validation text (8192: 3.82, GPT-2's 50000: 4.53), and fewer rarely-seen embeddings for "
      "a 7 M-token corpus.\n")

    w("## Architecture\n")
    w(f"Exact GPT-2: learned token and position embeddings, {L} pre-LayerNorm blocks (fused "
      f"`c_attn` q/k/v, {H} heads of {d // H}, `c_proj`; MLP {d} -> {4 * d} -> {d} with tanh GELU), "
      f"final `ln_f`, output layer tied to the token embedding. Context {T} tokens, no dropout.\n")
    w(f"Parameters, counted from `model.safetensors` (the tied output layer once): "
      f"**{fmt_int(a['n_params'])}** = token embedding {fmt_int(V * d)} + position embedding "
      f"{fmt_int(T * d)} + {L} blocks x {fmt_int(per_block // L)} + `ln_f` {2 * d}.\n")

    staged = bool(ta.get("init_from"))
    w("## How it was made (commands)\n")
    if staged:
        w(f"In two stages. **Stage 1** trained the model from GPT-2's random init on text with 10% copy rows "
          "(its commands and record are in *Stage 1* below, as its own card gave them). **Stage 2** (run "
          f"`{run}`) started from stage 1's exported weights and trained on with dense in-context repetition: "
          "rows of random merged tokens repeated with a period of 4..128 (`--periodic-copies`) and rows of text "
          "spans repeated once, together "
          f"{100 * ta['repeat_frac']:.0f}% of each batch at the start, falling linearly to "
          f"{100 * (ta.get('repeat_frac_end') if ta.get('repeat_frac_end') is not None else ta['repeat_frac']):.0f}% "
          f"at the end ({100 * ta.get('random_copy_share', 0):.0f}% of those rows random). This is what made "
          "the 2-layer model of `resources/models/induction-formation` form an induction head; here it forms "
          "one in a few hundred steps while the English loss recovers.\n")
    w("```sh")
    w("# corpus + tokenized train.bin / val.bin in ~/.cache/attnscope/corpus (deterministic)")
    w("tools/build_corpus.sh")
    w(f"# train (started once; {run})")
    w(f"R={run} && mkdir -p ~/.cache/attnscope/train/$R && \\")
    w("setsid nohup nice -n 10 /usr/bin/python3 tools/train_embedded.py --run $R \\")
    if staged:
        w(f"  --init-from {ta['init_from']} \\")
    w(f"  --n-layer {ta['n_layer']} --n-head {ta['n_head']} --n-embd {ta['n_embd']} "
      f"--ctx {ta['ctx']} --batch {ta['batch']} --lr {ta['lr']:g} --warmup {ta['warmup']} \\")
    extra = ""
    if ta.get("repeat_frac_end") is not None:
        extra += f" --repeat-frac-end {ta['repeat_frac_end']:g}"
    if ta.get("random_copy_share"):
        extra += f" --random-copy-share {ta['random_copy_share']:g}"
    if ta.get("periodic_copies"):
        extra += " --periodic-copies"
    if ta.get("ema"):
        extra += f" --ema {ta['ema']:g}"
    w(f"  --max-steps {max_steps} --repeat-frac {ta['repeat_frac']:g}{extra} \\")
    w("  >> ~/.cache/attnscope/train/$R/stdout.log 2>&1 < /dev/null &")
    w("# resume in a later session (model, schedule and data order come from ckpt.pt)")
    w("setsid nohup nice -n 10 /usr/bin/python3 tools/train_embedded.py --run $R --resume \\")
    w("  >> ~/.cache/attnscope/train/$R/stdout.log 2>&1 < /dev/null &")
    w("# ship: export, PyTorch reference for the C++ test, this card, the head report")
    if staged and a.get("base_commit"):
        w(f"# (stage 2 starts from the stage-1 export as committed at {a['base_commit']}:")
        w(f"#  git checkout {a['base_commit']} -- resources/models/attnscope-small, and keep its card)")
        w(f"git show {a['base_commit']}:resources/models/attnscope-small/MODEL_CARD.md > /tmp/stage1_card.md")
    w(f"tools/ship_embedded.sh $R {exp['weights']}" + (" /tmp/stage1_card.md" if staged else ""))
    w("```\n")

    w("## Training so far\n")
    w("| | |\n|---|---|")
    w(f"| exported step | **{step}** of {max_steps} planned ({100 * step / max_steps:.1f}%) |")
    w(f"| tokens seen{' in stage 2' if staged else ''} | {fmt_int(exp['tokens_seen'])} "
      f"({exp['tokens_seen'] / tok['train']['tokens']:.2f} passes over the training tokens) |")
    w(f"| wall time | {wall_txt} |")
    w(f"| hardware | {HARDWARE} |")
    if staged:
        w(f"| batch | {ta['batch']} x {ta['ctx']} = {fmt_int(ta['batch'] * ta['ctx'])} tokens/step; copy rows as "
          "above (random periodic rows and `[EOT] + span + span` text rows) |")
    else:
        w(f"| batch | {ta['batch']} x {ta['ctx']} = {fmt_int(ta['batch'] * ta['ctx'])} tokens/step; "
          f"{100 * ta['repeat_frac']:.0f}% of each batch is `[EOT] + span + span` (copying practice) |")
    w(f"| optimiser | AdamW (0.9, 0.95), weight decay {ta['weight_decay']:g} on matrices, "
      f"clip {ta['clip']:g}, seed {ta['seed']} |")
    w(f"| schedule | lr {ta['lr']:g}, linear warm-up {ta['warmup']} steps, cosine to "
      f"{ta['lr'] * ta['min_lr_frac']:g} at step {max_steps} "
      f"({fmt_int(max_steps * ta['batch'] * ta['ctx'])} tokens); lr at the exported step "
      f"{lr_now:.3g} |")
    changes = [(step_at, new) for (step_at, new), (_, old) in zip(a["starts"][1:], a["starts"][:-1]) if new != old]
    if changes:
        w("| schedule changes | the run was planned for " + fmt_int(a["starts"][0][1]) + " steps; to finish "
          "within the sessions' time on this 2-core machine the planned length was shortened on resume: " +
          "; ".join(f"at step {fmt_int(at)} to {fmt_int(new)}" for at, new in changes) +
          ". Each change moved the cosine: the learning rate dropped at once to the new curve's value "
          "(see the lr curve in loss.png) |")
    ema_note = ("exponential moving average of the weights (decay min(0.998, (1+step)/(10+step)), "
                "~500 steps)" if exp["weights"] == "ema" else
                "the optimiser's current weights, not the exponential moving average that the run also "
                "keeps")
    w(f"| exported weights | **{exp['weights']}**: {ema_note} |")
    w(f"| run's log at card time | last row step {last['step']} (val loss {fnum(last['val_loss']):.3f} "
      f"on its 128 windows) |")
    w("")
    w("### Validation (exported weights, all of `val.bin`)\n")
    w(f"{fmt_int(val['tokens'])} predicted tokens ({fmt_int(val['bytes'])} bytes of text) in "
      f"{val['windows']} consecutive windows of up to {T} tokens, each with a fresh context:\n")
    w("| loss (nats/token) | perplexity | bits per byte |")
    w("|---:|---:|---:|")
    w(f"| {val['loss']:.4f} | {val['ppl']:.2f} | {val['bpb']:.4f} |")
    w("")
    w("Bits per byte = total loss / bytes of text / ln 2 (`<|endoftext|>` counts 0 bytes), "
      f"comparable across tokenizers. For scale: a uniform guess over {V} tokens is "
      f"{math.log(V):.2f} nats/token; the training log's validation numbers use a fixed "
      "subset of 128 windows, so they differ slightly from these.\n")
    w("![loss](loss.png)\n")
    w("`loss.png`: train loss (mean of the 100 steps before each evaluation; includes the easier "
      "copy rows) and validation loss (128 fixed windows) from `log.csv`, raw and EMA weights; "
      "the star is the exported checkpoint on all of `val.bin`. The EMA curve lags far behind at "
      "the first steps because the average's warm-up term was added after the run had "
      "started.\n")

    if staged and a.get("base_card"):
        w("## Stage 1 (the starting weights)\n")
        w("As the card of the stage-1 export gave them (its headings one level down):\n")
        w(a["base_card"])
    w("## Sample generations\n")
    w("From the exported weights, prompt as given (no `<|endoftext|>` prefix, as the app does), "
      f"{N_GEN} new tokens, plain temperature sampling (no top-k / top-p), torch seed "
      f"{SEED} + 10 x prompt index + temperature index (0 greedy, 1 = 0.7, 2 = 1.0). "
      "The prompt is in **bold**.\n")
    for pr in a["samples"]:
        w(f"**{pr['prompt']}**\n")
        for t, text in pr["out"]:
            name = "greedy" if t == 0 else f"temperature {t:g}"
            w(f"- {name}:")
            w("  ```text")
            for line in escape_fence(pr["prompt"] + text).split("\n"):
                w("  " + line)
            w("  ```")
        w("")

    w("## Attention head scores\n")
    w("Computed on the exported weights; every score is a mean attention probability.\n")
    w(f"- **previous-token**: the weight from position i to i-1, over {N_HEAD_WINDOWS} evenly "
      f"spaced windows of {T} tokens of `val.bin`, positions i >= 1.")
    w(f"- **first-token (sink)**: the weight from position i >= 1 to position 0, same windows. "
      f"Position 0 is the window's first token, an arbitrary token in running text "
      f"({hs['n_eot_first']} of the {N_HEAD_WINDOWS} windows start with `<|endoftext|>`), as "
      "in the app, whose prompts start without one.")
    w(f"- **induction** (Olsson et al. 2022, *In-context Learning and Induction Heads*): "
      f"{N_IND_SEQS} sequences of {IND_LEN} distinct random tokens (ids 256..{V - 2}: merged "
      f"tokens, since many byte tokens never occur in the corpus; numpy seed {SEED}) repeated "
      "twice; the weight from each token of the second copy (position 128+j) to the token right "
      "after its first occurrence (position j+1).")
    w(f"- **uniform baseline**: what a head that spreads its attention evenly over the causal "
      f"prefix would score: the mean of 1/(i+1) over the query positions: "
      f"{hs['base_nat']:.4f} for previous-token and first-token (i = 1..{T - 1}), "
      f"{hs['base_ind']:.4f} for induction (i = {IND_LEN}..{2 * IND_LEN - 1}).\n")
    w("Top 3 heads (score, score / baseline):\n")
    w("| score | baseline | top 3 heads |")
    w("|---|---:|---|")
    w(f"| previous-token | {hs['base_nat']:.4f} | {top3(hs['prev'], hs['base_nat'])} |")
    w(f"| first-token | {hs['base_nat']:.4f} | {top3(hs['first'], hs['base_nat'])} |")
    w(f"| induction | {hs['base_ind']:.4f} | {top3(hs['ind'], hs['base_ind'])} |")
    w("")
    w("All heads:\n")
    w("| head | previous-token | first-token | induction |")
    w("|---|---:|---:|---:|")
    for l in range(L):
        for h in range(H):
            w(f"| L{l}H{h} | {hs['prev'][l, h]:.4f} | {hs['first'][l, h]:.4f} | "
              f"{hs['ind'][l, h]:.4f} |")
    w("")
    w(f"In-context copying on the same random sequences: loss {hs['copy_loss_first']:.2f} "
      f"nats/token on the first copy, {hs['copy_loss_second']:.2f} on the second (uniform over "
      f"the sampled range: {hs['chance_loss']:.2f}; a language model can do worse than that on "
      "random tokens, since it expects English). A model with induction heads predicts the "
      "second copy far better than the first.\n")
    w("![head scores](heads.png)\n")

    w("## Limitations / status\n")
    status = []
    status.append(f"This is an **early checkpoint** of a training run that continues in later "
                  f"sessions: step {step} of {max_steps} planned ({100 * step / max_steps:.1f}%), "
                  f"with the learning rate still at {lr_now:.3g}. Every number on this card "
                  "(loss, samples, head scores) will change when a later checkpoint is exported "
                  "and the card regenerated." if step < max_steps else
                  f"The run reached its planned {max_steps} steps.")
    if ind_max < IND_FORMED:
        status.append(f"**No induction head has formed**: the best induction score is "
                      f"{ind_max:.3f} ({ind_max / hs['base_ind']:.1f}x the uniform baseline "
                      f"{hs['base_ind']:.4f}; this card calls a head an induction head above "
                      f"{IND_FORMED}), and the second copy of a random sequence is "
                      + ("not predicted better than the first." if hs['copy_loss_second']
                         > hs['copy_loss_first'] - 0.5 else "predicted somewhat better than the first."))
    else:
        status.append(f"Induction: the best head scores {ind_max:.3f} "
                      f"({ind_max / hs['base_ind']:.0f}x the uniform baseline).")
    prev_max = float(hs["prev"].max())
    if prev_max < 5 * hs["base_nat"]:
        status.append(f"No clear previous-token head yet either (best {prev_max:.3f}, "
                      f"{prev_max / hs['base_nat']:.1f}x baseline).")
    status.append(f"With {fmt_int(a['n_params'])} parameters and ~7 M training tokens, even the "
                  "finished model will only produce locally fluent, meaningless text; its "
                  "knowledge is limited to 17th-21st century English (Austen, the King James "
                  "Bible, presidential addresses, WordNet examples, the Jargon File, Bierce) and "
                  "it reproduces the biases and archaic language of those texts.")
    status.append("Context is 256 tokens (the app will not run it past that).")
    for s in status:
        w(f"- {s}")
    w("")
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write("\n".join(p))
    os.replace(path + ".tmp", path)


# --------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description="write MODEL_CARD.md, loss.png, heads.png")
    ap.add_argument("--model", required=True, help="exported model folder (written into)")
    ap.add_argument("--run", required=True, help="training run folder (log.csv)")
    ap.add_argument("--corpus", default=os.path.join(CACHE, "corpus"))
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--base-commit", help="the commit that holds the stage-1 weights and card")
    ap.add_argument("--base-card", help="for a run started with --init-from: the card of the weights it "
                    "started from (its commands and training record are kept as Stage 1)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    t0 = time.time()

    def note(msg):
        print(f"[{time.time() - t0:6.1f}s] {msg}", file=sys.stderr, flush=True)

    model, cfg, exp, n_params, _ = load_export(args.model)
    tokj = json.load(open(os.path.join(args.corpus, "tokens.json")))
    sources = json.load(open(os.path.join(args.corpus, "sources.json")))
    bpe = BPE(tokj["n_merges"])
    assert bpe.vocab_size == cfg["vocab_size"] == tokj["vocab_size"]
    vocab_file = json.load(open(os.path.join(args.model, "vocab.json"), encoding="utf-8"))
    assert vocab_file == bpe.vocab, "the model folder's vocab.json is not this tokenizer's"
    eot = bpe.eot_id
    T = cfg["n_positions"]
    byte_len = np.array(bpe.byte_lengths(eot_bytes=0), dtype=np.int64)
    val = np.fromfile(os.path.join(args.corpus, "val.bin"), dtype=np.uint16)
    rows = read_log(args.run)
    note(f"loaded step {exp['step']} ({exp['weights']}), {n_params:,} params, {len(rows)} log rows")

    hs = head_scores(model, val, T, eot, eot)
    note("head scores")
    samples = []
    for pi, prompt in enumerate(PROMPTS):
        ids = bpe.encode(prompt)
        outs = []
        for ti, t in enumerate(TEMPERATURES):
            gen = generate(model, ids, N_GEN, t, SEED + 10 * pi + ti, eot, T)
            outs.append((t, bpe.decode(gen)))
        samples.append({"prompt": prompt, "out": outs})
    note("samples")
    val_m = val_metrics(model, val, T, byte_len)
    note(f"val loss {val_m['loss']:.4f} ppl {val_m['ppl']:.2f} bpb {val_m['bpb']:.4f} "
         f"({val_m['tokens']:,} tokens)")
    wall_s, wall_exact = wall_time(exp, rows, args.run)

    tok_per_step = exp["train_args"]["batch"] * exp["train_args"]["ctx"]
    run_name = exp["train_args"]["run"]
    plot_loss(rows, exp, val_m, tok_per_step, os.path.join(args.model, "loss.png"), run_name)
    plot_heads(hs, exp, os.path.join(args.model, "heads.png"))
    write_card(os.path.join(args.model, "MODEL_CARD.md"),
               dict(exp=exp, cfg=cfg, hs=hs, val=val_m, sources=sources, n_params=n_params,
                    rows=rows, wall_s=wall_s, wall_exact=wall_exact, samples=samples,
                    starts=schedule_history(args.run),
                    base_card=stage1_sections(args.base_card) if args.base_card else None,
                    base_commit=args.base_commit,
                    wordnet=wordnet_notice()))
    note(f"wrote MODEL_CARD.md, loss.png, heads.png in {args.model}")
    for name, s, b in (("prev", hs["prev"], hs["base_nat"]), ("first", hs["first"], hs["base_nat"]),
                       ("ind", hs["ind"], hs["base_ind"])):
        print(f"{name:5s} baseline {b:.4f}: {top3(s, b)}", file=sys.stderr)
    print(f"copy loss first {hs['copy_loss_first']:.3f} second {hs['copy_loss_second']:.3f}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
