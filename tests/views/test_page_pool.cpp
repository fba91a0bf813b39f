// PagePool: the recycled page buffers behind the heatmap and the head grid. A buffer given back
// is handed out again for the same size, a miss lets go of the spares of another size, at most
// maxSpares are kept, clear() lets go of them all, and any thread may give a buffer back.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

#include "views/PagePool.h"

using attnscope::views::PageBuffer;
using attnscope::views::PagePool;
using attnscope::views::PooledBuffer;

namespace {
constexpr std::size_t kMiB = 1 << 20;
}

TEST_CASE("a page pool hands out again the buffers given back, for the same size only", "[views][pagepool]") {
    const auto pool = PagePool::create(2);
    void* first = nullptr;
    {
        PooledBuffer a = pool->take(kMiB);
        REQUIRE(a.data());
        CHECK(a.size() == kMiB);
        std::memset(a.data(), 7, a.size());  // the pages are writable
        first = a.data();
        CHECK(pool->bytes() == kMiB);
        CHECK(pool->spareCount() == 0);
    }
    CHECK(pool->spareCount() == 1);
    CHECK(pool->bytes() == kMiB);  // kept, not unmapped

    PooledBuffer again = pool->take(kMiB);
    CHECK(again.data() == first);
    CHECK(pool->spareCount() == 0);

    SECTION("a miss lets go of the spares of another size") {
        { PooledBuffer other = pool->take(2 * kMiB); }  // now a spare of 2 MiB
        CHECK(pool->spareCount() == 1);
        CHECK(pool->bytes() == 3 * kMiB);
        PooledBuffer small = pool->take(kMiB / 2);
        CHECK(pool->spareCount() == 0);
        CHECK(pool->bytes() == kMiB + kMiB / 2);
    }
    SECTION("no more than maxSpares are kept; clear() lets go of them") {
        {
            PooledBuffer b = pool->take(kMiB);
            PooledBuffer c = pool->take(kMiB);
            PooledBuffer d = pool->take(kMiB);
            CHECK(pool->bytes() == 4 * kMiB);
        }
        CHECK(pool->spareCount() == 2);
        CHECK(pool->bytes() == 3 * kMiB);  // `again` on loan, two spares
        pool->clear();
        CHECK(pool->spareCount() == 0);
        CHECK(pool->bytes() == kMiB);
    }
}

TEST_CASE("a pooled buffer may be given back on another thread, also after its view let go of the pool", "[views][pagepool]") {
    const std::size_t before = PageBuffer::liveBytes();
    auto pool = PagePool::create(1);
    PooledBuffer buffer = pool->take(kMiB);
    std::thread([b = std::move(buffer)]() mutable { b = PooledBuffer(); }).join();
    CHECK(pool->spareCount() == 1);

    PooledBuffer kept = pool->take(kMiB);
    pool.reset();  // the buffer holds the pool alive, and with it unmaps on the way out
    CHECK(PageBuffer::liveBytes() == before + kMiB);
    kept = PooledBuffer();
    CHECK(PageBuffer::liveBytes() == before);
}

TEST_CASE("roundedSide lets a growing text ask for the same size from one multiple of 128 to the next", "[views][pagepool]") {
    CHECK(PagePool::roundedSide(0) == 128);
    CHECK(PagePool::roundedSide(1) == 128);
    CHECK(PagePool::roundedSide(128) == 128);
    CHECK(PagePool::roundedSide(129) == 256);
    CHECK(PagePool::roundedSide(1000) == 1024);
    CHECK(PagePool::roundedSide(1024) == 1024);
}

TEST_CASE("a page pool stays consistent while threads take and give back at the same time", "[views][pagepool]") {
    // The heatmap's jobs take on pool threads while the UI thread gives back and clears.
    const std::size_t before = PageBuffer::liveBytes();
    {
        const auto pool = PagePool::create(2);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&pool, t] {
                for (int i = 0; i < 300; ++i) {
                    PooledBuffer a = pool->take(64 * 1024);
                    static_cast<char*>(a.data())[i] = static_cast<char>(t);
                    if (i % 50 == 0) pool->clear();
                }
            });
        }
        for (std::thread& t : threads) t.join();
        CHECK(pool->spareCount() <= 2);
        CHECK(pool->bytes() == pool->spareCount() * 64 * 1024);  // nothing on loan
    }
    CHECK(PageBuffer::liveBytes() == before);  // the pool's spares went with it
}

TEST_CASE("a page pool's new buffers are resident from the start, so a view's memory does not depend on what its jobs reached", "[views][pagepool]") {
    const auto pool = PagePool::create(1);
    PooledBuffer buffer = pool->take(3 * kMiB + 123);
    const long page = sysconf(_SC_PAGESIZE);
    REQUIRE(page > 0);
    // mincore wants a page-aligned start (under ASan the buffer comes from malloc).
    const auto begin = reinterpret_cast<std::uintptr_t>(buffer.data()) / page * page;
    const auto end = reinterpret_cast<std::uintptr_t>(buffer.data()) + buffer.size();
    std::vector<unsigned char> resident((end - begin + page - 1) / page);
    REQUIRE(mincore(reinterpret_cast<void*>(begin), end - begin, resident.data()) == 0);
    std::size_t missing = 0;
    for (unsigned char r : resident) missing += (r & 1) ? 0 : 1;
    CHECK(missing == 0);
    // Zeroed, like fresh anonymous pages.
    const auto* bytes = static_cast<const unsigned char*>(buffer.data());
    CHECK(std::all_of(bytes, bytes + buffer.size(), [](unsigned char b) { return b == 0; }));
}
