#pragma once
// How an induction head forms (Olsson et al., 2022, "In-context Learning and Induction Heads"):
// a series of checkpoints of one small model, taken along its training, each measured on the
// same repeated random sequence. The previous-token head appears first; the induction head
// forms after it, and as it does, the loss on the second copy of the sequence drops below the
// loss on the first (the model copies from context). attnscope ships such a series
// (resources/models/induction-formation, written by tools/export_formation.py); the numbers
// here are measured by the core on the shipped weights, not stored.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "model/Gpt2Model.h"

namespace attnscope::formation {

struct CheckpointEntry {
    std::filesystem::path folder;  // absolute
    std::int64_t step = 0;
    std::int64_t tokensSeen = 0;
};

// Reads formation.json in `root` (format "attnscope-formation", version 1): the checkpoints in
// training order. Throws FormatError naming the file and the field.
std::vector<CheckpointEntry> readIndex(const std::filesystem::path& root);

// The shipped series.
std::filesystem::path shippedSeriesFolder();

struct Reading {
    CheckpointEntry checkpoint;
    double lossFirstCopy = 0;   // mean cross-entropy (nats) predicting the first copy's tokens 2..L
    double lossSecondCopy = 0;  // the same tokens, predicted in the second copy
    int nLayer = 0, nHead = 0;
    std::vector<double> previousToken;  // per head [layer * nHead + head], on the sequence
    std::vector<double> induction;      // per head, on the sequence
    std::vector<Eigen::MatrixXf> attention;  // per head, query rows x key columns

    int bestPreviousTokenHead() const;  // index into previousToken
    int bestInductionHead() const;
};

struct Series {
    std::vector<std::int32_t> sequence;  // [<|endoftext|>] + r + r
    int start = 0;                       // where the first copy begins
    int period = 0;                      // its length L
    std::vector<Reading> readings;       // one per checkpoint, in training order
};

// The diagnostic sequence for `model`: an <|endoftext|> (if it has one), then `period` random
// ids without repeats, then the same ids again (scores::repeatedRandomTokens, seed fixed).
Series diagnosticSequence(const Gpt2Model& model, int period);

// Measures one checkpoint on `series`'s sequence.
Reading measure(const std::shared_ptr<const Gpt2Model>& model, const Series& series, const CheckpointEntry& entry);

// When a head formed: the index of the first reading where `head`'s score has come `fraction`
// of the way from the first reading's score to the last's; -1 if it never does (or does not grow).
enum class Score { PreviousToken, Induction };
int formedAt(const Series& series, Score score, int head, double fraction = 0.1);

// Loads every checkpoint of `root` and measures it; all must have the first one's shape and
// tokenizer size. period 0: as long as the context allows ((n_positions - 1) / 2).
Series measureSeries(const std::filesystem::path& root, int period = 0);

}  // namespace attnscope::formation
