#!/usr/bin/python3
"""GPT-2 byte-level BPE in plain Python (needs the `regex` module: Debian python3-regex).

Also builds the truncated tokenizer of attnscope's embedded model: GPT-2's first N merges.
In GPT-2's vocab.json ids 0..255 are the 256 byte tokens and id 256+r is the token made by the
merge of rank r (checked for all 50,000 merges by `verify_prefix_property`), so a tokenizer with
the first N merges has ids 0..255+N, which are a prefix of GPT-2's ids, and `<|endoftext|>`
becomes id 256+N.

Command line:
  gpt2_bpe.py encode-corpus --merges N [--corpus DIR]     train.txt/val.txt -> train.bin/val.bin
  gpt2_bpe.py write-tokenizer --merges N --out DIR         vocab.json + merges.txt for N merges
  gpt2_bpe.py stats --merges N [N ...]                     bytes per token on the validation text
"""
import argparse
import json
import os
import sys

import regex

HERE = os.path.dirname(os.path.abspath(__file__))
GPT2_DIR = os.path.join(HERE, "..", "resources", "tokenizers", "gpt2")
EOT = "<|endoftext|>"
PAT = regex.compile(
    r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")


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


def load_gpt2_merges(gpt2_dir=GPT2_DIR):
    with open(os.path.join(gpt2_dir, "merges.txt"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[0].startswith("#version"):
        lines = lines[1:]
    return [tuple(l.split(" ")) for l in lines if l]


def load_gpt2_vocab(gpt2_dir=GPT2_DIR):
    with open(os.path.join(gpt2_dir, "vocab.json"), encoding="utf-8") as f:
        return json.load(f)


def verify_prefix_property(n_merges, gpt2_dir=GPT2_DIR):
    """Assert: GPT-2 ids 0..255 are the byte tokens; id 256+r is merge r's result (r < N);
    every merge's two parts exist before it; EOT is 50256 in GPT-2."""
    vocab = load_gpt2_vocab(gpt2_dir)
    merges = load_gpt2_merges(gpt2_dir)
    b2u = bytes_to_unicode()
    assert sorted(vocab[b2u[b]] for b in range(256)) == list(range(256))
    have = {b2u[b] for b in range(256)}
    for r, (a, b) in enumerate(merges[:n_merges]):
        assert vocab[a + b] == 256 + r, (r, a, b)
        assert a in have and b in have, (r, a, b)
        have.add(a + b)
    assert vocab[EOT] == 50256
    return True


class BPE:
    """Byte-level BPE with the first `n_merges` GPT-2 merges (None = all of them)."""

    def __init__(self, n_merges=None, gpt2_dir=GPT2_DIR):
        merges = load_gpt2_merges(gpt2_dir)
        if n_merges is None:
            n_merges = len(merges)
        assert 0 <= n_merges <= len(merges)
        verify_prefix_property(n_merges, gpt2_dir)
        self.n_merges = n_merges
        self.merges = merges[:n_merges]
        self.ranks = {m: r for r, m in enumerate(self.merges)}
        gpt2_vocab = load_gpt2_vocab(gpt2_dir)
        self.vocab = {t: i for t, i in gpt2_vocab.items() if i < 256 + n_merges}
        self.eot_id = 256 + n_merges
        self.vocab[EOT] = self.eot_id
        self.vocab_size = len(self.vocab)
        assert self.vocab_size == 257 + n_merges
        self.decoder = {i: t for t, i in self.vocab.items()}
        self.byte_encoder = bytes_to_unicode()
        self.byte_decoder = {c: b for b, c in self.byte_encoder.items()}
        self.cache = {}

    def bpe(self, token):
        """token: a string of byte characters -> list of merged symbols (rank order)."""
        if token in self.cache:
            return self.cache[token]
        word = list(token)
        ranks = self.ranks
        while len(word) > 1:
            best, best_rank = None, None
            for i in range(len(word) - 1):
                r = ranks.get((word[i], word[i + 1]))
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = i, r
            if best is None:
                break
            a, b = word[best], word[best + 1]
            # merge every occurrence of the pair (left to right), as GPT-2 does
            new, i = [], 0
            while i < len(word):
                if i < len(word) - 1 and word[i] == a and word[i + 1] == b:
                    new.append(a + b)
                    i += 2
                else:
                    new.append(word[i])
                    i += 1
            word = new
        if len(self.cache) < 1_000_000:
            self.cache[token] = word
        return word

    def encode_ordinary(self, text):
        """Text without special tokens -> ids."""
        ids = []
        for piece in PAT.findall(text):
            s = "".join(self.byte_encoder[b] for b in piece.encode("utf-8"))
            ids.extend(self.vocab[t] for t in self.bpe(s))
        return ids

    def encode(self, text, allow_special=True):
        """`<|endoftext|>` in the text becomes eot_id when allow_special."""
        if not allow_special:
            return self.encode_ordinary(text)
        out = []
        parts = text.split(EOT)
        for i, part in enumerate(parts):
            if i:
                out.append(self.eot_id)
            out.extend(self.encode_ordinary(part))
        return out

    def token_bytes(self, i):
        if i == self.eot_id:
            return EOT.encode("utf-8")
        return bytes(self.byte_decoder[c] for c in self.decoder[i])

    def decode(self, ids):
        return b"".join(self.token_bytes(i) for i in ids).decode("utf-8", errors="replace")

    def byte_lengths(self, eot_bytes=0):
        """Bytes of text each id stands for (EOT counts eot_bytes) - for bits per byte."""
        return [eot_bytes if i == self.eot_id else len(self.token_bytes(i))
                for i in range(self.vocab_size)]

    def write(self, out_dir):
        """vocab.json (ids 0..256+N) and merges.txt (GPT-2's header line + first N merges)."""
        os.makedirs(out_dir, exist_ok=True)
        with open(os.path.join(out_dir, "vocab.json"), "w", encoding="utf-8") as f:
            json.dump(dict(sorted(self.vocab.items(), key=lambda kv: kv[1])), f,
                      ensure_ascii=False)
        with open(os.path.join(out_dir, "merges.txt"), "w", encoding="utf-8", newline="\n") as f:
            f.write("#version: 0.2\n")
            for a, b in self.merges:
                f.write(a + " " + b + "\n")


def encode_file(bpe, path, out_path):
    import numpy as np
    with open(path, encoding="utf-8") as f:
        text = f.read()
    docs = text.split(EOT)
    ids = []
    for d in docs:
        ids.append(bpe.eot_id)          # every document starts after an <|endoftext|>
        ids.extend(bpe.encode_ordinary(d))
    assert max(ids) < 65536
    arr = np.array(ids, dtype=np.uint16)
    tmp = out_path + ".tmp"
    arr.tofile(tmp)
    os.replace(tmp, out_path)
    return len(arr), len(text.encode("utf-8")), len(docs)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("encode-corpus")
    a.add_argument("--merges", type=int, required=True)
    a.add_argument("--corpus", default=os.path.expanduser("~/.cache/attnscope/corpus"))
    b = sub.add_parser("write-tokenizer")
    b.add_argument("--merges", type=int, required=True)
    b.add_argument("--out", required=True)
    c = sub.add_parser("stats")
    c.add_argument("--merges", type=int, nargs="+", required=True)
    c.add_argument("--corpus", default=os.path.expanduser("~/.cache/attnscope/corpus"))
    args = ap.parse_args()

    if args.cmd == "encode-corpus":
        bpe = BPE(args.merges)
        meta = {"n_merges": args.merges, "vocab_size": bpe.vocab_size, "eot_id": bpe.eot_id,
                "dtype": "uint16", "layout": "each document is preceded by eot_id"}
        for split in ("train", "val"):
            n, nbytes, ndocs = encode_file(bpe, os.path.join(args.corpus, split + ".txt"),
                                           os.path.join(args.corpus, split + ".bin"))
            meta[split] = {"tokens": n, "text_bytes": nbytes, "docs": ndocs,
                           "bytes_per_token": nbytes / n}
            print(f"{split}: {n} tokens, {nbytes} bytes, {nbytes / n:.3f} bytes/token",
                  file=sys.stderr)
        bpe.write(os.path.join(args.corpus, "tokenizer"))
        with open(os.path.join(args.corpus, "tokens.json"), "w") as f:
            json.dump(meta, f, indent=1)
    elif args.cmd == "write-tokenizer":
        BPE(args.merges).write(args.out)
    elif args.cmd == "stats":
        text = open(os.path.join(args.corpus, "val.txt"), encoding="utf-8").read()
        nbytes = len(text.encode("utf-8"))
        for n in args.merges:
            ids = BPE(n).encode(text)
            print(f"merges {n}: vocab {257 + n}, {len(ids)} tokens, {nbytes / len(ids):.3f} "
                  f"bytes/token", file=sys.stderr)


if __name__ == "__main__":
    main()
