#pragma once
// A memory-mapped safetensors file: an 8-byte little-endian header length, a JSON header
// naming each tensor's dtype, shape and byte range, then the raw data. Everything in the
// header is validated when the file is opened, so a TensorView handed out afterwards is
// always inside the mapping and always the size its shape says.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace attnscope {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, Bool };

std::size_t dtypeSize(DType dtype);
const char* dtypeName(DType dtype);

// A read-only mapping of a whole regular file. Refuses FIFOs, devices, directories and long
// chains of symbolic links (see RegularFile).
class MappedFile {
public:
    explicit MappedFile(const std::filesystem::path& file);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::byte* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
    const std::byte* m_data = nullptr;
    std::size_t m_size = 0;
};

struct TensorView {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    const std::byte* data = nullptr;  // inside the mapping; may be unaligned
    std::size_t bytes = 0;

    std::int64_t elementCount() const;
    std::string shapeString() const;  // e.g. "[768, 2304]"
};

class SafetensorsFile {
public:
    // One chunk of a file being read, and the file's whole size (as it was when opened).
    using ReadChunk = std::function<void(std::span<const std::byte> chunk, std::uint64_t fileSize)>;

    // Maps and validates the file; throws FormatError naming the file and what is wrong.
    static std::shared_ptr<const SafetensorsFile> open(const std::filesystem::path& file);
    // Reads the whole file into memory (no mapping of the file: the weights stay valid whatever
    // happens to it afterwards, where a mapped file that is truncated raises SIGBUS), handing
    // what has arrived to `onChunk` in order, on a second thread, while the rest is read
    // (hashing, progress, cancel: it may throw, and the read stops), then validates it as open()
    // does. A file that shrinks while it is read is refused as truncated.
    static std::shared_ptr<const SafetensorsFile> read(const std::filesystem::path& file,
                                                       const ReadChunk& onChunk = {});
    // Validates a file's bytes that are already in memory (kept here, so the views stay valid)
    // with the same checks; `origin` stands for the file's name in messages and in path().
    static std::shared_ptr<const SafetensorsFile> fromBytes(std::string bytes, std::filesystem::path origin);

    const std::filesystem::path& path() const { return m_origin; }
    std::span<const std::byte> bytes() const { return {m_data, m_size}; }
    bool mapped() const { return m_mapping != nullptr; }
    std::size_t fileSize() const { return m_size; }
    const std::map<std::string, TensorView>& tensors() const { return m_tensors; }
    const TensorView* find(const std::string& name) const;
    const std::map<std::string, std::string>& metadata() const { return m_metadata; }

    // The limit on the JSON header: real headers are a few hundred KB at most.
    static constexpr std::uint64_t kMaxHeaderBytes = 100ull << 20;

private:
    SafetensorsFile() = default;
    void parseHeader();

    // The bytes are either mapped from the file or held in m_ownedBytes; m_data/m_size is either.
    std::unique_ptr<MappedFile> m_mapping;
    std::string m_ownedBytes;
    struct Unmap {
        std::size_t bytes;  // no default member initializer: it would make the class incomplete here
        void operator()(std::byte* p) const;
    };
    std::unique_ptr<std::byte, Unmap> m_readBytes;  // read(): anonymous pages holding the file
    std::filesystem::path m_origin;
    const std::byte* m_data = nullptr;
    std::size_t m_size = 0;
    std::map<std::string, TensorView> m_tensors;
    std::map<std::string, std::string> m_metadata;
};

}  // namespace attnscope
