#include "model/Fingerprint.h"

#include <sodium.h>

#include <stdexcept>

#include "model/Errors.h"
#include "model/RegularFile.h"

namespace attnscope {

struct FingerprintHasher::State {
    crypto_generichash_state hash;
};

FingerprintHasher::FingerprintHasher() : m_state(new State) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    crypto_generichash_init(&m_state->hash, nullptr, 0, 32);  // unkeyed BLAKE2b, 256-bit digest
}

FingerprintHasher::~FingerprintHasher() { delete m_state; }

void FingerprintHasher::beginFile(const std::string& name, std::uint64_t size) {
    const std::string head = name + '\0' + std::to_string(size) + '\0';
    crypto_generichash_update(&m_state->hash, reinterpret_cast<const unsigned char*>(head.data()), head.size());
}

void FingerprintHasher::add(std::span<const std::byte> bytes) {
    crypto_generichash_update(&m_state->hash, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string FingerprintHasher::hexDigest() {
    unsigned char digest[32];
    crypto_generichash_final(&m_state->hash, digest, sizeof digest);
    static const char* kHex = "0123456789abcdef";
    std::string hex;
    for (unsigned char b : digest) {
        hex += kHex[b >> 4];
        hex += kHex[b & 15];
    }
    return hex;
}

std::string fingerprintFolder(const std::filesystem::path& folder, const std::function<bool()>& cancelled) {
    FingerprintHasher hasher;
    for (const char* name : kFingerprintedFiles) {
        const auto path = folder / name;
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) continue;  // follows links: a dangling one does not count
        const RegularFile file = RegularFile::open(path);
        hasher.beginFile(name, file.size());
        file.readChunked(path, nullptr, file.size(), [&](std::span<const std::byte> chunk) {
            if (cancelled && cancelled()) throw Cancelled(Message(QT_TRANSLATE_NOOP("core", "hashing the model's files was cancelled")));
            hasher.add(chunk);
        });
    }
    return hasher.hexDigest();
}

}  // namespace attnscope
