#pragma once
// Writing a file so that it is either the new content, whole, or the old content, untouched:
// the bytes go to a temporary file beside the target, are flushed to the disk, and only then
// renamed over it. Every error on the way (a full disk, a file-size limit, a folder that is
// read-only or gone) is reported and the temporary file removed; a crash in between leaves the
// target as it was and, at worst, a stray temporary (strayTemporaries finds them).
//
// QSaveFile is not used for this: in Qt 6.4 an error while it flushes its buffer at commit()
// (ENOSPC) is not reported, the rename happens anyway, and the target becomes empty.

#include <filesystem>
#include <string_view>
#include <vector>

namespace attnscope {

// Throws IoError naming `file` and the reason (strerror), e.g.
//   "/home/t/lesson.attnscope: could not be written (No space left on device); the previous file is unchanged"
// The new file gets the old file's permission bits, or 0644 for a new one.
void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes);

// Temporary files writeFileAtomically left beside `file` (a crash between writing and renaming):
// ".<name>.tmp-XXXXXX" in the same folder, oldest first.
std::vector<std::filesystem::path> strayTemporaries(const std::filesystem::path& file);

}  // namespace attnscope
