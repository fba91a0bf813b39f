#!/usr/bin/python3
"""Writes attnscope's tiny GPT-2 test checkpoints and their reference outputs.

Run with Debian's Python (it has numpy; no torch, no transformers needed):

    /usr/bin/python3 tools/make_test_checkpoints.py            # -> tests/data/checkpoints/<variant>/
    /usr/bin/python3 tools/make_test_checkpoints.py --gpt2-shaped /tmp/gpt2-random   # benchmark only

Each variant folder has exactly the Hugging Face GPT-2 layout (config.json, model.safetensors,
vocab.json, merges.txt) plus reference.json: the outputs and instrumented intermediates of an
independent float64 numpy forward pass (see docs/test-fixtures.md for the schema and tolerances).

Everything is deterministic (fixed seeds, numpy's legacy RandomState stream, which numpy keeps
stable across versions), so regenerating gives byte-identical files.

--gpt2-shaped OUT_DIR writes a random checkpoint with GPT-2-124M's shapes (~550 MB, F32, tied,
with the h.N.attn.bias buffers as gpt2's real model.safetensors has them) and GPT-2's real
tokenizer files, for benchmarks. It is written tensor by tensor and never goes into the repo.
"""
import argparse
import json
import math
import os
import re
import shutil
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, ".."))
GPT2_DIR = os.path.join(ROOT, "resources", "tokenizers", "gpt2")
DEFAULT_OUT = os.path.join(ROOT, "tests", "data", "checkpoints")
EOT = "<|endoftext|>"

# ----------------------------------------------------------------------------------------------
# The tiny model
# ----------------------------------------------------------------------------------------------
N_MERGES = 64
TINY = dict(n_layer=2, n_head=4, n_embd=32, n_positions=16, vocab_size=256 + N_MERGES + 1,
            layer_norm_epsilon=1e-5)
EOT_ID = 256 + N_MERGES  # 320

VARIANTS = [
    # name, dtype, name prefix, mask buffers, untied lm_head, weight seed
    dict(name="tiny-f32-prefixed", dtype="F32", prefix="transformer.", buffers=True, untied=False,
         seed=1001),
    dict(name="tiny-f16", dtype="F16", prefix="", buffers=False, untied=False, seed=1002),
    dict(name="tiny-bf16-untied", dtype="BF16", prefix="", buffers=False, untied=True, seed=1003),
]

TOLERANCES = {"logits_rel": 1e-4, "attention_abs": 1e-5}

# Weight scales (see docs/test-fixtures.md). Matrices std 0.2 except c_attn, which is a little
# larger so that attention rows are clearly peaked rather than near uniform.
STD_EMB = 0.5
STD_MAT = 0.2
STD_ATTN = 0.3
STD_BIAS = 0.1
STD_LN = 0.1


# ----------------------------------------------------------------------------------------------
# Tokenizer: GPT-2's byte-level BPE truncated to the first N merges
# ----------------------------------------------------------------------------------------------
def bytes_to_unicode():
    """GPT-2's reversible byte -> printable unicode character table."""
    bs = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("\u00a1"), ord("\u00ac") + 1))
          + list(range(ord("\u00ae"), ord("\u00ff") + 1)))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs)))


def load_gpt2_tokenizer():
    with open(os.path.join(GPT2_DIR, "vocab.json"), encoding="utf-8") as f:
        vocab = json.load(f)
    with open(os.path.join(GPT2_DIR, "merges.txt"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    assert lines[0] == "#version: 0.2", lines[0]
    merges = [tuple(l.split(" ")) for l in lines[1:] if l]
    assert all(len(m) == 2 for m in merges)
    return vocab, merges


def truncated_tokenizer(n_merges):
    """vocab (token -> id, GPT-2's own ids) and the merges list for the first n_merges merges.

    Verifies that GPT-2's ids 0..255 are the 256 byte tokens and that merge rank r produces the
    token with GPT-2 id 256 + r, so the truncated ids are a prefix of GPT-2's."""
    gvocab, gmerges = load_gpt2_tokenizer()
    b2u = bytes_to_unicode()
    assert sorted(gvocab[b2u[b]] for b in range(256)) == list(range(256))
    vocab = {b2u[b]: gvocab[b2u[b]] for b in range(256)}
    for r, (a, b) in enumerate(gmerges[:n_merges]):
        assert a in vocab and b in vocab, (r, a, b)
        assert gvocab[a + b] == 256 + r, (r, a, b, gvocab[a + b])
        vocab[a + b] = 256 + r
    assert gvocab[EOT] == 50256
    vocab[EOT] = 256 + n_merges
    assert sorted(vocab.values()) == list(range(257 + n_merges))
    return vocab, gmerges[:n_merges]


# GPT-2's pre-tokenizer pattern, restricted to ASCII input (\p{L} -> [A-Za-z], \p{N} -> [0-9]);
# identical to the real one for ASCII text, which is all the reference cases use.
ASCII_PAT = re.compile(
    r"""'s|'t|'re|'ve|'m|'ll|'d| ?[A-Za-z]+| ?[0-9]+| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+""")


def bpe_encode(text, vocab, merges):
    """Encode ASCII text; the literal '<|endoftext|>' is the special token."""
    assert all(ord(c) < 128 for c in text)
    b2u = bytes_to_unicode()
    ranks = {m: r for r, m in enumerate(merges)}
    ids = []
    for si, seg in enumerate(text.split(EOT)):
        if si > 0:
            ids.append(vocab[EOT])
        for word in ASCII_PAT.findall(seg):
            parts = [b2u[b] for b in word.encode("utf-8")]
            while len(parts) > 1:
                pairs = [(ranks.get((parts[i], parts[i + 1]), None), i)
                         for i in range(len(parts) - 1)]
                pairs = [p for p in pairs if p[0] is not None]
                if not pairs:
                    break
                r = min(pairs)[0]
                a, b = merges[r]
                out, i = [], 0
                while i < len(parts):
                    if i + 1 < len(parts) and parts[i] == a and parts[i + 1] == b:
                        out.append(a + b)
                        i += 2
                    else:
                        out.append(parts[i])
                        i += 1
                parts = out
            ids.extend(vocab[p] for p in parts)
    return ids


def write_tokenizer(out_dir, vocab, merges):
    items = sorted(vocab.items(), key=lambda kv: kv[1])
    with open(os.path.join(out_dir, "vocab.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(dict(items), ensure_ascii=True))
    with open(os.path.join(out_dir, "merges.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("#version: 0.2\n")
        for a, b in merges:
            f.write(a + " " + b + "\n")


# ----------------------------------------------------------------------------------------------
# dtypes
# ----------------------------------------------------------------------------------------------
def f32_to_bf16_bits(x):
    """float32 array -> uint16 bfloat16 bits, round to nearest, ties to even (no NaN expected)."""
    x = np.ascontiguousarray(x, dtype=np.float32)
    assert np.all(np.isfinite(x))
    u = x.view(np.uint32).astype(np.uint64)
    rounded = (u + 0x7FFF + ((u >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def bf16_bits_to_f32(bits):
    return (np.asarray(bits, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)


def _self_test_bf16():
    # exact values, ties to even, and rounding up across the mantissa boundary
    cases = {
        1.0: 0x3F80, -2.0: 0xC000, 0.0: 0x0000,
        struct.unpack("<f", struct.pack("<I", 0x3F808000))[0]: 0x3F80,  # tie, even stays
        struct.unpack("<f", struct.pack("<I", 0x3F818000))[0]: 0x3F82,  # tie, odd rounds up
        struct.unpack("<f", struct.pack("<I", 0x3F808001))[0]: 0x3F81,  # above half
        struct.unpack("<f", struct.pack("<I", 0x3FFFFFFF))[0]: 0x4000,  # carry into exponent
    }
    for v, bits in cases.items():
        got = int(f32_to_bf16_bits(np.array([v], dtype=np.float32))[0])
        assert got == bits, (v, hex(got), hex(bits))
    r = np.random.RandomState(7).standard_normal(10000).astype(np.float32)
    back = bf16_bits_to_f32(f32_to_bf16_bits(r)).astype(np.float64)
    assert np.max(np.abs(back - r) / np.abs(r)) <= 2.0 ** -8  # half an ulp: 8 significant bits


def encode_tensor(arr, dtype):
    """float array -> (little-endian bytes, the float64 values those bytes decode to)."""
    a32 = np.asarray(arr, dtype=np.float32)
    if dtype == "F32":
        stored = a32.astype("<f4")
        return stored.tobytes(), stored.astype(np.float64)
    if dtype == "F16":
        assert np.max(np.abs(a32)) < 65504
        stored = a32.astype("<f2")
        return stored.tobytes(), stored.astype(np.float64)
    if dtype == "BF16":
        bits = f32_to_bf16_bits(a32).astype("<u2")
        return bits.tobytes(), bf16_bits_to_f32(bits).astype(np.float64)
    raise ValueError(dtype)


DTYPE_SIZE = {"F32": 4, "F16": 2, "BF16": 2}


# ----------------------------------------------------------------------------------------------
# safetensors, by hand
# ----------------------------------------------------------------------------------------------
def safetensors_header(entries):
    """entries: [(name, dtype, shape)] in file order -> padded header bytes (incl. the length)."""
    header = {"__metadata__": {"format": "pt"}}
    off = 0
    for name, dtype, shape in entries:
        n = DTYPE_SIZE[dtype] * int(np.prod(shape, dtype=np.int64))
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [off, off + n]}
        off += n
    hj = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hj += b" " * (-len(hj) % 8)
    return struct.pack("<Q", len(hj)) + hj, off


def write_safetensors(path, tensors):
    """tensors: [(name, dtype, shape, bytes)] -> file, packed in the given order."""
    head, total = safetensors_header([(n, d, s) for n, d, s, _ in tensors])
    with open(path, "wb") as f:
        f.write(head)
        for name, dtype, shape, data in tensors:
            assert len(data) == DTYPE_SIZE[dtype] * int(np.prod(shape, dtype=np.int64)), name
            f.write(data)
    assert os.path.getsize(path) == len(head) + total


def read_safetensors(path):
    """-> (metadata, {name: (dtype, shape, raw bytes)}); checks the layout strictly."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    assert n % 8 == 0 and 8 + n <= len(blob)
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = blob[8 + n:]
    meta = header.pop("__metadata__", None)
    out = {}
    spans = []
    for name, e in header.items():
        b, end = e["data_offsets"]
        assert end - b == DTYPE_SIZE[e["dtype"]] * int(np.prod(e["shape"], dtype=np.int64)), name
        spans.append((b, end))
        out[name] = (e["dtype"], tuple(e["shape"]), data[b:end])
    spans.sort()
    pos = 0
    for b, end in spans:  # packed, no gaps, no overlap, covers the whole buffer
        assert b == pos
        pos = end
    assert pos == len(data)
    return meta, out


def decode_raw(dtype, shape, raw):
    if dtype == "F32":
        a = np.frombuffer(raw, dtype="<f4").astype(np.float64)
    elif dtype == "F16":
        a = np.frombuffer(raw, dtype="<f2").astype(np.float64)
    elif dtype == "BF16":
        a = bf16_bits_to_f32(np.frombuffer(raw, dtype="<u2")).astype(np.float64)
    else:
        raise ValueError(dtype)
    return a.reshape(shape)


# ----------------------------------------------------------------------------------------------
# Weights
# ----------------------------------------------------------------------------------------------
def make_tiny_weights(variant, cfg):
    """-> list of (hf_name_without_prefix, float32 array) in file order."""
    rng = np.random.RandomState(variant["seed"])
    C, V, P, L = cfg["n_embd"], cfg["vocab_size"], cfg["n_positions"], cfg["n_layer"]

    def normal(shape, std):
        return (rng.standard_normal(shape) * std).astype(np.float32)

    def ln():
        return ((1.0 + normal((C,), STD_LN)).astype(np.float32), normal((C,), STD_LN))

    w = [("wte.weight", normal((V, C), STD_EMB)), ("wpe.weight", normal((P, C), STD_EMB))]
    for i in range(L):
        g1, b1 = ln()
        g2, b2 = ln()
        w += [
            (f"h.{i}.ln_1.weight", g1), (f"h.{i}.ln_1.bias", b1),
            (f"h.{i}.attn.c_attn.weight", normal((C, 3 * C), STD_ATTN)),
            (f"h.{i}.attn.c_attn.bias", normal((3 * C,), STD_BIAS)),
            (f"h.{i}.attn.c_proj.weight", normal((C, C), STD_MAT)),
            (f"h.{i}.attn.c_proj.bias", normal((C,), STD_BIAS)),
            (f"h.{i}.ln_2.weight", g2), (f"h.{i}.ln_2.bias", b2),
            (f"h.{i}.mlp.c_fc.weight", normal((C, 4 * C), STD_MAT)),
            (f"h.{i}.mlp.c_fc.bias", normal((4 * C,), STD_BIAS)),
            (f"h.{i}.mlp.c_proj.weight", normal((4 * C, C), STD_MAT)),
            (f"h.{i}.mlp.c_proj.bias", normal((C,), STD_BIAS)),
        ]
    gf, bf = ln()
    w += [("ln_f.weight", gf), ("ln_f.bias", bf)]
    if variant["untied"]:
        w.append(("lm_head.weight", normal((V, C), STD_EMB)))
    return w


# ----------------------------------------------------------------------------------------------
# Reference forward pass (independent numpy implementation)
# ----------------------------------------------------------------------------------------------
def layer_norm(x, g, b, eps):
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * g + b


def gelu_new(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def forward(W, cfg, tokens, ft=np.float64):
    """Full causal forward. W: {name: array} (no prefix). Computes in dtype `ft`.

    Returns dict with logits [T,V] and per-layer intermediates as in reference.json."""
    W = {k: np.asarray(v, dtype=ft) for k, v in W.items()}
    C, H, L = cfg["n_embd"], cfg["n_head"], cfg["n_layer"]
    d = C // H
    eps = ft(cfg["layer_norm_epsilon"])
    tokens = np.asarray(tokens, dtype=np.int64)
    T = len(tokens)
    assert 1 <= T <= cfg["n_positions"]
    assert np.all((tokens >= 0) & (tokens < cfg["vocab_size"]))
    x = W["wte.weight"][tokens] + W["wpe.weight"][:T]
    future = np.triu(np.ones((T, T), dtype=bool), k=1)  # future[t, j]: key j is after query t
    layers = []
    for i in range(L):
        p = f"h.{i}."
        rec = {"residual_in": x.copy()}
        h = layer_norm(x, W[p + "ln_1.weight"], W[p + "ln_1.bias"], eps)
        qkv = h @ W[p + "attn.c_attn.weight"] + W[p + "attn.c_attn.bias"]  # [T, 3C]
        q, k, v = (qkv[:, j * C:(j + 1) * C].reshape(T, H, d).transpose(1, 0, 2) for j in range(3))
        scores = (q @ k.transpose(0, 2, 1)) / ft(math.sqrt(d))  # [H, T, T], future included
        masked = np.where(future[None], -np.inf, scores)
        m = masked.max(axis=-1, keepdims=True)
        e = np.exp(masked - m)  # exp(-inf) = exactly 0
        attn = e / e.sum(axis=-1, keepdims=True)
        ctx = attn @ v  # [H, T, d]
        head_out = ctx.transpose(1, 0, 2).reshape(T, C)
        x = x + head_out @ W[p + "attn.c_proj.weight"] + W[p + "attn.c_proj.bias"]
        h2 = layer_norm(x, W[p + "ln_2.weight"], W[p + "ln_2.bias"], eps)
        a = gelu_new(h2 @ W[p + "mlp.c_fc.weight"] + W[p + "mlp.c_fc.bias"])
        x = x + a @ W[p + "mlp.c_proj.weight"] + W[p + "mlp.c_proj.bias"]
        rec.update(q=q, k=k, v=v, scores=scores, attn=attn, head_out=head_out)
        layers.append(rec)
    final_residual = x
    hf = layer_norm(x, W["ln_f.weight"], W["ln_f.bias"], eps)
    head = W["lm_head.weight"] if "lm_head.weight" in W else W["wte.weight"]
    logits = hf @ head.T
    return {"logits": logits, "layers": layers, "final_residual": final_residual}


def forward_loop(W, cfg, tokens):
    """A second, deliberately different formulation: position by position with a growing
    key/value cache, per head with explicit loops. Returns logits [T, V] and attn per layer."""
    C, H, L = cfg["n_embd"], cfg["n_head"], cfg["n_layer"]
    d = C // H
    eps = cfg["layer_norm_epsilon"]
    cache = [([], []) for _ in range(L)]
    logits, attns = [], [np.zeros((H, len(tokens), len(tokens))) for _ in range(L)]
    for t, tok in enumerate(tokens):
        x = W["wte.weight"][tok] + W["wpe.weight"][t]
        for i in range(L):
            p = f"h.{i}."
            h = layer_norm(x, W[p + "ln_1.weight"], W[p + "ln_1.bias"], eps)
            qkv = h @ W[p + "attn.c_attn.weight"] + W[p + "attn.c_attn.bias"]
            q, k, v = qkv[:C], qkv[C:2 * C], qkv[2 * C:]
            cache[i][0].append(k)
            cache[i][1].append(v)
            out = np.zeros(C)
            for hh in range(H):
                sl = slice(hh * d, (hh + 1) * d)
                s = np.array([np.dot(q[sl], kk[sl]) for kk in cache[i][0]]) / math.sqrt(d)
                pr = np.exp(s - s.max())
                pr /= pr.sum()
                attns[i][hh, t, :t + 1] = pr
                out[sl] = sum(pj * vv[sl] for pj, vv in zip(pr, cache[i][1]))
            x = x + out @ W[p + "attn.c_proj.weight"] + W[p + "attn.c_proj.bias"]
            h2 = layer_norm(x, W[p + "ln_2.weight"], W[p + "ln_2.bias"], eps)
            x = x + gelu_new(h2 @ W[p + "mlp.c_fc.weight"] + W[p + "mlp.c_fc.bias"]) \
                @ W[p + "mlp.c_proj.weight"] + W[p + "mlp.c_proj.bias"]
        hf = layer_norm(x, W["ln_f.weight"], W["ln_f.bias"], eps)
        head = W["lm_head.weight"] if "lm_head.weight" in W else W["wte.weight"]
        logits.append(head @ hf)
    return np.array(logits), attns


# ----------------------------------------------------------------------------------------------
# reference.json
# ----------------------------------------------------------------------------------------------
def fmt_float(v):
    v = float(v)
    assert math.isfinite(v)
    if v == 0.0:
        return "0"
    return "%.9g" % v


def to_json(obj, indent=0):
    """JSON with floats as %.9g; lists of numbers on one line, nested lists one row per line."""
    pad = "  " * indent
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [pad + "  " + json.dumps(k) + ": " + to_json(v, indent + 1) for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, np.ndarray):
        obj = obj.tolist()
    if isinstance(obj, (list, tuple)):
        if all(isinstance(e, (int, float)) and not isinstance(e, bool) for e in obj):
            return "[" + ",".join(str(e) if isinstance(e, int) else fmt_float(e) for e in obj) + "]"
        return "[\n" + ",\n".join(pad + "  " + to_json(e, indent + 1) for e in obj) + "\n" + pad + "]"
    if isinstance(obj, float):
        return fmt_float(obj)
    return json.dumps(obj)


def reference_cases(vocab, merges, cfg):
    text_a = EOT + "Hello, the cat"
    tok_a = bpe_encode(text_a, vocab, merges)
    rng = np.random.RandomState(2024)
    tok_b = [int(t) for t in rng.randint(0, cfg["vocab_size"], size=cfg["n_positions"])]
    text_c = " the"
    tok_c = bpe_encode(text_c, vocab, merges)
    assert len(tok_c) == 1 and tok_a[0] == EOT_ID and len(tok_a) <= cfg["n_positions"]
    return [(text_a, tok_a), (None, tok_b), (text_c, tok_c)]


def case_record(text, tokens, res):
    return {
        "text": text,
        "tokens": list(tokens),
        "logits": res["logits"],
        "layers": [{k: rec[k] for k in ("residual_in", "q", "k", "v", "scores", "attn", "head_out")}
                   for rec in res["layers"]],
        "final_residual": res["final_residual"],
    }


# ----------------------------------------------------------------------------------------------
# config.json
# ----------------------------------------------------------------------------------------------
def hf_config(n_layer, n_head, n_embd, n_positions, vocab_size, eot_id, torch_dtype, tied):
    cfg = {
        "activation_function": "gelu_new",
        "architectures": ["GPT2LMHeadModel"],
        "attn_pdrop": 0.1,
        "bos_token_id": eot_id,
        "embd_pdrop": 0.1,
        "eos_token_id": eot_id,
        "initializer_range": 0.02,
        "layer_norm_epsilon": 1e-05,
        "model_type": "gpt2",
        "n_ctx": n_positions,
        "n_embd": n_embd,
        "n_head": n_head,
        "n_inner": None,
        "n_layer": n_layer,
        "n_positions": n_positions,
        "reorder_and_upcast_attn": False,
        "resid_pdrop": 0.1,
        "scale_attn_by_inverse_layer_idx": False,
        "scale_attn_weights": True,
        "summary_activation": None,
        "summary_first_dropout": 0.1,
        "summary_proj_to_labels": True,
        "summary_type": "cls_index",
        "summary_use_proj": True,
        "torch_dtype": torch_dtype,
        "use_cache": True,
        "vocab_size": vocab_size,
    }
    if not tied:  # transformers writes only non-default values; tying is the default
        cfg["tie_word_embeddings"] = False
    return cfg


TORCH_DTYPE = {"F32": "float32", "F16": "float16", "BF16": "bfloat16"}


# ----------------------------------------------------------------------------------------------
# The tiny fixtures
# ----------------------------------------------------------------------------------------------
def make_variant(variant, out_root, vocab, merges):
    cfg = dict(TINY)
    name, dtype, prefix = variant["name"], variant["dtype"], variant["prefix"]
    out_dir = os.path.join(out_root, name)
    os.makedirs(out_dir, exist_ok=True)
    L, P = cfg["n_layer"], cfg["n_positions"]

    # weights -> stored bytes and the float64 values they decode to
    weights = make_tiny_weights(variant, cfg)
    stored = {}
    tensors = []
    for wname, arr in weights:
        raw, dec = encode_tensor(arr, dtype)
        stored[wname] = dec
        tensors.append((prefix + wname, dtype, arr.shape, raw))
        if variant["buffers"] and wname.endswith("attn.c_proj.bias"):
            # after the block's attention weights: the causal-mask buffers, F32 whatever the dtype
            i = int(wname.split(".")[1])
            tril = np.tril(np.ones((P, P), dtype="<f4")).reshape(1, 1, P, P)
            tensors.append((f"{prefix}h.{i}.attn.bias", "F32", tril.shape, tril.tobytes()))
            tensors.append((f"{prefix}h.{i}.attn.masked_bias", "F32", (),
                            np.array(-1e4, dtype="<f4").tobytes()))
    if variant["untied"]:
        assert not np.array_equal(stored["lm_head.weight"], stored["wte.weight"])
    st_path = os.path.join(out_dir, "model.safetensors")
    write_safetensors(st_path, tensors)

    # round trip: the reader sees exactly what was written, and decodes to the reference weights
    meta, back = read_safetensors(st_path)
    assert meta == {"format": "pt"}
    assert list(back) == [t[0] for t in tensors]
    for tname, tdtype, shape, raw in tensors:
        bd, bs, braw = back[tname]
        assert (bd, bs, braw) == (tdtype, tuple(shape), raw), tname
    for wname in stored:
        bd, bs, braw = back[prefix + wname]
        assert np.array_equal(decode_raw(bd, bs, braw), stored[wname]), wname
    if variant["buffers"]:
        for i in range(L):
            bd, bs, braw = back[f"{prefix}h.{i}.attn.bias"]
            assert np.array_equal(decode_raw(bd, bs, braw)[0, 0], np.tril(np.ones((P, P))))
            assert decode_raw(*back[f"{prefix}h.{i}.attn.masked_bias"]) == -1e4

    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as f:
        json.dump(hf_config(L, cfg["n_head"], cfg["n_embd"], P, cfg["vocab_size"], EOT_ID,
                            TORCH_DTYPE[dtype], not variant["untied"]), f, indent=2)
        f.write("\n")
    write_tokenizer(out_dir, vocab, merges)

    # reference outputs
    cases = []
    stats = dict(max_logit=0.0, attn_max=[], attn_uniform=[], err32={})
    for text, tokens in reference_cases(vocab, merges, cfg):
        res = forward(stored, cfg, tokens)
        check_reference(stored, cfg, tokens, res, stats)
        cases.append(case_record(text, tokens, res))
        stats["max_logit"] = max(stats["max_logit"], float(np.max(np.abs(res["logits"]))))
    ref = {"variant": name, "dtype": dtype, "tolerances": TOLERANCES, "cases": cases}
    ref_path = os.path.join(out_dir, "reference.json")
    with open(ref_path, "w", encoding="utf-8") as f:
        f.write(to_json(ref) + "\n")
    check_reference_file(ref_path, stored, cfg)

    sizes = {fn: os.path.getsize(os.path.join(out_dir, fn)) for fn in sorted(os.listdir(out_dir))}
    return dict(name=name, n_tensors=len(tensors), sizes=sizes, **stats)


def rel_err(got, ref):
    """max over rows of max|got-ref| / max(1, max|ref|) (the logits_rel rule)."""
    got, ref = np.asarray(got), np.asarray(ref)
    scale = np.maximum(1.0, np.max(np.abs(ref), axis=-1, keepdims=True))
    return float(np.max(np.abs(got - ref) / scale))


def check_reference(W, cfg, tokens, res, stats):
    T, H = len(tokens), cfg["n_head"]
    C, d = cfg["n_embd"], cfg["n_embd"] // cfg["n_head"]
    for i, rec in enumerate(res["layers"]):
        attn = rec["attn"]
        assert np.all(attn[:, np.triu_indices(T, 1)[0], np.triu_indices(T, 1)[1]] == 0.0)
        assert np.allclose(attn.sum(-1), 1.0, atol=1e-12)
        # the scores are q.k/sqrt(d) everywhere, future included
        assert np.allclose(rec["scores"], np.einsum("htd,hsd->hts", rec["q"], rec["k"]) / math.sqrt(d))
        # head h of q is slice h*d:(h+1)*d of the first C columns of c_attn's output
        hh = layer_norm(rec["residual_in"], W[f"h.{i}.ln_1.weight"], W[f"h.{i}.ln_1.bias"],
                        cfg["layer_norm_epsilon"])
        qkv = hh @ W[f"h.{i}.attn.c_attn.weight"] + W[f"h.{i}.attn.c_attn.bias"]
        assert np.allclose(rec["v"][H - 1], qkv[:, 2 * C + (H - 1) * d: 3 * C])
        stats["attn_max"].extend(attn.max(-1)[:, 1:].ravel().tolist())  # rows with >= 2 keys
        stats["attn_uniform"].extend([1.0 / (t + 1) for _ in range(H) for t in range(1, T)])
    # position t's logits do not depend on later tokens: running the prefix alone agrees
    for t in range(T):
        pre = forward(W, cfg, tokens[:t + 1])
        assert np.allclose(pre["logits"][t], res["logits"][t], rtol=0, atol=1e-10)
    # an independent loop / KV-cache formulation agrees
    lg, attns = forward_loop(W, cfg, tokens)
    assert rel_err(lg, res["logits"]) < 1e-11, rel_err(lg, res["logits"])
    for i in range(cfg["n_layer"]):
        assert np.max(np.abs(attns[i] - res["layers"][i]["attn"])) < 1e-12
    # how far a float32 implementation lands from the float64 reference (vs the tolerances)
    r32 = forward(W, cfg, tokens, ft=np.float32)
    e = stats["err32"]
    e["logits_rel"] = max(e.get("logits_rel", 0.0), rel_err(r32["logits"], res["logits"]))
    e["attention_abs"] = max(e.get("attention_abs", 0.0), max(
        float(np.max(np.abs(a["attn"].astype(np.float64) - b["attn"])))
        for a, b in zip(r32["layers"], res["layers"])))


def check_reference_file(path, W, cfg):
    """Parse reference.json back and check the schema and that %.9g lost nothing that matters."""
    with open(path, encoding="utf-8") as f:
        ref = json.load(f)
    assert set(ref) == {"variant", "dtype", "tolerances", "cases"}
    T_max, H, C, V = cfg["n_positions"], cfg["n_head"], cfg["n_embd"], cfg["vocab_size"]
    d = C // H
    for case in ref["cases"]:
        assert set(case) == {"text", "tokens", "logits", "layers", "final_residual"}
        T = len(case["tokens"])
        assert 1 <= T <= T_max
        res = forward(W, cfg, case["tokens"])
        assert np.array(case["logits"]).shape == (T, V)
        assert np.array(case["final_residual"]).shape == (T, C)
        assert rel_err(case["logits"], res["logits"]) < 1e-7
        assert len(case["layers"]) == cfg["n_layer"]
        for lj, rec in zip(case["layers"], res["layers"]):
            assert set(lj) == {"residual_in", "q", "k", "v", "scores", "attn", "head_out"}
            for key, shape in (("residual_in", (T, C)), ("q", (H, T, d)), ("k", (H, T, d)),
                               ("v", (H, T, d)), ("scores", (H, T, T)), ("attn", (H, T, T)),
                               ("head_out", (T, C))):
                a = np.array(lj[key], dtype=np.float64)
                assert a.shape == shape, (key, a.shape, shape)
                assert np.max(np.abs(a - rec[key])) <= 1e-8 * max(1.0, np.max(np.abs(rec[key])))
            a = np.array(lj["attn"])
            assert np.all(a[:, np.triu_indices(T, 1)[0], np.triu_indices(T, 1)[1]] == 0.0)


# ----------------------------------------------------------------------------------------------
# GPT-2-124M-shaped random checkpoint (benchmark only)
# ----------------------------------------------------------------------------------------------
def make_gpt2_shaped(out_dir, seed=124, dtype="F32"):
    L, H, C, P, V = 12, 12, 768, 1024, 50257
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(seed)
    entries = [("wte.weight", (V, C)), ("wpe.weight", (P, C))]
    for i in range(L):
        entries += [(f"h.{i}.ln_1.weight", (C,)), (f"h.{i}.ln_1.bias", (C,)),
                    (f"h.{i}.attn.bias", (1, 1, P, P)),
                    (f"h.{i}.attn.c_attn.weight", (C, 3 * C)), (f"h.{i}.attn.c_attn.bias", (3 * C,)),
                    (f"h.{i}.attn.c_proj.weight", (C, C)), (f"h.{i}.attn.c_proj.bias", (C,)),
                    (f"h.{i}.ln_2.weight", (C,)), (f"h.{i}.ln_2.bias", (C,)),
                    (f"h.{i}.mlp.c_fc.weight", (C, 4 * C)), (f"h.{i}.mlp.c_fc.bias", (4 * C,)),
                    (f"h.{i}.mlp.c_proj.weight", (4 * C, C)), (f"h.{i}.mlp.c_proj.bias", (C,))]
    entries += [("ln_f.weight", (C,)), ("ln_f.bias", (C,))]
    buffers = {f"h.{i}.attn.bias" for i in range(L)}
    # The weights in `dtype`; the causal-mask buffers stay F32 (attnscope skips them).
    head, total = safetensors_header([(n, "F32" if n in buffers else dtype, s) for n, s in entries])
    path = os.path.join(out_dir, "model.safetensors")
    CHUNK = 1 << 20  # floats per write: at most a few MB in memory at a time
    with open(path, "wb") as f:
        f.write(head)
        for name, shape in entries:
            n = int(np.prod(shape))
            if name in buffers:
                f.write(np.tril(np.ones((P, P), dtype="<f4")).tobytes())
                continue
            is_ln_weight = ".ln_" in name and name.endswith(".weight") or name == "ln_f.weight"
            std = 0.1 if name in ("wte.weight", "wpe.weight") else 0.02
            for start in range(0, n, CHUNK):
                m = min(CHUNK, n - start)
                a = rng.standard_normal(m, dtype=np.float32) * np.float32(std)
                if is_ln_weight:
                    a += np.float32(1.0)
                f.write(encode_tensor(a, dtype)[0])
    size = os.path.getsize(path)
    assert size == len(head) + total
    with open(os.path.join(out_dir, "config.json"), "w", encoding="utf-8") as f:
        torch_dtype = {"F32": "float32", "F16": "float16", "BF16": "bfloat16"}[dtype]
        json.dump(hf_config(L, H, C, P, V, 50256, torch_dtype, True), f, indent=2)
        f.write("\n")
    for fn in ("vocab.json", "merges.txt"):
        shutil.copyfile(os.path.join(GPT2_DIR, fn), os.path.join(out_dir, fn))
    # read the header back (without loading the data) and check the layout
    with open(path, "rb") as f:
        (hn,) = struct.unpack("<Q", f.read(8))
        hdr = json.loads(f.read(hn))
    assert hdr.pop("__metadata__") == {"format": "pt"} and len(hdr) == len(entries)
    assert max(e["data_offsets"][1] for e in hdr.values()) == size - 8 - hn
    n_params = sum(int(np.prod(s)) for n, s in entries if n not in buffers)
    print(f"{out_dir}: {len(entries)} tensors, {n_params:,} parameters, "
          f"model.safetensors {size:,} bytes")


# ----------------------------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=DEFAULT_OUT, help="root folder for the tiny variants "
                    "(default tests/data/checkpoints)")
    ap.add_argument("--gpt2-shaped", metavar="OUT_DIR",
                    help="instead write a GPT-2-124M-shaped random checkpoint (~550 MB) to OUT_DIR")
    ap.add_argument("--dtype", default="F32", choices=["F32", "F16", "BF16"],
                    help="with --gpt2-shaped: the weights' dtype (default F32)")
    args = ap.parse_args()

    if args.gpt2_shaped:
        make_gpt2_shaped(args.gpt2_shaped, dtype=args.dtype)
        return

    _self_test_bf16()
    vocab, merges = truncated_tokenizer(N_MERGES)
    assert len(vocab) == TINY["vocab_size"] and vocab[EOT] == EOT_ID
    total = 0
    for variant in VARIANTS:
        s = make_variant(variant, args.out, vocab, merges)
        vt = sum(s["sizes"].values())
        total += vt
        am = np.array(s["attn_max"])
        print(f"{s['name']}: {s['n_tensors']} tensors, {vt:,} bytes ("
              + ", ".join(f"{k} {v:,}" for k, v in s["sizes"].items()) + ")")
        print(f"    max |logit| {s['max_logit']:.3f}; mean max attention weight "
              f"{am.mean():.3f} over {len(am)} rows with >= 2 keys (uniform attention: "
              f"{np.mean(s['attn_uniform']):.3f}), min {am.min():.3f}")
        print(f"    float32 forward vs this float64 reference: logits_rel "
              f"{s['err32']['logits_rel']:.2e}, attention_abs {s['err32']['attention_abs']:.2e} "
              f"(tolerances {TOLERANCES['logits_rel']:g}, {TOLERANCES['attention_abs']:g})")
    print(f"total {total:,} bytes in {args.out}")


if __name__ == "__main__":
    sys.exit(main())
