#include "model/AtomicFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "model/Errors.h"

namespace attnscope {
namespace {

const char* kTemporaryInfix = ".tmp-";

std::filesystem::path folderOf(const std::filesystem::path& file) {
    return file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
}

[[noreturn]] void fail(const std::filesystem::path& file, const Message& what, int err) {
    throw IoError(Message(QT_TRANSLATE_NOOP("core", "%1: %2 (%3); the previous file is unchanged"), file, what, std::strerror(err)));
}

// Removes the temporary file on every way out but the successful rename.
class Temporary {
public:
    explicit Temporary(const std::filesystem::path& target) {
        m_name = (folderOf(target) / ("." + target.filename().string() + kTemporaryInfix + "XXXXXX")).string();
        m_fd = ::mkostemp(m_name.data(), O_CLOEXEC);
        if (m_fd < 0) fail(target, Message(QT_TRANSLATE_NOOP("core", "cannot be written: no temporary file can be made in its folder")), errno);
    }
    ~Temporary() {
        if (m_fd >= 0) ::close(m_fd);
        if (!m_name.empty()) ::unlink(m_name.c_str());
    }
    Temporary(const Temporary&) = delete;
    Temporary& operator=(const Temporary&) = delete;

    int fd() const { return m_fd; }
    const std::string& name() const { return m_name; }
    // close() reports what a network or quota-limited file system could not write before.
    int close() {
        const int result = ::close(m_fd);
        m_fd = -1;
        return result;
    }
    void keep() { m_name.clear(); }

private:
    std::string m_name;
    int m_fd = -1;
};

}  // namespace

void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes) {
    struct stat existing {};
    const bool replacing = ::stat(file.c_str(), &existing) == 0;
    if (replacing && S_ISDIR(existing.st_mode)) {
        throw IoError(Message(QT_TRANSLATE_NOOP("core", "%1: is a folder, not a file; nothing was written"), file));
    }
    Temporary temporary(file);
    const mode_t mode = replacing ? (existing.st_mode & 07777) : 0644;
    const Message cannotWrite(QT_TRANSLATE_NOOP("core", "cannot be written"));
    const Message couldNotWrite(QT_TRANSLATE_NOOP("core", "could not be written"));
    if (::fchmod(temporary.fd(), mode) != 0) fail(file, cannotWrite, errno);

    // write() may write less than asked (a signal, a nearly full disk): loop until done or an error.
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(temporary.fd(), bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail(file, couldNotWrite, errno);
        if (n == 0) fail(file, couldNotWrite, ENOSPC);
        done += static_cast<std::size_t>(n);
    }
    // On the disk before the rename: otherwise a power cut can leave the new name on an empty file.
    if (::fsync(temporary.fd()) != 0) fail(file, Message(QT_TRANSLATE_NOOP("core", "could not be written to the disk")), errno);
    if (temporary.close() != 0) fail(file, couldNotWrite, errno);
    if (::rename(temporary.name().c_str(), file.c_str()) != 0) fail(file, Message(QT_TRANSLATE_NOOP("core", "could not replace the file")), errno);

    temporary.keep();
    // The rename itself is on the disk once the folder is (best effort: not every file system can).
    const int folder = ::open(folderOf(file).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder >= 0) {
        ::fsync(folder);
        ::close(folder);
    }
}

std::vector<std::filesystem::path> strayTemporaries(const std::filesystem::path& file) {
    const std::string prefix = "." + file.filename().string() + kTemporaryInfix;
    std::vector<std::pair<std::filesystem::file_time_type, std::filesystem::path>> found;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(folderOf(file), ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() != prefix.size() + 6 || name.compare(0, prefix.size(), prefix) != 0) continue;
        std::error_code statError;
        if (!it->is_regular_file(statError)) continue;
        found.emplace_back(it->last_write_time(statError), it->path());
    }
    std::sort(found.begin(), found.end());
    std::vector<std::filesystem::path> paths;
    for (auto& f : found) paths.push_back(std::move(f.second));
    return paths;
}

}  // namespace attnscope
