#!/usr/bin/python3
"""Export the snapshots of a small training run as the "induction head formation" series that
attnscope ships in resources/models/induction-formation/ (issue 22, item 2).

Each chosen snapshot becomes a Hugging Face GPT-2 folder (config.json, model.safetensors in F16,
vocab.json, merges.txt) named step-<step>; formation.json lists them in training order with the
tokens seen, and README.md says what they are and where they came from. The app loads every
folder with the same C++ loader as any GPT-2 and measures, on each, the loss on the first and the
second copy of a repeated random sequence and every head's previous-token and induction scores.

  /usr/bin/python3 tools/export_formation.py --run tiny2x64_v1 \\
      --out resources/models/induction-formation [--steps 100 200 ...]
"""
import argparse
import csv
import json
import os
import shutil
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpt2_bpe import BPE  # noqa: E402
from export_embedded import hf_config, hf_tensors, model_from_hf  # noqa: E402
from train_embedded import GPT2, CACHE  # noqa: E402


def write_f16_safetensors(path, tensors):
    header, offset, blobs = {"__metadata__": {"format": "pt"}}, 0, []
    for name, arr in tensors.items():
        b = np.ascontiguousarray(arr, dtype="<f2").tobytes()
        header[name] = {"dtype": "F16", "shape": list(arr.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    hj = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hj += b" " * ((8 - len(hj) % 8) % 8)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<Q", len(hj)))
        f.write(hj)
        for b in blobs:
            f.write(b)
    os.replace(path + ".tmp", path)


TRAIN_OPTIONS = ("n_layer", "n_head", "n_embd", "ctx", "batch", "lr", "warmup", "max_steps", "repeat_frac",
                 "repeat_frac_end", "random_copy_share", "periodic_copies", "copies_from", "snapshot_every",
                 "eval_every", "threads", "seed", "weight_decay")


def train_command(run, a):
    """The train_embedded.py command line that reproduces the run (the options it was given)."""
    parts = [f"--run {run}", "--corpus ~/.cache/attnscope/corpus-bytes"]
    for k in TRAIN_OPTIONS:
        if k not in a or a[k] is None or a[k] is False:
            continue
        flag = "--" + k.replace("_", "-")
        parts.append(flag if a[k] is True else f"{flag} {a[k]}")
    return "/usr/bin/python3 tools/train_embedded.py " + " ".join(parts)


def head_report(row, cfg):
    """The best previous-token and induction head of the last checkpoint, from the run's log."""
    heads = [f"L{l}H{h}" for l in range(cfg["n_layer"]) for h in range(cfg["n_head"])]
    if not row or f"ind_{heads[0]}" not in row:
        return ""
    prev = max(heads, key=lambda n: float(row[f"prev_{n}"]))
    half = (cfg["n_ctx"] - 1) // 2
    ind = max(heads, key=lambda n: float(row[f"ind_{n}"]))
    return (f"At the last checkpoint the **induction head is {ind}** (induction score "
            f"{float(row[f'ind_{ind}']):.2f} on {half} random tokens repeated, the training script's "
            f"test) and the **previous-token head is {prev}** ({float(row[f'prev_{prev}']):.2f} on held-out text); "
            f"the app measures its own numbers on the weights (the dock, and `tests/model/test_formation.cpp`).\n")


def write_readme(path, run, a, entries, sources, cfg, last_row):
    """What the folder is, how it was made, and the data it came from, with its licences."""
    rows = "\n".join(f"| `{e['folder']}` | {e['step']:,} | {e['tokens_seen']:,} | "
                      f"{e['val_bits_per_byte']:.3f} |" if e["val_bits_per_byte"] is not None else
                      f"| `{e['folder']}` | {e['step']:,} | {e['tokens_seen']:,} | – |" for e in entries)
    src = "\n".join(f"| {x['name']} | `{x['package']}` {x['version']} | {x['license']} |" for x in sources["sources"])
    text = f"""# induction-formation: an induction head forming, in {len(entries)} checkpoints

*Written by `tools/export_formation.py` from the snapshots of training run `{run}`; re-run it after
each new run.*

A {cfg['n_layer']}-layer, {cfg['n_head']}-head, {cfg['n_embd']}-wide GPT-2 with a byte-level vocabulary
({cfg['vocab_size']} tokens: the 256 bytes and `<|endoftext|>`) and a {cfg['n_ctx']}-token context,
trained by attnscope on a CPU in about five minutes (one thread). Each folder is the model at one step
of that run, as a Hugging Face GPT-2 folder (`config.json`, `model.safetensors` in F16, `vocab.json`,
`merges.txt`): the app's "How an induction head forms" dock loads every one with the same loader as
any GPT-2 and measures, on the same repeated random sequence, the loss on its first and second copy
and every head's previous-token and induction score (nothing measured is stored here).

It reproduces, at toy scale, the experiment of Olsson et al. (2022), "In-context Learning and
Induction Heads": a phase change (here between steps 500 and 800) in which a previous-token head
in layer 0 and an induction head in layer 1 form together, and the loss on the second copy of a
random sequence falls far below the loss on the first. It is for teaching; it is not a useful
language model.

{head_report(last_row, cfg)}
## How it was trained

```sh
{train_command(run, a)}
/usr/bin/python3 tools/export_formation.py --run {run} --out resources/models/induction-formation --steps {' '.join(str(e['step']) for e in entries)}
```

The batches mix English text with rows of random bytes repeated with a random period (4 to
{a['ctx'] // 2} bytes, `--periodic-copies`); such rows are {a['repeat_frac']:.0%} of each batch at the
start and {a['repeat_frac_end']:.0%} at the end (falling linearly). The run is deterministic: the same
command gives the same weights (checked: two runs had identical losses at every evaluation).
The byte-level corpus is the text of `attnscope-small`'s corpus (`tools/README.md`).

| checkpoint | step | tokens seen | held-out bits per byte |
|---|---:|---:|---:|
{rows}

## Training data

The English rows come from these public-domain or permissively licensed sources (the same corpus
as `../attnscope-small`, whose `MODEL_CARD.md` gives the sizes and, as its licence asks, the
WordNet 3.0 notice in full):

| source | package | licence |
|---|---|---|
{src}

The random rows are drawn from a seeded generator and carry no data.
"""
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, nargs="*", help="snapshots to ship (default: every 200th)")
    args = ap.parse_args()
    run_dir = os.path.join(CACHE, "train", args.run)
    snaps = sorted(f for f in os.listdir(run_dir) if f.startswith("snap_") and f.endswith(".pt"))
    available = {int(f[5:11]): os.path.join(run_dir, f) for f in snaps}
    steps = args.steps or [s for s in sorted(available) if s % 200 == 0]
    missing = [s for s in steps if s not in available]
    if missing:
        sys.exit(f"no snapshot for steps {missing} in {run_dir}")
    log = {int(r["step"]): r for r in csv.DictReader(open(os.path.join(run_dir, "log.csv")))}

    if os.path.isdir(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    entries, train_args = [], None
    for step in steps:
        ck = torch.load(available[step], map_location="cpu")
        cfg, tok, train_args = ck["model_cfg"], ck["tokenizer"], ck["args"]
        model = GPT2(cfg["vocab_size"], cfg["n_ctx"], cfg["n_layer"], cfg["n_head"], cfg["n_embd"], cfg["eps"])
        model.load_state_dict(ck["model"])  # the raw weights: an average would blur the phase change
        model.eval()
        bpe = BPE(tok["n_merges"])
        folder = f"step-{step:06d}"
        out = os.path.join(args.out, folder)
        os.makedirs(out)
        tensors = hf_tensors(model)
        write_f16_safetensors(os.path.join(out, "model.safetensors"), tensors)
        conf = hf_config(cfg, bpe.eot_id)
        conf["torch_dtype"] = "float16"
        with open(os.path.join(out, "config.json"), "w") as f:
            json.dump(conf, f, indent=2)
        bpe.write(out)
        # The F16 file means the same model, up to F16 rounding of the weights.
        back = {k: v.astype(np.float16).astype(np.float32) for k, v in tensors.items()}
        ids = torch.tensor([bpe.encode("It is a truth universally acknowledged")])
        with torch.no_grad():
            d = (model(ids) - model_from_hf(back, cfg)(ids)).abs().max().item()
        assert d < 0.05, (step, d)
        row = log.get(step, {})
        entries.append({"folder": folder, "step": step, "tokens_seen": step * train_args["batch"] * train_args["ctx"],
                        "train_loss": float(row["train_loss"]) if row.get("train_loss") else None,
                        "val_bits_per_byte": float(row["val_bpb"]) if row.get("val_bpb") else None})
        print(f"{folder}: {os.path.getsize(os.path.join(out, 'model.safetensors')):,} bytes", file=sys.stderr)

    sources = json.load(open(os.path.join(train_args["corpus"], "sources.json")))
    with open(os.path.join(args.out, "formation.json"), "w") as f:
        json.dump({"format": "attnscope-formation", "version": 1, "run": args.run,
                   "checkpoints": entries, "train_args": train_args}, f, indent=1)
    write_readme(os.path.join(args.out, "README.md"), args.run, train_args, entries, sources, cfg, log.get(steps[-1], {}))
    total = sum(os.path.getsize(os.path.join(dp, fn)) for dp, _, fns in os.walk(args.out) for fn in fns)
    print(f"{len(entries)} checkpoints, {total:,} bytes in all -> {args.out}", file=sys.stderr)
    return sources


if __name__ == "__main__":
    main()
