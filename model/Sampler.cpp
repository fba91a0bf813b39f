#include "model/Sampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/Errors.h"

namespace attnscope {

std::vector<double> softmax(const Eigen::VectorXf& logits, float temperature) {
    const double inv = 1.0 / static_cast<double>(temperature);
    const double maxLogit = static_cast<double>(logits.maxCoeff());
    std::vector<double> p(static_cast<std::size_t>(logits.size()));
    double sum = 0;
    for (Eigen::Index i = 0; i < logits.size(); ++i) {
        p[i] = std::exp((static_cast<double>(logits[i]) - maxLogit) * inv);
        sum += p[i];
    }
    for (double& v : p) v /= sum;
    return p;
}

namespace {

// The `count` most probable ids, best first; ties broken by id so the order never depends on
// the sort's internals. A partial sort: with top_k = 40 only 40 of 50,257 need ordering.
std::vector<std::int32_t> mostProbable(const std::vector<double>& p, std::size_t count) {
    std::vector<std::int32_t> ids(p.size());
    std::iota(ids.begin(), ids.end(), 0);
    count = std::min(count, ids.size());
    std::partial_sort(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(count), ids.end(),
                      [&](std::int32_t a, std::int32_t b) { return p[a] > p[b] || (p[a] == p[b] && a < b); });
    ids.resize(count);
    return ids;
}

std::int32_t argmax(const Eigen::VectorXf& logits) {
    Eigen::Index best = 0;
    for (Eigen::Index i = 1; i < logits.size(); ++i) {
        if (logits[i] > logits[best]) best = i;  // first of equal maxima
    }
    return static_cast<std::int32_t>(best);
}

void validate(const SamplingSettings& s) {
    if (!s.greedy && !(s.temperature > 0.0f && std::isfinite(s.temperature))) {
        throw UsageError(Message(QT_TRANSLATE_NOOP("core", "temperature must be greater than 0 when sampling (use greedy for the argmax)")));
    }
    if (!(s.topP > 0.0f && s.topP <= 1.0f)) throw UsageError(Message(QT_TRANSLATE_NOOP("core", "top_p must be in (0, 1]")));
    if (s.topK < 0) throw UsageError(Message(QT_TRANSLATE_NOOP("core", "top_k must be 0 (no cut) or positive")));

}

}  // namespace

double uniformForPosition(std::uint64_t seed, int position) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (static_cast<std::uint64_t>(position) + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
}

Distribution summarize(const Eigen::VectorXf& logits, float temperature, int k) {
    if (!(temperature > 0.0f)) temperature = 1.0f;  // greedy: report the model's own distribution
    const std::vector<double> p = softmax(logits, temperature);
    Distribution d;
    for (double v : p) {
        if (v > 0) d.entropy -= v * std::log(v);
    }
    const std::vector<std::int32_t> ids = mostProbable(p, static_cast<std::size_t>(std::max(k, 0)));
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (!std::isfinite(logits[ids[i]])) break;  // masked padding ids (only after every real one)
        d.top.push_back({ids[i], logits[ids[i]], static_cast<float>(p[ids[i]])});
    }
    return d;
}

Choice choose(const Eigen::VectorXf& logits, const SamplingSettings& settings, int position) {
    validate(settings);
    const float temperature = settings.greedy ? 1.0f : settings.temperature;
    if (settings.greedy) {
        const std::int32_t best = argmax(logits);
        const auto p = softmax(logits, temperature);
        return {best, ChoiceKind::Greedy, static_cast<float>(p[best])};
    }
    const std::vector<double> p = softmax(logits, temperature);
    const std::size_t cut = settings.topK > 0 ? static_cast<std::size_t>(settings.topK) : p.size();
    const std::vector<std::int32_t> ids = mostProbable(p, cut);

    // Cut the list: the k best (S7: top_k = 40), then the smallest prefix whose mass reaches top_p.
    std::size_t keep = ids.size();
    if (settings.topP < 1.0f) {
        double mass = 0;
        std::size_t i = 0;
        while (i < keep) {
            mass += p[ids[i]];
            ++i;
            if (mass >= settings.topP) break;
        }
        keep = std::max<std::size_t>(i, 1);
    }
    while (keep > 1 && p[ids[keep - 1]] == 0) --keep;  // never a masked id, even by rounding
    double total = 0;
    for (std::size_t i = 0; i < keep; ++i) total += p[ids[i]];
    const double target = uniformForPosition(settings.seed, position) * total;
    double running = 0;
    std::int32_t picked = ids[keep - 1];
    for (std::size_t i = 0; i < keep; ++i) {
        running += p[ids[i]];
        if (target < running) {
            picked = ids[i];
            break;
        }
    }
    return {picked, ChoiceKind::Sampled, static_cast<float>(p[picked])};
}

}  // namespace attnscope
