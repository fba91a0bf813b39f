// model/AtomicFile: a failed write leaves the previous file whole, says why and leaves nothing
// behind; the faults are real (a file-size limit, a full tmpfs, a folder that is gone).
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "model/AtomicFile.h"
#include "model/Errors.h"
#include "tests/model/Fixtures.h"

using namespace attnscope;
using attnscope::testing::readFile;

namespace {

std::string ioErrorOf(const std::filesystem::path& file, const std::string& bytes) {
    try {
        writeFileAtomically(file, bytes);
    } catch (const IoError& e) {
        return e.what();
    }
    FAIL("expected IoError, the write succeeded");
    return {};
}

std::size_t entriesIn(const std::filesystem::path& folder) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(folder)) ++n;
    return n;
}

}  // namespace

TEST_CASE("an atomic write replaces the file and keeps its permissions", "[model][atomic-file]") {
    testing::TempDir dir;
    const auto file = dir / "lesson.attnscope";
    writeFileAtomically(file, "first");
    CHECK(readFile(file) == "first");
    CHECK((std::filesystem::status(file).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write | std::filesystem::perms::group_read |
           std::filesystem::perms::others_read));
    ::chmod(file.c_str(), 0600);
    writeFileAtomically(file, "second, longer");
    CHECK(readFile(file) == "second, longer");
    CHECK((std::filesystem::status(file).permissions() & std::filesystem::perms::all) ==
          (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
    CHECK(entriesIn(dir.path()) == 1);  // no temporary left
}

TEST_CASE("a write that hits a file-size limit leaves the previous file whole", "[model][atomic-file][io-faults]") {
    testing::TempDir dir;
    const auto file = dir / "lesson.attnscope";
    const std::string before(2600, 'a');
    writeFileAtomically(file, before);
    std::string message;
    {
        testing::FileSizeLimit limit(3000);
        message = ioErrorOf(file, std::string(10000, 'b'));
    }
    CHECK_THAT(message, Catch::Contains(file.string()) && Catch::Contains("could not be written") &&
                            Catch::Contains("File too large") && Catch::Contains("the previous file is unchanged"));
    CHECK(readFile(file) == before);
    CHECK(entriesIn(dir.path()) == 1);
}

TEST_CASE("a write onto a full disk leaves the previous file whole", "[model][atomic-file][io-faults]") {
    testing::SmallTmpfs disk("size=64k");
    if (!disk.mounted()) {
        WARN("cannot mount a tmpfs here (not root): the file-size-limit test stands in for a full disk");
        return;
    }
    const auto file = disk / "lesson.attnscope";
    const std::string before(2600, 'a');
    writeFileAtomically(file, before);
    disk.fill();
    const std::string message = ioErrorOf(file, std::string(10000, 'b'));
    CHECK_THAT(message, Catch::Contains("No space left on device"));
    CHECK(readFile(file) == before);
    CHECK(strayTemporaries(file).empty());
}

TEST_CASE("a write into a read-only or vanished folder, or onto a folder, is an error that changes nothing",
          "[model][atomic-file][io-faults]") {
    testing::TempDir dir;
    CHECK_THAT(ioErrorOf(dir / "gone" / "lesson.attnscope", "x"),
               Catch::Contains("no temporary file can be made in its folder") && Catch::Contains("No such file or directory"));
    std::filesystem::create_directories(dir / "a-folder" / "inside");
    CHECK_THAT(ioErrorOf(dir / "a-folder", "x"), Catch::Contains("is a folder"));
    CHECK(std::filesystem::is_directory(dir / "a-folder" / "inside"));

    testing::SmallTmpfs readOnly("size=64k,ro");
    if (readOnly.mounted()) {
        CHECK_THAT(ioErrorOf(readOnly / "lesson.attnscope", "x"), Catch::Contains("Read-only file system"));
    } else {
        WARN("cannot mount a read-only tmpfs here (not root)");
    }
}

TEST_CASE("stray temporaries of a file are found, oldest first, and nothing else", "[model][atomic-file]") {
    testing::TempDir dir;
    const auto file = dir / "recovery.attnscope";
    testing::writeFile(dir / ".recovery.attnscope.tmp-AAAAAA", "old");
    std::filesystem::last_write_time(dir / ".recovery.attnscope.tmp-AAAAAA",
                                     std::filesystem::file_time_type::clock::now() - std::chrono::hours(1));
    testing::writeFile(dir / ".recovery.attnscope.tmp-BBBBBB", "new");
    testing::writeFile(dir / ".other.attnscope.tmp-CCCCCC", "not ours");
    testing::writeFile(dir / ".recovery.attnscope.tmp-short", "not a temporary's name");
    const auto strays = strayTemporaries(file);
    REQUIRE(strays.size() == 2);
    CHECK(strays[0].filename() == ".recovery.attnscope.tmp-AAAAAA");
    CHECK(strays[1].filename() == ".recovery.attnscope.tmp-BBBBBB");
}
