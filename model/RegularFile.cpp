#include "model/RegularFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <cstring>
#include <system_error>

#include "model/Errors.h"

namespace attnscope {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const Message& what) {
    throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: %2"), file, what));
}

Message kindOf(mode_t mode) {
    if (S_ISDIR(mode)) return Message(QT_TRANSLATE_NOOP("core", "is a folder, not a regular file"));
    if (S_ISFIFO(mode)) return Message(QT_TRANSLATE_NOOP("core", "is a FIFO (named pipe), not a regular file"));
    if (S_ISCHR(mode)) return Message(QT_TRANSLATE_NOOP("core", "is a character device, not a regular file"));
    if (S_ISBLK(mode)) return Message(QT_TRANSLATE_NOOP("core", "is a block device, not a regular file"));
    if (S_ISSOCK(mode)) return Message(QT_TRANSLATE_NOOP("core", "is a socket, not a regular file"));
    return Message(QT_TRANSLATE_NOOP("core", "is of an unknown kind, not a regular file"));
}

void refuseUnlessRegular(const std::filesystem::path& file, mode_t mode) {
    if (!S_ISREG(mode)) fail(file, kindOf(mode));
}

FileIdentity identityOf(const struct stat& st) {
    FileIdentity id;
    id.device = static_cast<std::uint64_t>(st.st_dev);
    id.inode = static_cast<std::uint64_t>(st.st_ino);
    id.size = static_cast<std::uint64_t>(st.st_size);
    id.modifiedNs = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return id;
}

}  // namespace

RegularFile RegularFile::open(const std::filesystem::path& file) {
    // Follow the links ourselves so that a loop or a long chain is a clear error after a few
    // hops, and so that we know what is at the end before opening it.
    std::filesystem::path resolved = file;
    struct stat st {};
    for (int hops = 0;; ++hops) {
        if (::lstat(resolved.c_str(), &st) != 0) {
            const int err = errno;
            if (err == ENOENT && hops == 0) fail(file, Message(QT_TRANSLATE_NOOP("core", "file not found")));
            if (err == ENOENT) {
                fail(file, Message(QT_TRANSLATE_NOOP("core", "file not found (it is a symbolic link to %1, which does not exist)"), resolved));
            }
            fail(file, Message(QT_TRANSLATE_NOOP("core", "cannot be read: %1"), std::strerror(err)));
        }
        if (!S_ISLNK(st.st_mode)) break;
        if (hops == kMaxSymlinkHops) {
            fail(file, Message(QT_TRANSLATE_NOOP("core", "more than %1 symbolic links in a row (a loop?), "
                                                         "expected a regular file at most %1 links away"),
                               kMaxSymlinkHops));
        }
        std::error_code ec;
        const std::filesystem::path target = std::filesystem::read_symlink(resolved, ec);
        if (ec) fail(file, Message(QT_TRANSLATE_NOOP("core", "cannot read the symbolic link %1: %2"), resolved, ec.message()));
        resolved = target.is_absolute() ? target : resolved.parent_path() / target;
    }
    refuseUnlessRegular(file, st.st_mode);

    // O_NOFOLLOW: the end of the chain was not a link a moment ago, and must not have become one.
    // O_NONBLOCK: should it have become a FIFO, opening returns at once instead of waiting for a writer.
    const int fd = ::open(resolved.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
    if (fd < 0) {
        const int err = errno;
        fail(file, Message(QT_TRANSLATE_NOOP("core", "cannot open: %1"), std::strerror(err)));
    }
    RegularFile opened(fd, 0);
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        fail(file, Message(QT_TRANSLATE_NOOP("core", "cannot stat: %1"), std::strerror(err)));
    }
    // Checked again on the descriptor, not the name, so a swap between check and use is harmless.
    refuseUnlessRegular(file, st.st_mode);
    opened.m_size = static_cast<std::uint64_t>(st.st_size);
    opened.m_identity = identityOf(st);
    return opened;
}

RegularFile::RegularFile(RegularFile&& other) noexcept : m_fd(other.m_fd), m_size(other.m_size), m_identity(other.m_identity) {
    other.m_fd = -1;
}

std::optional<FileIdentity> currentIdentity(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return std::nullopt;
    return identityOf(st);
}

RegularFile::~RegularFile() {
    if (m_fd >= 0) ::close(m_fd);
}

std::string RegularFile::readAll(const std::filesystem::path& file, std::uint64_t maxBytes, const Message& expected) {
    const RegularFile opened = open(file);
    if (opened.size() > maxBytes) {
        fail(file, Message(QT_TRANSLATE_NOOP("core", "is %1 bytes, expected %2"), opened.size(), expected));
    }
    std::string bytes(static_cast<std::size_t>(opened.size()), '\0');
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::read(opened.descriptor(), bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int err = errno;
            fail(file, Message(QT_TRANSLATE_NOOP("core", "could not be read to the end: %1"), std::strerror(err)));
        }
        if (n == 0) break;  // the file shrank after it was opened: keep what is there
        done += static_cast<std::size_t>(n);
    }
    bytes.resize(done);
    return bytes;
}

std::uint64_t RegularFile::readChunked(const std::filesystem::path& file, std::byte* dest, std::uint64_t count,
                                       const std::function<void(std::span<const std::byte>)>& onChunk) const {
    std::unique_ptr<std::byte[]> scratch;
    if (!dest) scratch.reset(new std::byte[std::min<std::uint64_t>(count, kChunkBytes)]);
    std::uint64_t done = 0;
    while (done < count) {
        std::byte* into = dest ? dest + done : scratch.get();
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(count - done, kChunkBytes));
        std::size_t got = 0;
        while (got < want) {
            const ssize_t n = ::read(m_fd, into + got, want - got);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                const int err = errno;
                fail(file, Message(QT_TRANSLATE_NOOP("core", "could not be read to the end: %1"), std::strerror(err)));
            }
            if (n == 0) break;
            got += static_cast<std::size_t>(n);
        }
        if (got > 0 && onChunk) onChunk(std::span<const std::byte>(into, got));
        done += got;
        if (got < want) break;  // the file ended early (it shrank after it was opened)
    }
    return done;
}

bool namePresent(const std::filesystem::path& path) {
    std::error_code ec;
    return std::filesystem::exists(std::filesystem::symlink_status(path, ec));
}

void requireFolder(const std::filesystem::path& folder, const Message& lookingFor) {
    std::error_code ec;
    if (std::filesystem::is_directory(folder, ec)) return;
    if (namePresent(folder)) throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: is not a folder (%2)"), folder, lookingFor));
    throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: does not exist (%2)"), folder, lookingFor));
}


}  // namespace attnscope
