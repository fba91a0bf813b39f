#pragma once
// Page buffers that a view needs again at every step of a growing text, recycled instead of
// mapped and unmapped each time: the heatmap's T x T matrices and images, the head grid's
// thumbnails. A view takes a buffer, and the buffer goes back to the pool when its last user
// lets go of it (on whichever thread), ready for the view's next job.
//
// Why: each of these views shows one buffer while it makes the next one on the thread pool, so
// its memory went up and down at every step, and a run's memory peak depended on which of those
// moments happened to coincide (docs/reliability.md, "Cancel, repainting and memory"). With the spares
// kept, a view's memory rises to what it needs once and stays there until the text is let go of
// (clear()), whatever the timing.
//
// Sizes are rounded up by the caller (see roundedSide()), so that a text growing by one token
// asks for the same size again. New pages are written once, all of them, when they are mapped:
// otherwise a buffer's memory would be the pages its jobs happened to reach (a buffer that made
// a 1009-token heatmap holds more than one that only made 1008-token ones), and how much a view
// holds would again depend on timing. The rounding keeps what this costs small.

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "views/PageBuffer.h"

namespace attnscope::views {

class PagePool;

// A buffer on loan from a PagePool: it goes back to the pool when destroyed.
class PooledBuffer {
public:
    PooledBuffer() = default;
    PooledBuffer(std::shared_ptr<PagePool> pool, PageBuffer pages) : m_pool(std::move(pool)), m_pages(std::move(pages)) {}
    ~PooledBuffer();
    PooledBuffer(PooledBuffer&&) noexcept = default;
    PooledBuffer& operator=(PooledBuffer&& other) noexcept {
        if (this != &other) {
            giveBack();
            m_pool = std::move(other.m_pool);
            m_pages = std::move(other.m_pages);
        }
        return *this;
    }
    PooledBuffer(const PooledBuffer&) = delete;
    PooledBuffer& operator=(const PooledBuffer&) = delete;

    void* data() const { return m_pages.data(); }
    std::size_t size() const { return m_pages.size(); }

private:
    void giveBack();
    std::shared_ptr<PagePool> m_pool;
    PageBuffer m_pages;
};

class PagePool : public std::enable_shared_from_this<PagePool> {
public:
    // `maxSpares`: how many returned buffers are kept; one more returned is unmapped.
    static std::shared_ptr<PagePool> create(std::size_t maxSpares) {
        return std::shared_ptr<PagePool>(new PagePool(maxSpares));
    }

    // A spare of exactly `bytes`, or new pages. A miss means the view's text changed size
    // class: the spares of the old size will not fit again and are unmapped.
    PooledBuffer take(std::size_t bytes) {
        std::vector<PageBuffer> dropped;  // unmapped after the lock is released
        {
            std::lock_guard lock(m_mutex);
            const auto it = std::find_if(m_spares.begin(), m_spares.end(), [&](const PageBuffer& b) { return b.size() == bytes; });
            if (it != m_spares.end()) {
                PageBuffer found = std::move(*it);
                m_spares.erase(it);
                m_lentBytes += bytes;
                return PooledBuffer(shared_from_this(), std::move(found));
            }
            dropped.swap(m_spares);
        }
        dropped.clear();  // before mapping the new pages, not after
        PageBuffer fresh(bytes);
        if (bytes > 0) std::memset(fresh.data(), 0, bytes);  // every page resident from the start (above)
        std::lock_guard lock(m_mutex);
        m_lentBytes += bytes;
        return PooledBuffer(shared_from_this(), std::move(fresh));
    }

    // Unmaps the spares (the view let go of its text).
    void clear() {
        std::vector<PageBuffer> dropped;
        std::lock_guard lock(m_mutex);
        dropped.swap(m_spares);
    }

    std::size_t spareCount() const {
        std::lock_guard lock(m_mutex);
        return m_spares.size();
    }

    // The bytes this pool has mapped: on loan and spare.
    std::size_t bytes() const {
        std::lock_guard lock(m_mutex);
        std::size_t total = m_lentBytes;
        for (const PageBuffer& b : m_spares) total += b.size();
        return total;
    }

    // The side to allocate for a T x T matrix: T rounded up to a multiple of 128, so that all
    // the steps of a growing text from one multiple to the next reuse the same buffers.
    static int roundedSide(int T) { return (std::max(T, 1) + 127) / 128 * 128; }

private:
    explicit PagePool(std::size_t maxSpares) : m_maxSpares(maxSpares) {}
    friend class PooledBuffer;
    void give(PageBuffer pages) {
        if (!pages.data()) return;
        std::lock_guard lock(m_mutex);
        m_lentBytes -= pages.size();
        if (m_spares.size() < m_maxSpares) m_spares.push_back(std::move(pages));
        // else `pages` is unmapped on the way out, after the lock (declared later) is released
    }

    mutable std::mutex m_mutex;
    std::vector<PageBuffer> m_spares;
    std::size_t m_maxSpares;
    std::size_t m_lentBytes = 0;
};

inline void PooledBuffer::giveBack() {
    if (m_pool) m_pool->give(std::move(m_pages));
    m_pool.reset();
}

inline PooledBuffer::~PooledBuffer() { giveBack(); }

}  // namespace attnscope::views
