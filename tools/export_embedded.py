#!/usr/bin/python3
"""Export a tools/train_embedded.py checkpoint as a Hugging Face GPT-2 folder, and write
reference data (logits, attention, q/k/v) for the C++ tests.

  export_embedded.py --ckpt ~/.cache/attnscope/train/<run>/ckpt.pt --out DIR [--weights ema]
      DIR/config.json        GPT2LMHeadModel config (gelu_new, eps 1e-5, tied head)
      DIR/model.safetensors  F32, HF names (wte.weight, h.0.attn.c_attn.weight [in, out], ...),
                             written by hand, then read back with our own parser and compared
      DIR/vocab.json, DIR/merges.txt   GPT-2's first N merges + <|endoftext|> = id 256+N
      DIR/attnscope_export.json        provenance: run, step, tokens, metrics at export

  export_embedded.py --ckpt ... --reference OUT.json [--prompt TEXT ...]
      For each prompt: token ids (our Python GPT-2 BPE), logits [T][V], and per layer:
      attn [H][T][T] (softmax probabilities), q, k, v [H][T][head_dim] (q not yet scaled by
      1/sqrt(head_dim)), all flattened row-major into JSON float lists, plus shapes.
      `<|endoftext|>` in a prompt is the special token.
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from gpt2_bpe import BPE  # noqa: E402
from train_embedded import GPT2  # noqa: E402


def load_model(ckpt_path, weights="ema"):
    ck = torch.load(ckpt_path, map_location="cpu")
    cfg = ck["model_cfg"]
    model = GPT2(cfg["vocab_size"], cfg["n_ctx"], cfg["n_layer"], cfg["n_head"], cfg["n_embd"],
                 cfg["eps"])
    sd = ck["model"]
    if weights == "ema":
        if ck.get("ema"):
            sd = ck["ema"]
        else:
            print("no EMA weights in the checkpoint: exporting the raw weights", file=sys.stderr)
            weights = "raw"
    model.load_state_dict(sd)
    model.eval()
    return model, ck, weights


def hf_tensors(model):
    """torch model -> ordered {HF GPT-2 name: float32 numpy array}. nn.Linear weights are
    [out, in]; GPT-2's Conv1D stores [in, out], hence the transposes."""
    sd = {k: v.detach().float().cpu().numpy() for k, v in model.state_dict().items()}
    out = {"wte.weight": sd["wte.weight"], "wpe.weight": sd["wpe.weight"]}
    for i in range(model.cfg["n_layer"]):
        p = f"h.{i}."
        out[p + "ln_1.weight"] = sd[p + "ln_1.weight"]
        out[p + "ln_1.bias"] = sd[p + "ln_1.bias"]
        for lin in ("attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj"):
            out[p + lin + ".weight"] = np.ascontiguousarray(sd[p + lin + ".weight"].T)
            out[p + lin + ".bias"] = sd[p + lin + ".bias"]
        out[p + "ln_2.weight"] = sd[p + "ln_2.weight"]
        out[p + "ln_2.bias"] = sd[p + "ln_2.bias"]
    out["ln_f.weight"] = sd["ln_f.weight"]
    out["ln_f.bias"] = sd["ln_f.bias"]
    return out


def model_from_hf(tensors, cfg):
    """Inverse of hf_tensors (used to check that the exported file means the same model)."""
    m = GPT2(cfg["vocab_size"], cfg["n_ctx"], cfg["n_layer"], cfg["n_head"], cfg["n_embd"],
             cfg["eps"])
    sd = {}
    for k, v in tensors.items():
        t = torch.from_numpy(np.array(v))
        if any(k.endswith(x + ".weight") for x in ("c_attn", "c_proj", "c_fc")):
            t = t.t().contiguous()
        sd[k] = t
    m.load_state_dict(sd)
    m.eval()
    return m


def write_safetensors(path, tensors, metadata=None):
    header, offset, blobs = {}, 0, []
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, arr in tensors.items():
        b = np.ascontiguousarray(arr, dtype="<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(arr.shape),
                        "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    hj = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hj += b" " * ((8 - len(hj) % 8) % 8)          # pad the header to a multiple of 8 bytes
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(hj)))
        f.write(hj)
        for b in blobs:
            f.write(b)
    os.replace(tmp, path)


def read_safetensors(path):
    """Minimal independent parser: returns ({name: ndarray}, metadata)."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    meta = header.pop("__metadata__", None)
    out, end_max = {}, 0
    for name, info in header.items():
        assert info["dtype"] == "F32", info
        a, b = info["data_offsets"]
        shape = tuple(info["shape"])
        assert b - a == 4 * int(np.prod(shape, dtype=np.int64)), name
        out[name] = np.frombuffer(data[a:b], dtype="<f4").reshape(shape)
        end_max = max(end_max, b)
    assert end_max == len(data), "trailing or missing data"
    return out, meta


def hf_config(cfg, eot_id):
    return {
        "model_type": "gpt2",
        "architectures": ["GPT2LMHeadModel"],
        "vocab_size": cfg["vocab_size"],
        "n_positions": cfg["n_ctx"],
        "n_ctx": cfg["n_ctx"],
        "n_embd": cfg["n_embd"],
        "n_layer": cfg["n_layer"],
        "n_head": cfg["n_head"],
        "n_inner": None,
        "activation_function": "gelu_new",
        "layer_norm_epsilon": cfg["eps"],
        "resid_pdrop": 0.0,
        "embd_pdrop": 0.0,
        "attn_pdrop": 0.0,
        "initializer_range": 0.02,
        "scale_attn_weights": True,
        "tie_word_embeddings": True,
        "bos_token_id": eot_id,
        "eos_token_id": eot_id,
        "torch_dtype": "float32",
    }


def export(args):
    model, ck, weights = load_model(args.ckpt, args.weights)
    cfg, tok = ck["model_cfg"], ck["tokenizer"]
    bpe = BPE(tok["n_merges"])
    assert bpe.vocab_size == cfg["vocab_size"] and bpe.eot_id == tok["eot_id"]
    os.makedirs(args.out, exist_ok=True)
    tensors = hf_tensors(model)
    st_path = os.path.join(args.out, "model.safetensors")
    write_safetensors(st_path, tensors, {"format": "pt"})
    with open(os.path.join(args.out, "config.json"), "w") as f:
        json.dump(hf_config(cfg, bpe.eot_id), f, indent=2)
    bpe.write(args.out)
    with open(os.path.join(args.out, "attnscope_export.json"), "w") as f:
        json.dump({"checkpoint": os.path.abspath(args.ckpt), "weights": weights,
                   "step": ck.get("step"), "tokens_seen": ck.get("tokens_seen"),
                   "train_args": ck.get("args"), "tokenizer": tok,
                   "n_params": sum(p.numel() for p in model.parameters())}, f, indent=1)

    # round trip: our parser, bit-exact tensors, same names; the model rebuilt from the file
    back, meta = read_safetensors(st_path)
    assert meta == {"format": "pt"}, meta
    assert list(back) == list(tensors), "names/order differ"
    for k in tensors:
        assert back[k].shape == tensors[k].shape and np.array_equal(back[k], tensors[k]), k
    m2 = model_from_hf(back, cfg)
    ids = torch.tensor([bpe.encode("Hello, world. It is a truth universally acknowledged")])
    with torch.no_grad():
        d = (model(ids) - m2(ids)).abs().max().item()
    assert d == 0.0, d
    # the tokenizer files reload to the same vocabulary
    v = json.load(open(os.path.join(args.out, "vocab.json"), encoding="utf-8"))
    assert v == bpe.vocab
    n_lines = sum(1 for _ in open(os.path.join(args.out, "merges.txt"), encoding="utf-8"))
    assert n_lines == tok["n_merges"] + 1
    print(f"exported {args.ckpt} ({weights} weights, step {ck.get('step')}) -> {args.out}: "
          f"{len(tensors)} tensors, {os.path.getsize(st_path):,} bytes; round trip exact",
          file=sys.stderr)


DEFAULT_PROMPTS = [
    "Hello, world!",
    "It is a truth universally acknowledged, that a single man in possession of a good "
    "fortune, must be in want of a wife.",
    "<|endoftext|>In the beginning God created the heaven and the earth.",
    "Mr. Darcy bowed to Elizabeth. Elizabeth smiled at Mr. Darcy, and Mr.",
    "the cat sat on the mat. the dog sat on the log. the cat sat on the",
]


def f32list(t):
    """float32 values as the shortest decimals that read back to the same float32."""
    return [float(np.format_float_positional(x, unique=True, trim="-"))
            for x in t.detach().float().cpu().numpy().reshape(-1)]


def reference(args):
    model, ck, weights = load_model(args.ckpt, args.weights)
    cfg, tok = ck["model_cfg"], ck["tokenizer"]
    bpe = BPE(tok["n_merges"])
    H, d = cfg["n_head"], cfg["n_embd"]
    out = {"checkpoint": os.path.abspath(args.ckpt), "weights": weights, "step": ck.get("step"),
           "config": hf_config(cfg, bpe.eot_id), "dtype": "float32",
           "layout": "row-major; logits [rows][V]; attn [H][T][T] (row = query); "
                     "q,k,v [H][T][head_dim], q unscaled", "prompts": []}
    for text in (args.prompt or DEFAULT_PROMPTS):
        ids = bpe.encode(text)[: cfg["n_ctx"]]
        with torch.no_grad():
            logits, recs = model(torch.tensor([ids]), want=True)
        T = len(ids)
        lg = logits[0] if args.logits == "all" else logits[0, -1:]
        top = torch.topk(logits[0], 5, dim=-1)
        rec = {"text": text, "ids": ids, "T": T,
               "logits_rows": "all positions" if args.logits == "all" else "last position only",
               "logits_shape": list(lg.shape), "logits": f32list(lg),
               "top5_ids": top.indices.tolist(), "top5_logits": [f32list(r) for r in top.values],
               "layers": []}
        for r in recs:
            rec["layers"].append({
                "attn_shape": [H, T, T], "attn": f32list(r["attn"][0]),
                "qkv_shape": [H, T, d // H],
                "q": f32list(r["q"][0]), "k": f32list(r["k"][0]), "v": f32list(r["v"][0])})
        out["prompts"].append(rec)
    tmp = args.reference + ".tmp"
    with open(tmp, "w") as f:
        json.dump(out, f)
    os.replace(tmp, args.reference)
    print(f"reference data for {len(out['prompts'])} prompts -> {args.reference} "
          f"({os.path.getsize(args.reference):,} bytes)", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description="export the embedded GPT-2 (HF folder / reference)")
    ap.add_argument("--ckpt", required=True, help="ckpt.pt or snap_<step>.pt")
    ap.add_argument("--weights", choices=("ema", "raw"), default="ema")
    ap.add_argument("--out", help="model folder to write")
    ap.add_argument("--reference", help="write reference data JSON here")
    ap.add_argument("--prompt", action="append", help="reference prompt (repeatable)")
    ap.add_argument("--logits", choices=("last", "all"), default="last",
                    help="reference: logits of the last position only (default) or of all; "
                         "top-5 ids/logits are always written for every position")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    if not args.out and not args.reference:
        ap.error("give --out and/or --reference")
    if args.out:
        export(args)
    if args.reference:
        reference(args)


if __name__ == "__main__":
    main()
