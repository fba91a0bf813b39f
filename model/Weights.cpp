#include "model/Weights.h"

#include <cmath>
#include <cstring>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include <Eigen/Core>

#include "model/Errors.h"

namespace attnscope {

ConstMatrixMap MatrixRef::map() const {
    if (!isF32()) throw std::logic_error("MatrixRef::map: a " + std::string(storageName(storage)) + " matrix has no float view");
    return ConstMatrixMap(static_cast<const float*>(data), rows, cols);
}

void MatrixRef::column(int c, float* out) const { kernels::widen(data, storage, static_cast<std::size_t>(c) * rows, rows, out); }

Eigen::VectorXf MatrixRef::column(int c) const {
    Eigen::VectorXf v(rows);
    column(c, v.data());
    return v;
}

void MatrixRef::columns(int first, int count, float* out) const {
    kernels::widen(data, storage, static_cast<std::size_t>(first) * rows, static_cast<std::size_t>(count) * rows, out);
}

// Resolves tensor names (with or without the "transformer." prefix), checks shapes and
// dtypes, and turns each tensor into a view: matrices as stored, vectors as floats.
class WeightsBuilder {
public:
    WeightsBuilder(std::shared_ptr<const SafetensorsFile> file, Gpt2Weights& out) : m_file(std::move(file)), m_out(out) {}

    const TensorView* lookup(const std::string& name) const {
        if (const auto* t = m_file->find("transformer." + name)) return t;
        return m_file->find(name);
    }

    const TensorView& require(const std::string& name, std::vector<std::int64_t> shape) {
        const TensorView* t = lookup(name);
        if (!t) fail(Message(QT_TRANSLATE_NOOP("core", "missing tensor \"%1\" (expected shape %2)"), name, shapeString(shape)));
        if (t->shape != shape) {
            fail(Message(QT_TRANSLATE_NOOP("core", "tensor \"%1\" has shape %2, expected %3"), t->name, t->shapeString(), shapeString(shape)));
        }
        if (t->dtype != DType::F32 && t->dtype != DType::F16 && t->dtype != DType::BF16) {
            fail(Message(QT_TRANSLATE_NOOP("core", "tensor \"%1\" has dtype %2, expected F32, F16 or BF16"), t->name, dtypeName(t->dtype)));
        }
        m_used.insert(t->name);
        m_out.tensors.push_back({t->name, dtypeName(t->dtype), t->shape, t->elementCount()});
        return *t;
    }

    // A [rows_in_file, cols_in_file] row-major tensor read as column-major [cols, rows]. 16-bit
    // matrices stay as they are in the file (the kernels widen them in registers).
    MatrixRef matrix(const std::string& name, std::int64_t fileRows, std::int64_t fileCols) {
        const TensorView& t = require(name, {fileRows, fileCols});
        const int rows = static_cast<int>(fileCols), cols = static_cast<int>(fileRows);
        if (t.dtype == DType::F32) return {floats(t), WeightStorage::F32, rows, cols};
        const WeightStorage storage = t.dtype == DType::F16 ? WeightStorage::F16 : WeightStorage::BF16;
        checkFinite16(t, storage);
        return {t.data, storage, rows, cols};
    }

    VectorRef vector(const std::string& name, std::int64_t n) {
        const TensorView& t = require(name, {n});
        return {floats(t), static_cast<int>(n)};
    }

    // Names that are in the file but were not used: causal-mask buffers are expected and
    // silently skipped; anything else is reported as a warning, not an error, so that a
    // checkpoint with an extra head (e.g. GPT2DoubleHeads) still opens.
    void reportUnused() {
        std::vector<std::string> unknown;
        for (const auto& [name, view] : m_file->tensors()) {
            if (m_used.count(name) || isMaskBuffer(name)) continue;
            unknown.push_back(name);
        }
        if (!unknown.empty()) {
            std::ostringstream names;
            for (std::size_t i = 0; i < unknown.size() && i < 5; ++i) names << (i ? ", " : "") << unknown[i];
            if (unknown.size() > 5) names << ", ...";
            m_out.warnings.push_back(Message(QT_TRANSLATE_NOOP("core", "%1: ignored %2 tensor(s) that GPT-2 does not use: %3"),
                                             m_file->path(), unknown.size(), names.str()));
        }
    }

    // A 16-bit value is NaN or infinite when its exponent bits are all ones.
    void checkFinite16(const TensorView& t, WeightStorage storage) {
        const std::uint16_t exponent = storage == WeightStorage::F16 ? 0x7c00 : 0x7f80;
        const std::int64_t n = t.elementCount();
        std::int64_t bad = 0;
#pragma omp parallel for reduction(+ : bad) schedule(static)
        for (std::int64_t i = 0; i < n; ++i) {
            std::uint16_t bits;
            std::memcpy(&bits, t.data + 2 * i, 2);
            bad += (bits & exponent) == exponent ? 1 : 0;
        }
        reportNonFinite(t.name, bad);
    }

    void checkFinite(const std::string& name, const float* data, std::int64_t n) {
        std::int64_t bad = 0;
#pragma omp parallel for reduction(+ : bad) schedule(static)
        for (std::int64_t i = 0; i < n; ++i) bad += std::isfinite(data[i]) ? 0 : 1;
        reportNonFinite(name, bad);
    }

    void reportNonFinite(const std::string& name, std::int64_t bad) {
        if (bad > 0) {
            m_out.warnings.push_back(Message(QT_TRANSLATE_NOOP("core", "%1: tensor \"%2\" holds %3 non-finite value(s) (NaN or infinity); "
                                                                       "its outputs will not be meaningful"),
                                             m_file->path(), name, bad));
        }
    }

private:
    // (transformer.)?h.<digits>.attn.(bias|masked_bias): the causal-mask buffers of older exports.
    // Matched by hand: std::regex_match recursed once per character, so a tensor named "h."
    // followed by 100,000 digits overflowed the stack.
    static bool isMaskBuffer(std::string_view name) {
        if (name.starts_with("transformer.")) name.remove_prefix(std::string_view("transformer.").size());
        if (!name.starts_with("h.")) return false;
        name.remove_prefix(2);
        std::size_t digits = 0;
        while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9') ++digits;
        if (digits == 0) return false;
        name.remove_prefix(digits);
        return name == ".attn.bias" || name == ".attn.masked_bias";
    }

    [[noreturn]] void fail(const Message& what) const {
        throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: %2"), m_file->path(), what));
    }


    static std::string shapeString(const std::vector<std::int64_t>& shape) {
        TensorView v;
        v.shape = shape;
        return v.shapeString();
    }

    const float* floats(const TensorView& t) {
        const auto n = t.elementCount();
        if (t.dtype == DType::F32 && reinterpret_cast<std::uintptr_t>(t.data) % alignof(float) == 0) {
            const auto* p = reinterpret_cast<const float*>(t.data);
            checkFinite(t.name, p, n);
            return p;  // zero-copy: the mapping is the matrix
        }
        std::shared_ptr<float[]> buffer(new float[static_cast<std::size_t>(n)]);
        float* dst = buffer.get();
        if (t.dtype == DType::F32) {
            std::memcpy(dst, t.data, t.bytes);  // unaligned in the file: copy once
        } else {  // a 16-bit vector (matrices stay 16-bit): widened once, exactly, as the kernels do
            kernels::widen(t.data, t.dtype == DType::F16 ? WeightStorage::F16 : WeightStorage::BF16, 0, static_cast<std::size_t>(n), dst);
        }

        checkFinite(t.name, dst, n);
        m_out.m_ownedBuffers.push_back(buffer);
        return dst;
    }

    std::shared_ptr<const SafetensorsFile> m_file;
    Gpt2Weights& m_out;
    std::set<std::string> m_used;
};

Gpt2Weights Gpt2Weights::fromSafetensors(std::shared_ptr<const SafetensorsFile> file, const Gpt2Config& config) {
    Gpt2Weights w;
    w.m_file = file;
    WeightsBuilder b(file, w);
    const std::int64_t C = config.nEmbd, V = config.vocabSize, P = config.nPositions, F = config.nInner;

    w.wte = b.matrix("wte.weight", V, C);
    w.wpe = b.matrix("wpe.weight", P, C);
    for (int i = 0; i < config.nLayer; ++i) {
        const std::string p = "h." + std::to_string(i) + ".";
        LayerWeights l;
        l.ln1Weight = b.vector(p + "ln_1.weight", C);
        l.ln1Bias = b.vector(p + "ln_1.bias", C);
        l.attnWeight = b.matrix(p + "attn.c_attn.weight", C, 3 * C);
        l.attnBias = b.vector(p + "attn.c_attn.bias", 3 * C);
        l.attnProjWeight = b.matrix(p + "attn.c_proj.weight", C, C);
        l.attnProjBias = b.vector(p + "attn.c_proj.bias", C);
        l.ln2Weight = b.vector(p + "ln_2.weight", C);
        l.ln2Bias = b.vector(p + "ln_2.bias", C);
        l.fcWeight = b.matrix(p + "mlp.c_fc.weight", C, F);
        l.fcBias = b.vector(p + "mlp.c_fc.bias", F);
        l.fcProjWeight = b.matrix(p + "mlp.c_proj.weight", F, C);
        l.fcProjBias = b.vector(p + "mlp.c_proj.bias", C);
        w.layers.push_back(l);
    }
    w.lnFWeight = b.vector("ln_f.weight", C);
    w.lnFBias = b.vector("ln_f.bias", C);

    // lm_head.weight is an nn.Linear [vocab, n_embd]: the same layout as wte. Never prefixed.
    if (file->find("lm_head.weight")) {
        w.lmHead = b.matrix("lm_head.weight", V, C);
        w.tiedHead = false;
    } else {
        w.lmHead = w.wte;
        w.tiedHead = true;
    }
    b.reportUnused();
    for (const auto& t : w.tensors) w.parameterCount += t.parameters;
    return w;
}

}  // namespace attnscope
