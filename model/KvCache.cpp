#include "model/KvCache.h"

#include <Eigen/Core>

namespace attnscope {

KvCache::KvCache(int nLayer, int nHead, int headDim, int nPositions, WeightStorage storage)
    : m_heads(nHead), m_headDim(headDim), m_positions(nPositions), m_storage(storage) {
    const std::size_t perLayer = static_cast<std::size_t>(nHead) * nPositions * headDim;
    if (storage == WeightStorage::F32) {
        m_floatKeys.assign(nLayer, std::vector<float>(perLayer));
        m_floatValues.assign(nLayer, std::vector<float>(perLayer));
    } else {
        m_bitsKeys.assign(nLayer, std::vector<std::uint16_t>(perLayer));
        m_bitsValues.assign(nLayer, std::vector<std::uint16_t>(perLayer));
    }
}

namespace {

std::uint16_t toF16Bits(float x) { return Eigen::numext::bit_cast<std::uint16_t>(Eigen::half(x)); }
std::uint16_t toBF16Bits(float x) { return Eigen::numext::bit_cast<std::uint16_t>(Eigen::bfloat16(x)); }

}  // namespace

void KvCache::roundToStorage(float* x, int n) const {
    switch (m_storage) {
    case WeightStorage::F32:
        return;
    case WeightStorage::F16:
        for (int i = 0; i < n; ++i) x[i] = math::widen(math::F16Bits{toF16Bits(x[i])});
        return;
    case WeightStorage::BF16:
        for (int i = 0; i < n; ++i) x[i] = math::widen(math::BF16Bits{toBF16Bits(x[i])});
        return;
    }
}

void KvCache::store(int layer, int position, const float* key, const float* value) {
    storeHeads(layer, position, key, true);
    storeHeads(layer, position, value, false);
}

void KvCache::storeHeads(int layer, int position, const float* all, bool keys) {
    for (int head = 0; head < m_heads; ++head) {
        const std::size_t at = (static_cast<std::size_t>(head) * m_positions + position) * m_headDim;
        const float* from = all + static_cast<std::size_t>(head) * m_headDim;
        if (m_storage == WeightStorage::F32) {
            float* to = (keys ? m_floatKeys : m_floatValues)[layer].data() + at;
            std::copy(from, from + m_headDim, to);
        } else {
            std::uint16_t* to = (keys ? m_bitsKeys : m_bitsValues)[layer].data() + at;
            std::uint16_t (*toBits)(float) = m_storage == WeightStorage::F16 ? toF16Bits : toBF16Bits;
            for (int d = 0; d < m_headDim; ++d) to[d] = toBits(from[d]);
        }
    }
}

}  // namespace attnscope
