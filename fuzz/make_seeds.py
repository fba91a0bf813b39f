#!/usr/bin/env python3
"""Writes the fuzz targets' seed inputs, all taken from the test fixtures, into OUT/<target>/.

    python3 fuzz/make_seeds.py OUT

tools/fuzz.sh runs this before each run; the seeds are not committed (fuzz/corpus/ is: the
minimised corpus that the fuzzers grew from them).

  fuzz_safetensors       the three fixture checkpoints at the sizes of FuzzChecks.h's microConfig()
                         (same names, dtypes and layout, a few kB each), and small files cut from
                         them (a few tensors each, with and without __metadata__, an empty one)
  fuzz_config            the three fixture config.json files and variants of the optional fields
  fuzz_vocab_merges      vocab.json, a NUL byte, merges.txt (fixtures, and a minimal 256+2 vocab)
  fuzz_tokenizer_json    tokenizer.json files built from the fixture vocab.json + merges.txt
                         (merges as "a b" and as ["a", "b"], with and without added_tokens)
  fuzz_tokenizer_encode  every text of tests/data/tokenizer/gpt2_goldens.json
"""

import json
import pathlib
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
VARIANTS = ["tiny-f32-prefixed", "tiny-f16", "tiny-bf16-untied"]


def write(out: pathlib.Path, name: str, data: bytes) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(data)


def safetensors_parts(path: pathlib.Path):
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    return json.loads(raw[8 : 8 + n]), raw[8 + n :]


def safetensors_join(header: dict, data: bytes) -> bytes:
    text = json.dumps(header, separators=(",", ":")).encode()
    return struct.pack("<Q", len(text)) + text + data


def cut(header: dict, data: bytes, names, metadata: bool) -> bytes:
    """A file with only `names`, packed from offset 0."""
    out_header, out_data = {}, b""
    if metadata and "__metadata__" in header:
        out_header["__metadata__"] = header["__metadata__"]
    for name in names:
        entry = dict(header[name])
        begin, end = entry["data_offsets"]
        entry["data_offsets"] = [len(out_data), len(out_data) + end - begin]
        out_data += data[begin:end]
        out_header[name] = entry
    return safetensors_join(out_header, out_data)


# The fixtures' sizes (vocab 321, n_embd 32, 3*n_embd, 4*n_embd, n_positions 16) -> fuzz/FuzzChecks.h's
# microConfig() (vocab 16, n_embd 4, 12, 16, n_positions 4). Every fixture dimension is one of these.
MICRO_DIMS = {321: 16, 32: 4, 96: 12, 128: 16, 16: 4, 1: 1}


def micro(header: dict, data: bytes) -> bytes:
    """The same checkpoint (names, dtypes, prefix, tied or not, mask buffers, metadata) at
    microConfig()'s sizes, each tensor's data cut from the start of the fixture's: a whole model in
    a few kB, so the fuzzer reaches Gpt2Weights without carrying 150 kB inputs."""
    out_header, out_data = {}, b""
    for name, entry in header.items():
        if name == "__metadata__":
            out_header[name] = entry
            continue
        entry = dict(entry)
        shape = [MICRO_DIMS[d] for d in entry["shape"]]
        begin, end = entry["data_offsets"]
        width = (end - begin) // max(1, _count(entry["shape"]))
        size = _count(shape) * width
        entry["shape"] = shape
        entry["data_offsets"] = [len(out_data), len(out_data) + size]
        out_data += data[begin : begin + size]
        out_header[name] = entry
    return safetensors_join(out_header, out_data)


def _count(shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def seeds_safetensors(out: pathlib.Path) -> None:
    for variant in VARIANTS:
        path = DATA / "checkpoints" / variant / "model.safetensors"
        header, data = safetensors_parts(path)
        write(out, f"{variant}-micro.safetensors", micro(header, data))
        small = sorted((n for n in header if n != "__metadata__" and "ln_f" in n or n.endswith("c_attn.bias")))
        write(out, f"{variant}-small.safetensors", cut(header, data, small, metadata=True))
        write(out, f"{variant}-one.safetensors", cut(header, data, small[:1], metadata=False))
    write(out, "empty-header.safetensors", safetensors_join({}, b""))
    write(out, "metadata-only.safetensors", safetensors_join({"__metadata__": {"format": "pt"}}, b""))
    scalars = {
        "i64": {"dtype": "I64", "shape": [2], "data_offsets": [0, 16]},
        "u8": {"dtype": "U8", "shape": [], "data_offsets": [16, 17]},
        "b": {"dtype": "BOOL", "shape": [1, 1], "data_offsets": [17, 18]},
        "z": {"dtype": "F64", "shape": [0, 3], "data_offsets": [18, 18]},
    }
    write(out, "other-dtypes.safetensors", safetensors_join(scalars, bytes(range(18))))


def seeds_config(out: pathlib.Path) -> None:
    for variant in VARIANTS:
        write(out, f"{variant}.json", (DATA / "checkpoints" / variant / "config.json").read_bytes())
    base = json.loads((DATA / "checkpoints" / "tiny-f32-prefixed" / "config.json").read_text())
    minimal = {k: base[k] for k in ("n_layer", "n_head", "n_embd", "n_positions", "vocab_size")}
    write(out, "minimal.json", json.dumps(minimal).encode())
    old = dict(minimal)
    old["n_ctx"] = old.pop("n_positions")
    write(out, "n_ctx-only.json", json.dumps(old).encode())
    extra = dict(minimal, n_inner=96, activation_function="gelu", layer_norm_epsilon=1e-6,
                 scale_attn_by_inverse_layer_idx=True, scale_attn_weights=False, eos_token_id=0)
    write(out, "optional-fields.json", json.dumps(extra, indent=1).encode())
    write(out, "relu.json", json.dumps(dict(minimal, activation_function="relu", model_type="gpt2")).encode())


def byte_alphabet():
    printable = [b for b in range(256) if ord("!") <= b <= ord("~") or 0xA1 <= b <= 0xAC or b >= 0xAE]
    chars, n = {}, 0
    for b in range(256):
        if b in printable:
            chars[b] = chr(b)
        else:
            chars[b] = chr(256 + n)
            n += 1
    return chars


def seeds_vocab_merges(out: pathlib.Path) -> None:
    folder = DATA / "checkpoints" / "tiny-f32-prefixed"
    write(out, "tiny.txt", (folder / "vocab.json").read_bytes() + b"\0" + (folder / "merges.txt").read_bytes())
    alphabet = byte_alphabet()
    vocab = {alphabet[b]: b for b in range(256)}
    vocab["ab"], vocab["abc"], vocab["<|endoftext|>"] = 256, 257, 258
    text = json.dumps(vocab, ensure_ascii=False).encode()
    write(out, "minimal.txt", text + b"\0#version: 0.2\na b\nab c\n")
    write(out, "minimal-crlf.txt", text + b"\0a b\r\nab c\r\n")


def seeds_tokenizer_json(out: pathlib.Path) -> None:
    folder = DATA / "checkpoints" / "tiny-f32-prefixed"
    vocab = json.loads((folder / "vocab.json").read_text())
    merges = [line for line in (folder / "merges.txt").read_text().splitlines()[1:] if line]
    eot = {"id": vocab["<|endoftext|>"], "content": "<|endoftext|>", "single_word": False, "lstrip": False,
           "rstrip": False, "normalized": True, "special": True}
    full = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [eot],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": vocab, "merges": merges},
    }
    write(out, "tiny-strings.json", json.dumps(full, ensure_ascii=False).encode())
    pairs = json.loads(json.dumps(full))
    pairs["model"]["merges"] = [m.split(" ") for m in merges]
    write(out, "tiny-pairs.json", json.dumps(pairs, ensure_ascii=False, indent=1).encode())
    added = json.loads(json.dumps(full))
    added["added_tokens"].append(dict(eot, id=len(vocab), content="<pad>"))
    added["added_tokens"].append(dict(eot, id=len(vocab) + 1, content="[MASK]"))
    write(out, "tiny-added.json", json.dumps(added, ensure_ascii=False).encode())
    bare = {"model": {"type": "BPE", "vocab": vocab, "merges": merges[:10]}}
    write(out, "tiny-bare.json", json.dumps(bare, ensure_ascii=True).encode())


def seeds_tokenizer_encode(out: pathlib.Path) -> None:
    goldens = json.loads((DATA / "tokenizer" / "gpt2_goldens.json").read_text())
    for i, case in enumerate(goldens["cases"]):
        write(out, f"golden-{i:03d}.txt", case["text"].encode("utf-8", "surrogatepass"))
    write(out, "invalid-utf8.txt", b"ab\xff\xfe\xc0\x80 \xed\xa0\x80x\xf4\x90\x80\x80 \xe2\x82")


def seeds_workspace(out: pathlib.Path) -> None:
    """Workspaces as app/WorkspaceFile.cpp writes them: a lesson with every kind of step, and an
    empty one (a model opened, nothing generated)."""
    sampling = {"greedy": False, "temperature": 0.8, "top_k": 40, "top_p": 0.95, "seed": 7}
    greedy = {"greedy": True, "temperature": 1.0, "top_k": 40, "top_p": 1.0, "seed": 0}
    lesson = {
        "format": "attnscope-workspace", "version": 1,
        "model": {"folder": "/models/tiny", "name": "tiny", "fingerprint": "9c1e" * 16},
        "controls": {"prompt": "the cat sat", "specials_as_text": False, "greedy": False, "temperature": 0.8,
                     "top_k": 40, "top_p": 0.95, "seed": 7, "max_new_tokens": 3, "pace_tenths": 0},
        "timeline": {"prompt": "the cat sat", "specials_as_text": False, "prompt_tokens": [1169, 3797, 3332],
                     "steps": [{"token": 319, "choice": "sampled", "probability": 0.1834, "sampling": sampling},
                               {"token": 262, "choice": "forced", "probability": 0.0125, "sampling": sampling},
                               {"token": 13, "choice": "greedy", "probability": 0.5, "sampling": greedy}],
                     "current_step": 1},
        "selection": {"layer": 1, "head": 2, "average_heads": False, "query": 2},
        "layout": {"window_geometry": "AdnQywADAAA=", "window_state": "AAAA/wAAAAD9", "center_tab": 1, "stepper_stage": 4},
    }
    write(out, "lesson.attnscope", json.dumps(lesson, indent=1).encode())
    # Version 2: a branch, heads switched off in a step (zeros and a mean output), the ablation panel.
    v2 = json.loads(json.dumps(lesson))
    v2["version"] = 2
    heads = [{"layer": 0, "head": 1}, {"layer": 1, "head": 3, "replacement": [0.125, -2.5, 1e-07, 3.0]}]
    v2["timeline"]["steps"][2]["heads_off"] = heads
    v2["timeline"]["branches"] = [[v2["timeline"]["steps"][0],
                                   {"token": 318, "choice": "sampled", "probability": 0.0625, "sampling": sampling}]]
    v2["ablation"] = {"generate_with_heads_off": True, "mode": "mean", "checked": [[0, 1], [1, 3]], "active": heads}
    write(out, "lesson-v2.attnscope", json.dumps(v2, indent=1).encode())
    empty = json.loads(json.dumps(lesson))
    empty["timeline"].update(prompt="", prompt_tokens=[], steps=[], current_step=-1)
    write(out, "empty.attnscope", json.dumps(empty).encode())


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = pathlib.Path(sys.argv[1])
    seeds_safetensors(out / "fuzz_safetensors")
    seeds_config(out / "fuzz_config")
    seeds_vocab_merges(out / "fuzz_vocab_merges")
    seeds_tokenizer_json(out / "fuzz_tokenizer_json")
    seeds_tokenizer_encode(out / "fuzz_tokenizer_encode")
    seeds_workspace(out / "fuzz_workspace")


if __name__ == "__main__":
    main()
