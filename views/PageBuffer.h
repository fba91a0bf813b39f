#pragma once
// Memory for one large array straight from the kernel: mapped when made, unmapped when
// destroyed, so that it never stays behind in malloc's heap as free but resident memory. The
// heatmap's T x T matrices and images and the head grid's thumbnails live in these, recycled from
// step to step by a PagePool (views/PagePool.h). malloc is not told to map every large block
// itself (a fixed mmap threshold): the forward pass's own temporaries then got mapped anew each
// time and a prefill ran at half speed (docs/reliability.md).
//
// Under AddressSanitizer the block comes from malloc instead, so that ASan still checks it.

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <utility>

#include <sys/mman.h>

namespace attnscope::views {

class PageBuffer {
public:
    PageBuffer() = default;
    explicit PageBuffer(std::size_t bytes) : m_bytes(bytes) {
        if (bytes == 0) return;
#if defined(__SANITIZE_ADDRESS__)
        m_data = std::malloc(bytes);
        if (!m_data) throw std::bad_alloc();
#else
        void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        m_data = p;
#endif
        liveBytes() += bytes;
    }
    ~PageBuffer() { release(); }

    PageBuffer(PageBuffer&& other) noexcept
        : m_data(std::exchange(other.m_data, nullptr)), m_bytes(std::exchange(other.m_bytes, 0)) {}
    PageBuffer& operator=(PageBuffer&& other) noexcept {
        if (this != &other) {
            release();
            m_data = std::exchange(other.m_data, nullptr);
            m_bytes = std::exchange(other.m_bytes, 0);
        }
        return *this;
    }
    PageBuffer(const PageBuffer&) = delete;
    PageBuffer& operator=(const PageBuffer&) = delete;

    void* data() const { return m_data; }
    std::size_t size() const { return m_bytes; }

    // The bytes held by all page buffers of the process now (attnscope-ui-bench reports it).
    static std::atomic<std::size_t>& liveBytes() {
        static std::atomic<std::size_t> bytes{0};
        return bytes;
    }

private:
    void release() {
        if (!m_data) return;
#if defined(__SANITIZE_ADDRESS__)
        std::free(m_data);
#else
        munmap(m_data, m_bytes);
#endif
        liveBytes() -= m_bytes;
        m_data = nullptr;
        m_bytes = 0;
    }

    void* m_data = nullptr;
    std::size_t m_bytes = 0;
};

}  // namespace attnscope::views
