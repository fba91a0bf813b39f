#pragma once
// GPT-2's weights as views of the safetensors file. Matrices stay as the file stores them: F32
// used straight from the file's bytes (mapped or read), F16 and BF16 too, widened to float in
// registers by model/Kernels as decode reads them, so a 16-bit model takes its file's size and
// decode reads half the bytes. Vectors (biases, layer-norm gains) are small and widened once.
//
// Orientation: GPT-2's linear layers are Conv1D, stored [in, out] row-major. Read as a
// column-major matrix that is [out, in], which is exactly what y = W x needs, so the bytes on
// disk are used as they are. wte is stored [vocab, n_embd] row-major = column-major
// [n_embd, vocab]: column t is token t's embedding, and the output head is wte^T x.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "model/Config.h"
#include "model/Kernels.h"

#include "model/Message.h"
#include "model/Safetensors.h"

namespace attnscope {

using ConstMatrixMap = Eigen::Map<const Eigen::MatrixXf>;
using ConstVectorMap = Eigen::Map<const Eigen::VectorXf>;

// A matrix somewhere in memory (mapped file, read file or owned buffer), column-major, its
// elements in `storage`.
struct MatrixRef {
    const void* data = nullptr;
    WeightStorage storage = WeightStorage::F32;
    int rows = 0;
    int cols = 0;

    bool isF32() const { return storage == WeightStorage::F32; }
    // An Eigen view: F32 matrices only (throws std::logic_error for 16-bit ones).
    ConstMatrixMap map() const;
    // Column c as floats, exactly: rows values into `out`.
    void column(int c, float* out) const;
    Eigen::VectorXf column(int c) const;
    // Columns [first, first + count) as an F32 matrix, rows x count, into `out`.
    void columns(int first, int count, float* out) const;
    std::size_t bytes() const { return static_cast<std::size_t>(rows) * cols * bytesPerElement(storage); }
};


struct VectorRef {
    const float* data = nullptr;
    int size = 0;
    ConstVectorMap map() const { return ConstVectorMap(data, size); }
};

struct LayerWeights {
    VectorRef ln1Weight, ln1Bias;  // (C)
    MatrixRef attnWeight;          // (3C, C): q ++ k ++ v = attnWeight * x + attnBias  (S19)
    VectorRef attnBias;            // (3C)
    MatrixRef attnProjWeight;      // (C, C): c_proj after the heads are merged  (S23)
    VectorRef attnProjBias;        // (C)
    VectorRef ln2Weight, ln2Bias;  // (C)
    MatrixRef fcWeight;            // (4C, C): widening  (S24)
    VectorRef fcBias;              // (4C)
    MatrixRef fcProjWeight;        // (C, 4C): narrowing back
    VectorRef fcProjBias;          // (C)
};

// One weight tensor as stored in the file, for the model-anatomy table (S26).
struct WeightTensorInfo {
    std::string name;    // as in the file, e.g. "h.0.attn.c_attn.weight"
    std::string dtype;   // as in the file
    std::vector<std::int64_t> shape;
    std::int64_t parameters = 0;
};

struct Gpt2Weights {
    MatrixRef wte;     // (C, V): column t = token t's embedding  (S9)
    MatrixRef wpe;     // (C, P): column p = position p's embedding  (S9)
    std::vector<LayerWeights> layers;
    VectorRef lnFWeight, lnFBias;  // (C)
    MatrixRef lmHead;  // (C, V): equal to wte when the head is tied  (S13)
    bool tiedHead = true;

    std::vector<WeightTensorInfo> tensors;  // every tensor that was used, in file order of names
    std::int64_t parameterCount = 0;        // the tied head counted once
    std::vector<Message> warnings;          // non-finite values, ignored tensors, ...

    // Builds the views from a validated file. Throws FormatError naming the file and tensor.
    static Gpt2Weights fromSafetensors(std::shared_ptr<const SafetensorsFile> file, const Gpt2Config& config);

private:
    std::shared_ptr<const SafetensorsFile> m_file;          // keeps the mapping alive
    std::vector<std::shared_ptr<float[]>> m_ownedBuffers;  // widened 16-bit vectors, unaligned F32 copies
    friend class WeightsBuilder;
};

}  // namespace attnscope
