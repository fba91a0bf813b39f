#include "model/Analysis.h"

#include <algorithm>
#include <cmath>

#include "model/Errors.h"
#include "model/HeadScores.h"
#include "model/Session.h"

namespace attnscope::analysis {

std::vector<float> meanHeadOutput(const StepRecord& record, int layer, int head) {
    if (!record.recorded()) throw UsageError(Message(QT_TRANSLATE_NOOP("core", "mean ablation needs a step recorded with recording on")));
    const int d = record.shape->headDim;
    std::vector<double> sum(static_cast<std::size_t>(d), 0.0);
    for (const auto& p : record.positions) {
        const auto out = p->headOutput(layer, head);
        for (int i = 0; i < d; ++i) sum[i] += out[i];
    }
    std::vector<float> mean(static_cast<std::size_t>(d));
    for (int i = 0; i < d; ++i) mean[i] = static_cast<float>(sum[i] / static_cast<double>(record.positions.size()));
    return mean;
}

double klDivergence(const Eigen::VectorXf& a, const Eigen::VectorXf& b) {
    auto logSoftmax = [](const Eigen::VectorXf& x) {
        Eigen::VectorXd v = x.cast<double>();
        const double m = v.maxCoeff();
        const double lse = m + std::log((v.array() - m).exp().sum());
        return Eigen::VectorXd(v.array() - lse);
    };
    const Eigen::VectorXd la = logSoftmax(a), lb = logSoftmax(b);
    double kl = 0;
    for (Eigen::Index i = 0; i < la.size(); ++i) {
        if (std::isfinite(la[i])) kl += std::exp(la[i]) * (la[i] - lb[i]);  // masked ids (-inf) add 0
    }
    return kl;
}

AblationComparison compareAblation(const std::shared_ptr<const Gpt2Model>& model, std::span<const std::int32_t> tokens,
                                   const AblationSet& ablation, int topK, float temperature) {
    AblationComparison c;
    c.temperature = temperature > 0.0f ? temperature : 1.0f;
    InferenceState intact(model);
    c.logitsBefore = intact.forward(tokens, false).logits;
    InferenceState ablated(model);
    ablated.setAblation(ablation);
    c.logitsAfter = ablated.forward(tokens, false).logits;
    c.before = summarize(c.logitsBefore, c.temperature, topK);
    c.after = summarize(c.logitsAfter, c.temperature, topK);
    // Each side's candidates read on the other side's whole distribution, not its top-k.
    const std::vector<double> pBefore = softmax(c.logitsBefore, c.temperature);
    const std::vector<double> pAfter = softmax(c.logitsAfter, c.temperature);
    for (const Candidate& k : c.before.top) c.afterOfBefore.push_back(static_cast<float>(pAfter[static_cast<std::size_t>(k.token)]));
    for (const Candidate& k : c.after.top) c.beforeOfAfter.push_back(static_cast<float>(pBefore[static_cast<std::size_t>(k.token)]));
    c.klDivergence = klDivergence(c.logitsBefore / c.temperature, c.logitsAfter / c.temperature);
    return c;
}

InductionDiagnostic inductionDiagnostic(const std::shared_ptr<const Gpt2Model>& model) {
    InductionDiagnostic d;
    const auto eot = model->tokenizer().endOfTextId();
    const int vocab = model->decodableVocabSize();
    d.period = std::min(50, (model->config().nPositions - 1) / 2);
    d.start = eot ? 1 : 0;
    const std::int32_t low = std::min(256, vocab / 2);  // skip single bytes: many never occur in text
    const std::int32_t high = eot && *eot == vocab - 1 ? vocab - 1 : vocab;
    d.tokens = scores::repeatedRandomTokens(d.period, low, high, 1234, eot);
    GenerationSession session(model, {true, 1});
    d.record = session.start(d.tokens, SamplingSettings{});
    for (int layer = 0; layer < model->config().nLayer; ++layer) {
        for (int head = 0; head < model->config().nHead; ++head) {
            d.scores.push_back(scores::induction(d.record->attentionMatrix(layer, head), d.start, d.period));
        }
    }
    return d;
}

LogitLens logitLens(const Gpt2Model& model, const StepRecord& record, int topN) {
    if (!record.recorded()) throw UsageError(Message(QT_TRANSLATE_NOOP("core", "the logit lens needs a step recorded with recording on")));
    const Gpt2Config& cfg = model.config();
    const Gpt2Weights& w = model.weights();
    LogitLens lens;
    lens.rows = cfg.nLayer + 1;
    lens.positions = record.length();
    lens.cells.resize(static_cast<std::size_t>(lens.rows) * lens.positions);

    // All residuals of one row at once: (C, T), then one matrix product through the head.
    for (int row = 0; row < lens.rows; ++row) {
        Eigen::MatrixXf x(cfg.nEmbd, lens.positions);
        for (int p = 0; p < lens.positions; ++p) {
            const auto r = row < cfg.nLayer ? record.positions[p]->residualIn(row) : record.positions[p]->finalResidual();
            x.col(p) = Eigen::Map<const Eigen::VectorXf>(r.data(), cfg.nEmbd);
        }
        // Final layer norm, with the forward pass's own function.
        Eigen::MatrixXf normed;
        layerNorm(x, w.lnFWeight, w.lnFBias, cfg.layerNormEpsilon, normed);
        Eigen::MatrixXf logits;
        outputHead(w.lmHead, normed, logits);

        maskUndecodable(logits, model.decodableVocabSize());
        for (int p = 0; p < lens.positions; ++p) {
            lens.cells[static_cast<std::size_t>(row) * lens.positions + p].top = summarize(logits.col(p), 1.0f, topN).top;
        }
    }
    return lens;
}

}  // namespace attnscope::analysis
