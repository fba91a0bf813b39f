#!/usr/bin/env bash
# Ships a training checkpoint as the embedded model: exports it in the Hugging Face layout,
# writes the PyTorch reference the C++ test compares against, regenerates the model card and
# the head report, and runs the embedded-model test. Run from the repository root after a build.
#   tools/ship_embedded.sh [RUN] [raw|ema] [BASE_CARD]
# BASE_CARD: for a run started with --init-from, the card of the weights it started from (copy it
# before this script overwrites it, e.g. git show HEAD:resources/models/attnscope-small/MODEL_CARD.md).
set -euo pipefail
cd "$(dirname "$0")/.."
run=${1:-emb4x256_v1}
weights=${2:-raw}
base_card=${3:-}
ckpt=~/.cache/attnscope/train/$run/ckpt.pt
model=resources/models/attnscope-small

nice -n 5 /usr/bin/python3 tools/export_embedded.py --weights "$weights" --ckpt "$ckpt" --out "$model" \
  --reference tests/data/embedded/reference.json \
  --prompt "A robot must obey the orders given it." \
  --prompt "It is a truth universally acknowledged, that a single man" \
  --prompt "In the beginning God created the heaven and the earth. And the earth"
nice -n 5 /usr/bin/python3 tools/make_model_card.py --model "$model" --run ~/.cache/attnscope/train/"$run" \
  ${base_card:+--base-card "$base_card" --base-commit "$(git rev-parse --short HEAD)"}
build/app/attnscope --headless --model "$model" --head-report > docs/head-report.md
build/tests/attnscope_model_tests "[embedded]"
