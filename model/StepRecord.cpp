#include "model/StepRecord.h"

#include <sstream>

#include "model/AttentionMath.h"
#include "model/Errors.h"

namespace attnscope {

PositionRecord::PositionRecord(std::shared_ptr<const RecordShape> shape, int position, std::int32_t token)
    : m_shape(std::move(shape)), m_position(position), m_token(token) {
    const std::size_t C = static_cast<std::size_t>(m_shape->nEmbd);
    m_data.resize((static_cast<std::size_t>(m_shape->nLayer) * kSlotsPerLayer + 1) * C);
}

std::span<const float> PositionRecord::slot(int layer, int which) const {
    const std::size_t C = static_cast<std::size_t>(m_shape->nEmbd);
    return {m_data.data() + (static_cast<std::size_t>(layer) * kSlotsPerLayer + which) * C, C};
}

std::span<const float> PositionRecord::finalResidual() const {
    const std::size_t C = static_cast<std::size_t>(m_shape->nEmbd);
    return {m_data.data() + static_cast<std::size_t>(m_shape->nLayer) * kSlotsPerLayer * C, C};
}

float* PositionRecord::mutableSlot(int layer, int which) {
    return const_cast<float*>(slot(layer, which).data());
}

float* PositionRecord::mutableFinalResidual() { return const_cast<float*>(finalResidual().data()); }

std::string headListText(const std::vector<std::pair<int, int>>& heads) {
    std::string text;
    for (const auto& [layer, head] : heads) text += (text.empty() ? "L" : ", L") + std::to_string(layer) + "H" + std::to_string(head);
    return text;
}

const char* choiceKindName(ChoiceKind kind) {
    switch (kind) {
        case ChoiceKind::Greedy: return "greedy";
        case ChoiceKind::Sampled: return "sampled";
        case ChoiceKind::Forced: return "forced";
    }
    return "?";
}

void StepRecord::check(int layer, int head, int query) const {
    if (!recorded()) throw UsageError(Message(QT_TRANSLATE_NOOP("core", "step %1 was generated with recording off"), step));
    if (layer < 0 || layer >= shape->nLayer || head < 0 || head >= shape->nHead || query < 0 || query >= length()) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "attention index out of range: layer %1 of %2, head %3 of %4, query %5 of %6"),
                                 layer, shape->nLayer, head, shape->nHead, query, length()));
    }
}

std::vector<float> StepRecord::scoresRow(int layer, int head, int query) const {
    check(layer, head, query);
    std::vector<float> scores(static_cast<std::size_t>(query) + 1);
    const float* q = positions[query]->query(layer, head).data();
    math::scaledScores(
        q, [&](int j) { return positions[j]->key(layer, head).data(); }, query + 1, shape->headDim,
        shape->attentionScale[layer], scores.data());
    return scores;
}

std::vector<float> StepRecord::attentionRow(int layer, int head, int query) const {
    std::vector<float> scores = scoresRow(layer, head, query);
    std::vector<float> probs(scores.size());
    math::maskedSoftmax(scores.data(), query + 1, query + 1, probs.data());
    return probs;
}

Eigen::MatrixXf StepRecord::scoresMatrix(int layer, int head) const {
    check(layer, head, 0);
    const int T = length();
    Eigen::MatrixXf m(T, T);
    std::vector<float> row(static_cast<std::size_t>(T));
    for (int i = 0; i < T; ++i) {
        math::scaledScores(
            positions[i]->query(layer, head).data(), [&](int j) { return positions[j]->key(layer, head).data(); }, T,
            shape->headDim, shape->attentionScale[layer], row.data());
        for (int j = 0; j < T; ++j) m(i, j) = row[j];
    }
    return m;
}

Eigen::MatrixXf StepRecord::attentionMatrix(int layer, int head) const {
    check(layer, head, 0);
    const int T = length();
    Eigen::MatrixXf m(T, T);
    std::vector<float> scores(static_cast<std::size_t>(T)), probs(static_cast<std::size_t>(T));
    for (int i = 0; i < T; ++i) {
        math::scaledScores(
            positions[i]->query(layer, head).data(), [&](int j) { return positions[j]->key(layer, head).data(); }, i + 1,
            shape->headDim, shape->attentionScale[layer], scores.data());
        math::maskedSoftmax(scores.data(), i + 1, T, probs.data());
        for (int j = 0; j < T; ++j) m(i, j) = probs[j];
    }
    return m;
}

void StepRecord::scoresAndAttention(int layer, int head, Eigen::MatrixXf& scores, Eigen::MatrixXf& attention) const {
    check(layer, head, 0);
    scores.resize(length(), length());
    attention.resize(length(), length());
    scoresAndAttention(layer, head, Eigen::Ref<Eigen::MatrixXf>(scores), Eigen::Ref<Eigen::MatrixXf>(attention));
}

void StepRecord::scoresAndAttention(int layer, int head, Eigen::Ref<Eigen::MatrixXf> scores, Eigen::Ref<Eigen::MatrixXf> attention) const {
    check(layer, head, 0);
    const int T = length();
    if (scores.rows() != T || scores.cols() != T || attention.rows() != T || attention.cols() != T) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "scoresAndAttention: the matrices must be %1 x %1"), T));

    }
    std::vector<float> row(static_cast<std::size_t>(T)), probs(static_cast<std::size_t>(T));
    for (int i = 0; i < T; ++i) {
        math::scaledScores(
            positions[i]->query(layer, head).data(), [&](int j) { return positions[j]->key(layer, head).data(); }, T,
            shape->headDim, shape->attentionScale[layer], row.data());
        math::maskedSoftmax(row.data(), i + 1, T, probs.data());
        for (int j = 0; j < T; ++j) {
            scores(i, j) = row[j];
            attention(i, j) = probs[j];
        }
    }
}

std::size_t StepRecord::recordedBytes() const {
    std::size_t bytes = 0;
    for (int i = firstNewPosition; i < static_cast<int>(positions.size()); ++i) bytes += positions[i]->bytes();
    return bytes;
}

}  // namespace attnscope
