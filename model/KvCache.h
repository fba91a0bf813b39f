#pragma once
// The keys and values of every position so far, per layer, laid out per head: a head's keys lie
// one after another (position p's key for head h at element (h * nPositions + p) * headDim), so
// a decode step streams through one contiguous block per head.
//
// A model whose weights are stored in F16 or BF16 keeps its cache in that type too, as PyTorch
// does when it runs such a model: half the bytes that a long context adds to every decode step.
// Keys and values are rounded to the cache's type (round to nearest, ties to even) by
// roundToStorage() before they are stored, and the step records keep the rounded values, so
// what a record shows is exactly what attention used.

#include <cstdint>
#include <vector>

#include "model/AttentionMath.h"
#include "model/Kernels.h"

namespace attnscope {

class KvCache {
public:
    KvCache(int nLayer, int nHead, int headDim, int nPositions, WeightStorage storage);

    WeightStorage storage() const { return m_storage; }

    // Rounds n floats in place to the nearest value of the cache's type (nothing for F32).
    void roundToStorage(float* x, int n) const;

    // Stores position p's key and value of one layer (all heads, nHead * headDim floats each),
    // already rounded by roundToStorage.
    void store(int layer, int position, const float* key, const float* value);

    // Calls f(keys, values) with typed pointers (float, math::F16Bits or math::BF16Bits) to the
    // first position of one head of one layer.
    template <typename F>
    void withHead(int layer, int head, F&& f) const {
        const std::size_t offset = (static_cast<std::size_t>(head) * m_positions) * m_headDim;
        switch (m_storage) {
        case WeightStorage::F32:
            return f(m_floatKeys[layer].data() + offset, m_floatValues[layer].data() + offset);
        case WeightStorage::F16:
            return f(reinterpret_cast<const math::F16Bits*>(m_bitsKeys[layer].data() + offset),
                     reinterpret_cast<const math::F16Bits*>(m_bitsValues[layer].data() + offset));
        case WeightStorage::BF16:
            return f(reinterpret_cast<const math::BF16Bits*>(m_bitsKeys[layer].data() + offset),
                     reinterpret_cast<const math::BF16Bits*>(m_bitsValues[layer].data() + offset));
        }
    }

private:
    void storeHeads(int layer, int position, const float* all, bool keys);

    int m_heads, m_headDim, m_positions;
    WeightStorage m_storage;
    std::vector<std::vector<float>> m_floatKeys, m_floatValues;           // F32
    std::vector<std::vector<std::uint16_t>> m_bitsKeys, m_bitsValues;     // F16 or BF16
};

}  // namespace attnscope
