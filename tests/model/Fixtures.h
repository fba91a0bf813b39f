#pragma once
// Shared helpers for the model tests: where the fixtures are, reading reference.json, and
// writing altered copies of a checkpoint into a temporary folder.

#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "model/Errors.h"

namespace attnscope::testing {

inline std::filesystem::path dataDir() { return ATTNSCOPE_TEST_DATA_DIR; }
inline std::filesystem::path checkpointDir(const std::string& variant) { return dataDir() / "checkpoints" / variant; }

inline std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void writeFile(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The message of the FormatError that `f` throws; any other outcome fails the test.
template <class F>
std::string formatErrorOf(F&& f) {
    try {
        f();
    } catch (const FormatError& e) {
        return e.what();
    } catch (const std::exception& e) {
        FAIL("expected FormatError, got another exception: " << e.what());
    }
    FAIL("expected FormatError, nothing was thrown");
    return {};
}

inline nlohmann::json readJson(const std::filesystem::path& p) { return nlohmann::json::parse(readFile(p)); }

// A fresh, empty folder under the system temp dir, removed when the object goes away.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        m_path = std::filesystem::temp_directory_path() / ("attnscope-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

// While it lives, this process may not make a file larger than `bytes` (RLIMIT_FSIZE): a write
// beyond it fails with EFBIG, as on a full disk, for the test's own process only and without root.
// SIGXFSZ, which would kill the process, is ignored meanwhile.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        ::getrlimit(RLIMIT_FSIZE, &m_before);
        m_handler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = m_before;
        limited.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &limited);
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &m_before);
        std::signal(SIGXFSZ, m_handler);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    rlimit m_before{};
    void (*m_handler)(int) = SIG_DFL;
};

// A small tmpfs mounted on a fresh folder (needs root or CAP_SYS_ADMIN; mounted() says whether
// it worked), unmounted when the object goes away. A real full disk, not a stand-in.
class SmallTmpfs {
public:
    explicit SmallTmpfs(const std::string& options) {
        m_mounted = ::mount("tmpfs", m_dir.path().c_str(), "tmpfs", 0, options.c_str()) == 0;
    }
    ~SmallTmpfs() {
        if (m_mounted) ::umount2(m_dir.path().c_str(), MNT_DETACH);
    }
    bool mounted() const { return m_mounted; }
    const std::filesystem::path& path() const { return m_dir.path(); }
    std::filesystem::path operator/(const std::string& name) const { return m_dir.path() / name; }
    // Writes filler until the file system is full.
    void fill() const {
        std::ofstream out(m_dir.path() / "filler", std::ios::binary);
        const std::string block(4096, 'x');
        while (out.write(block.data(), static_cast<std::streamsize>(block.size()))) {
        }
    }

private:
    TempDir m_dir;
    bool m_mounted = false;
};

// Everything written to file descriptor 2 (std::cerr, stderr) while the object lives, for tests of
// what the app says on the command line. text() may be called before it goes away.
class StderrCapture {
public:
    StderrCapture() {
        std::fflush(stderr);
        m_saved = ::dup(2);
        m_file = std::tmpfile();
        if (m_saved >= 0 && m_file) ::dup2(::fileno(m_file), 2);
    }
    ~StderrCapture() {
        restore();
        if (m_file) std::fclose(m_file);
    }
    StderrCapture(const StderrCapture&) = delete;
    StderrCapture& operator=(const StderrCapture&) = delete;
    std::string text() {
        std::fflush(stderr);
        std::cerr.flush();
        if (!m_file) return {};
        std::string out;
        std::rewind(m_file);
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, m_file)) > 0;) out.append(buffer, n);
        std::fseek(m_file, 0, SEEK_END);
        return out;
    }

private:
    void restore() {
        if (m_saved < 0) return;
        std::fflush(stderr);
        std::cerr.flush();
        ::dup2(m_saved, 2);
        ::close(m_saved);
        m_saved = -1;
    }
    int m_saved = -1;
    std::FILE* m_file = nullptr;
};

// Copies a fixture checkpoint folder into `dest`.
inline void copyCheckpoint(const std::string& variant, const std::filesystem::path& dest) {
    for (const auto& entry : std::filesystem::directory_iterator(checkpointDir(variant))) {
        std::filesystem::copy_file(entry.path(), dest / entry.path().filename(),
                                   std::filesystem::copy_options::overwrite_existing);
    }
}

// A safetensors file split into its header (as JSON) and its data, to be altered and rejoined.
struct SafetensorsParts {
    nlohmann::json header;
    std::string data;

    static SafetensorsParts read(const std::filesystem::path& file) {
        const std::string bytes = readFile(file);
        std::uint64_t n = 0;
        for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<unsigned char>(bytes[i]);
        return {nlohmann::json::parse(bytes.substr(8, n)), bytes.substr(8 + n)};
    }

    static std::string join(const std::string& headerText, const std::string& data) {
        std::string out(8, '\0');
        std::uint64_t n = headerText.size();
        for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((n >> (8 * i)) & 0xff);
        return out + headerText + data;
    }

    std::string bytes() const { return join(header.dump(), data); }

    // Appends `bytes` to a tensor's data, moving the later tensors up (shape left to the caller).
    void growTensor(const std::string& name, const std::string& bytes) {
        const std::uint64_t end = header[name]["data_offsets"][1];
        data.insert(end, bytes);
        for (auto& [key, entry] : header.items()) {
            if (key == "__metadata__") continue;
            for (auto& offset : entry["data_offsets"]) {
                if (offset.get<std::uint64_t>() > end || (key != name && offset.get<std::uint64_t>() == end)) {
                    offset = offset.get<std::uint64_t>() + bytes.size();
                }
            }
        }
        header[name]["data_offsets"][1] = end + bytes.size();
    }

    // Takes a tensor out with its bytes, moving the later tensors down, so the data stays tiled.
    void removeTensor(const std::string& name) {
        const std::uint64_t begin = header[name]["data_offsets"][0], end = header[name]["data_offsets"][1];
        header.erase(name);
        data.erase(begin, end - begin);
        for (auto& [key, entry] : header.items()) {
            if (key == "__metadata__") continue;
            for (auto& offset : entry["data_offsets"]) {
                if (offset.get<std::uint64_t>() >= end) offset = offset.get<std::uint64_t>() - (end - begin);
            }
        }
    }
};

// Pads the F32 fixture copy in `folder` as nanoGPT pads GPT-2 (50,304 over 50,257): config
// vocab_size and the tied embedding grow by `extraRows` rows that the tokenizer has no text for.
// The rows are pseudo-random with values up to +-`amplitude` (far above the trained rows), so
// that without a mask their logits would win.
inline void padVocabulary(const std::filesystem::path& folder, int extraRows, float amplitude) {
    nlohmann::json config = readJson(folder / "config.json");
    const int vocab = config["vocab_size"].get<int>() + extraRows;
    config["vocab_size"] = vocab;
    writeFile(folder / "config.json", config.dump(1));

    SafetensorsParts parts = SafetensorsParts::read(folder / "model.safetensors");
    std::string name;
    for (auto& [key, entry] : parts.header.items()) {
        if (key.size() >= 10 && key.compare(key.size() - 10, 10, "wte.weight") == 0) name = key;
    }
    const int width = parts.header[name]["shape"][1].get<int>();
    std::string bytes(static_cast<std::size_t>(extraRows) * width * sizeof(float), '\0');
    std::uint32_t state = 12345;
    for (std::size_t i = 0; i < bytes.size() / sizeof(float); ++i) {
        state = state * 1664525u + 1013904223u;
        const float v = amplitude * (static_cast<float>(state >> 8) / 8388608.0f - 1.0f);
        std::memcpy(&bytes[i * sizeof(float)], &v, sizeof v);
    }
    parts.header[name]["shape"][0] = vocab;
    parts.growTensor(name, bytes);
    writeFile(folder / "model.safetensors", parts.bytes());
}

}  // namespace attnscope::testing
