#pragma once
// A model folder's content fingerprint, stored in workspaces so that opening one can tell
// whether the model is the one the lesson was prepared with: BLAKE2b-256 (libsodium) over the
// files that define the model, in a fixed order, each as its name, a NUL, its size in decimal,
// a NUL, then its bytes. A file that is not there does not count.
//
// The loader computes it from the very bytes it reads (Gpt2Model::fingerprint), so a model is
// hashed once, by the thread that loads it, through RegularFile's checks, and a cancel request
// stops it. fingerprintFolder() hashes a folder that is not loaded in the same way.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>

namespace attnscope {

// The names hashed, in order: the files Gpt2Model::loadFolder may read.
inline constexpr std::array<const char*, 5> kFingerprintedFiles = {"config.json", "model.safetensors", "vocab.json",
                                                                   "merges.txt", "tokenizer.json"};

class FingerprintHasher {
public:
    FingerprintHasher();
    ~FingerprintHasher();
    FingerprintHasher(const FingerprintHasher&) = delete;
    FingerprintHasher& operator=(const FingerprintHasher&) = delete;

    // Starts the next file: its name and size, before its bytes.
    void beginFile(const std::string& name, std::uint64_t size);
    void add(std::span<const std::byte> bytes);
    // The hex digest (64 characters); the hasher is finished after it.
    std::string hexDigest();

private:
    struct State;
    State* m_state;
};

// Hashes a folder's files as the loader does, reading each through RegularFile (no FIFOs, no
// devices, no endless files) in chunks; throws FormatError naming a file that cannot be read,
// and Cancelled when `cancelled` says so between chunks.
std::string fingerprintFolder(const std::filesystem::path& folder, const std::function<bool()>& cancelled = {});

}  // namespace attnscope
