#pragma once
// Opening the files a model folder is made of (config.json, model.safetensors, vocab.json,
// merges.txt, tokenizer.json), which come from outside and may be anything: a FIFO that would
// block a reader forever, a device that never ends, a folder, a loop of symbolic links. Every
// loader goes through here, so each of them refuses the same things with the same messages.

#include <cstdint>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "model/Message.h"

namespace attnscope {

// What tells one version of a file from another without reading it: a file replaced (cp over
// it, a rename onto it) has another inode or time, one truncated or rewritten another size/time.
struct FileIdentity {
    std::uint64_t device = 0, inode = 0, size = 0;
    std::int64_t modifiedNs = 0;
    bool operator==(const FileIdentity&) const = default;
};

// The identity of what `file` names now (links followed); nullopt when nothing is there.
std::optional<FileIdentity> currentIdentity(const std::filesystem::path& file);

// An open, read-only descriptor of a regular file, closed when the object goes away.
class RegularFile {
public:
    // A chain of symbolic links longer than this is refused (the kernel would follow 40, and a
    // loop is only noticed at the end of them); real folders link a file once or twice.
    static constexpr int kMaxSymlinkHops = 8;

    // Follows at most kMaxSymlinkHops symbolic links, then opens what they lead to, refusing
    // anything that is not a regular file before opening it (opening a FIFO or a device can
    // block or have effects) and again on the open descriptor (a swap in between is harmless).
    // Throws FormatError naming `file` and what it is.
    static RegularFile open(const std::filesystem::path& file);

    RegularFile(RegularFile&& other) noexcept;
    RegularFile& operator=(RegularFile&&) = delete;
    RegularFile(const RegularFile&) = delete;
    RegularFile& operator=(const RegularFile&) = delete;
    ~RegularFile();

    int descriptor() const { return m_fd; }
    std::uint64_t size() const { return m_size; }  // as it was when opened
    const FileIdentity& identity() const { return m_identity; }  // as it was when opened

    // Reads up to `count` bytes from the current offset in chunks of at most kChunkBytes, each
    // passed to `onChunk` (which may throw, e.g. Cancelled), into `dest` or, when `dest` is null,
    // into a scratch buffer. Returns the bytes read: fewer than `count` if the file ends first.
    // Throws FormatError naming `file` on a read error.
    static constexpr std::size_t kChunkBytes = 8u << 20;
    std::uint64_t readChunked(const std::filesystem::path& file, std::byte* dest, std::uint64_t count,
                              const std::function<void(std::span<const std::byte>)>& onChunk) const;

    // The whole file; refuses a file larger than `maxBytes` before reading any of it, naming
    // `expected` (e.g. "a JSON file of at most 1 MiB") in the message.
    static std::string readAll(const std::filesystem::path& file, std::uint64_t maxBytes, const Message& expected);

private:
    RegularFile(int fd, std::uint64_t size) : m_fd(fd), m_size(size) {}
    int m_fd = -1;
    std::uint64_t m_size = 0;
    FileIdentity m_identity;
};

// Whether anything has this name, even a dangling link or a loop of links (so that loading it
// names the problem); never throws std::filesystem's own errors.
bool namePresent(const std::filesystem::path& path);

// A folder the loaders look into (a model folder, a tokenizer's): throws FormatError naming
// `folder`, whether it does not exist or is something else, and `lookingFor` (what was expected
// in it) if it is not a folder.
void requireFolder(const std::filesystem::path& folder, const Message& lookingFor);

}  // namespace attnscope
