#include "model/Safetensors.h"

#include <sys/mman.h>

#include <algorithm>
#include <climits>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <new>
#include <cerrno>
#include <cstring>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "model/Errors.h"
#include "model/RegularFile.h"

namespace attnscope {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::filesystem::path& file, const Message& what) {
    throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: %2"), file, what));
}

bool parseDType(const std::string& s, DType& out) {
    static const std::pair<const char*, DType> kNames[] = {
        {"F64", DType::F64}, {"F32", DType::F32}, {"F16", DType::F16}, {"BF16", DType::BF16},
        {"I64", DType::I64}, {"I32", DType::I32}, {"I16", DType::I16}, {"I8", DType::I8},
        {"U8", DType::U8},   {"BOOL", DType::Bool},
    };
    for (const auto& [name, dtype] : kNames) {
        if (s == name) {
            out = dtype;
            return true;
        }
    }
    return false;
}

}  // namespace

std::size_t dtypeSize(DType dtype) {
    switch (dtype) {
        case DType::F64: case DType::I64: return 8;
        case DType::F32: case DType::I32: return 4;
        case DType::F16: case DType::BF16: case DType::I16: return 2;
        case DType::I8: case DType::U8: case DType::Bool: return 1;
    }
    return 0;
}

const char* dtypeName(DType dtype) {
    switch (dtype) {
        case DType::F64: return "F64";
        case DType::F32: return "F32";
        case DType::F16: return "F16";
        case DType::BF16: return "BF16";
        case DType::I64: return "I64";
        case DType::I32: return "I32";
        case DType::I16: return "I16";
        case DType::I8: return "I8";
        case DType::U8: return "U8";
        case DType::Bool: return "BOOL";
    }
    return "?";
}

std::int64_t TensorView::elementCount() const {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

std::string TensorView::shapeString() const {
    std::ostringstream s;
    s << '[';
    for (std::size_t i = 0; i < shape.size(); ++i) s << (i ? ", " : "") << shape[i];
    s << ']';
    return s.str();
}

// ---------------------------------------------------------------------------------------------
// MappedFile

MappedFile::MappedFile(const std::filesystem::path& file) : m_path(file) {
    const RegularFile opened = RegularFile::open(file);
    m_size = static_cast<std::size_t>(opened.size());
    if (m_size > 0) {
        void* p = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, opened.descriptor(), 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            fail(file, Message(QT_TRANSLATE_NOOP("core", "cannot memory-map: %1"), std::strerror(err)));
        }
        m_data = static_cast<const std::byte*>(p);
    }
    // `opened` closes the descriptor; the mapping keeps the file alive.
}

MappedFile::~MappedFile() {
    if (m_data) ::munmap(const_cast<std::byte*>(m_data), m_size);
}

// ---------------------------------------------------------------------------------------------
// SafetensorsFile

std::shared_ptr<const SafetensorsFile> SafetensorsFile::open(const std::filesystem::path& file) {
    std::shared_ptr<SafetensorsFile> st(new SafetensorsFile());
    st->m_mapping = std::make_unique<MappedFile>(file);
    st->m_origin = file;
    st->m_data = st->m_mapping->data();
    st->m_size = st->m_mapping->size();
    st->parseHeader();
    return st;
}

void SafetensorsFile::Unmap::operator()(std::byte* p) const {
    if (p) ::munmap(p, bytes);
}

std::shared_ptr<const SafetensorsFile> SafetensorsFile::read(const std::filesystem::path& file,
                                                             const ReadChunk& onChunk) {
    std::shared_ptr<SafetensorsFile> st(new SafetensorsFile());
    const RegularFile opened = RegularFile::open(file);
    const std::uint64_t size = opened.size();
    if (size > 0) {
        // Anonymous pages faulted in by the kernel in one go (MAP_POPULATE): reading into them
        // took half the time of reading into fresh heap pages, fault by fault (548 MB: 0.8-1.0 s
        // against 1.9 s here).
        void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (p == MAP_FAILED) fail(file, Message(QT_TRANSLATE_NOOP("core", "is %1 bytes: there is not enough memory to read it"), size));
        st->m_readBytes = std::unique_ptr<std::byte, Unmap>(static_cast<std::byte*>(p), Unmap{static_cast<std::size_t>(size)});
    }
    std::byte* buffer = st->m_readBytes.get();

    // A pipeline: this thread reads chunk i + 1 while a second one hands chunk i to onChunk
    // (hashing runs at about the speed of reading, so the two together take the time of one).
    // The buffer outlives both: whichever side fails, the other is stopped and joined first.
    struct Shared {
        std::mutex mutex;
        std::condition_variable changed;
        std::uint64_t published = 0;
        bool readerDone = false, stop = false;
        std::exception_ptr consumerError;
    } shared;
    struct StopReading {};
    std::thread consumer;
    if (onChunk) {
        consumer = std::thread([&] {
            std::uint64_t done = 0;
            try {
                for (;;) {
                    std::unique_lock lock(shared.mutex);
                    shared.changed.wait(lock, [&] { return shared.published > done || shared.readerDone || shared.stop; });
                    if (shared.stop) return;
                    // At most one chunk at a time, so that a cancel request is seen within one.
                    const std::uint64_t upto = std::min<std::uint64_t>(shared.published, done + RegularFile::kChunkBytes);
                    const bool finished = shared.readerDone;
                    lock.unlock();
                    if (upto > done) {
                        onChunk(std::span<const std::byte>(buffer + done, static_cast<std::size_t>(upto - done)), size);
                        done = upto;
                    } else if (finished) {
                        return;
                    }
                }
            } catch (...) {
                const std::lock_guard lock(shared.mutex);
                shared.consumerError = std::current_exception();
                shared.stop = true;
            }
        });
    }
    auto finish = [&](bool readerFailed) {
        {
            const std::lock_guard lock(shared.mutex);
            shared.readerDone = true;
            if (readerFailed) shared.stop = true;
        }
        shared.changed.notify_all();
        if (consumer.joinable()) consumer.join();
        if (shared.consumerError) std::rethrow_exception(shared.consumerError);
    };
    std::uint64_t got = 0;
    try {
        got = opened.readChunked(file, buffer, size, [&](std::span<const std::byte> chunk) {
            {
                const std::lock_guard lock(shared.mutex);
                if (shared.stop) throw StopReading{};
                shared.published += chunk.size();
            }
            shared.changed.notify_all();
        });
    } catch (const StopReading&) {
        finish(true);  // rethrows the consumer's error
    } catch (...) {
        finish(true);
        throw;
    }
    finish(false);
    if (got != size) fail(file, Message(QT_TRANSLATE_NOOP("core", "truncated while it was read: %1 of %2 bytes"), got, size));
    st->m_origin = file;
    st->m_data = buffer;
    st->m_size = static_cast<std::size_t>(size);
    st->parseHeader();
    return st;
}

std::shared_ptr<const SafetensorsFile> SafetensorsFile::fromBytes(std::string bytes, std::filesystem::path origin) {
    std::shared_ptr<SafetensorsFile> st(new SafetensorsFile());
    st->m_ownedBytes = std::move(bytes);
    st->m_origin = std::move(origin);
    st->m_data = reinterpret_cast<const std::byte*>(st->m_ownedBytes.data());
    st->m_size = st->m_ownedBytes.size();
    st->parseHeader();
    return st;
}

const TensorView* SafetensorsFile::find(const std::string& name) const {
    const auto it = m_tensors.find(name);
    return it == m_tensors.end() ? nullptr : &it->second;
}

void SafetensorsFile::parseHeader() {
    const auto& file = m_origin;
    const std::size_t size = m_size;
    if (size < 8) fail(file, Message(QT_TRANSLATE_NOOP("core", "truncated: %1 bytes, expected at least 8 (the header length)"), size));
    std::uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i) headerLength = (headerLength << 8) | std::to_integer<std::uint8_t>(m_data[i]);
    if (headerLength > kMaxHeaderBytes) {
        fail(file, Message(QT_TRANSLATE_NOOP("core", "header length %1 bytes is absurdly large (limit %2)"), headerLength,
                           kMaxHeaderBytes));
    }
    if (headerLength > size - 8) {
        fail(file, Message(QT_TRANSLATE_NOOP("core", "header length %1 runs past the end of the file (%2 bytes): the file is "
                                                     "truncated or not safetensors"),
                           headerLength, size));
    }
    const char* headerBegin = reinterpret_cast<const char*>(m_data + 8);
    // The header's shape is fixed: {name: {dtype, shape: [..], data_offsets: [..]}, "__metadata__": {..}}.
    // Deeper nesting is refused as it is read (60 MB of '[' built gigabytes of DOM before), and a
    // tensor named twice is refused (a JSON parser keeps the last one silently; the reference
    // implementation refuses the file).
    constexpr int kMaxHeaderDepth = 3;
    struct TooDeep {};
    std::set<std::string> names;
    std::string duplicate;
    json header;
    try {
        header = json::parse(headerBegin, headerBegin + headerLength, [&](int depth, json::parse_event_t event, json& parsed) {
            if ((event == json::parse_event_t::object_start || event == json::parse_event_t::array_start) && depth >= kMaxHeaderDepth) {
                throw TooDeep{};
            }
            if (event == json::parse_event_t::key && depth == 1 && !names.insert(parsed.get<std::string>()).second &&
                duplicate.empty()) {
                duplicate = parsed.get<std::string>();
            }
            return true;
        });
    } catch (const TooDeep&) {
        fail(file, Message(QT_TRANSLATE_NOOP("core", "header nests deeper than a safetensors header does (expected {name: {dtype, "
                                                     "shape, data_offsets}})")));
    } catch (const json::exception& e) {  // parse_error, or out_of_range for a number past a double's range
        fail(file, Message(QT_TRANSLATE_NOOP("core", "header is not valid JSON (%1)"), e.what()));
    }
    if (!duplicate.empty()) fail(file, Message(QT_TRANSLATE_NOOP("core", "tensor \"%1\" is named twice in the header"), duplicate));
    if (!header.is_object())
        fail(file, Message(QT_TRANSLATE_NOOP("core", "header is %1, expected a JSON object"), header.type_name()));

    const std::byte* dataBegin = m_data + 8 + headerLength;
    const std::uint64_t dataSize = size - 8 - headerLength;

    struct Range {
        std::uint64_t begin, end;
        const std::string* name;
    };
    std::vector<Range> ranges;

    for (const auto& [name, entry] : header.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object()) fail(file, Message(QT_TRANSLATE_NOOP("core", "\"__metadata__\" is not an object")));
            for (const auto& [key, value] : entry.items()) {
                if (!value.is_string()) {
                    fail(file, Message(QT_TRANSLATE_NOOP("core", "\"__metadata__\" entry \"%1\" is %2, expected a string"), key,
                                       value.type_name()));
                }
                m_metadata[key] = value.get<std::string>();
            }
            continue;
        }
        if (!entry.is_object())
            fail(file, Message(QT_TRANSLATE_NOOP("core", "tensor \"%1\" is not an object with dtype, shape and data_offsets"), name));
        const auto dtypeIt = entry.find("dtype");
        const auto shapeIt = entry.find("shape");
        const auto offsetsIt = entry.find("data_offsets");
        if (dtypeIt == entry.end() || !dtypeIt->is_string())
            fail(file, Message(QT_TRANSLATE_NOOP("core", "tensor \"%1\": missing string field \"dtype\""), name));
        if (shapeIt == entry.end() || !shapeIt->is_array())
            fail(file, Message(QT_TRANSLATE_NOOP("core", "tensor \"%1\": missing array field \"shape\""), name));
        if (offsetsIt == entry.end() || !offsetsIt->is_array() || offsetsIt->size() != 2) {
            fail(file, Message(QT_TRANSLATE_NOOP("core", "tensor \"%1\": field \"data_offsets\" must be [begin, end]"), name));
        }
        TensorView view;
        view.name = name;
        const std::string dtype = dtypeIt->get<std::string>();
        if (!parseDType(dtype, view.dtype)) {
            fail(file, Message(QT_TRANSLATE_NOOP("core", "tensor \"%1\": unknown dtype \"%2\" (expected F32, F16, BF16, F64, I64, I32, "
                                                         "I16, I8, U8 or BOOL)"),
                               name, dtype));
        }
        // Count elements with an overflow check: a hostile shape must not wrap around. The bound
        // leaves room for the widest dtype, so the byte count below cannot wrap either (it did:
        // [2^62] of F32 is 2^64 bytes, which wrapped to 0 and matched data_offsets [0, 0]).
        constexpr std::uint64_t kMaxTensorBytes = std::uint64_t(1) << 62;
        const std::uint64_t maxElements = kMaxTensorBytes / dtypeSize(view.dtype);
        std::uint64_t elements = 1;
        for (const auto& dim : *shapeIt) {
            // Also after a 0, where the count stays 0, no dimension may be too large for the int64 shape.
            const bool nonNegative = dim.is_number_unsigned() || (dim.is_number_integer() && dim.get<std::int64_t>() >= 0);
            if (!nonNegative || dim.get<std::uint64_t>() > std::uint64_t(INT64_MAX)) {
                fail(file, Message(QT_TRANSLATE_NOOP("core", "tensor \"%1\": shape entries must be non-negative integers below 2^63"),
                                   name));
            }
            const std::uint64_t d = dim.get<std::uint64_t>();
            if (d != 0 && elements > maxElements / d)
                fail(file, Message(QT_TRANSLATE_NOOP("core", "tensor \"%1\": shape is absurdly large"), name));
            elements *= d;
            view.shape.push_back(static_cast<std::int64_t>(d));
        }
        for (const auto& off : *offsetsIt) {
            if (!off.is_number_unsigned() && !(off.is_number_integer() && off.get<std::int64_t>() >= 0)) {
                fail(file, Message(QT_TRANSLATE_NOOP("core", "tensor \"%1\": data_offsets must be non-negative integers"), name));
            }
        }
        const std::uint64_t begin = (*offsetsIt)[0].get<std::uint64_t>();
        const std::uint64_t end = (*offsetsIt)[1].get<std::uint64_t>();
        if (begin > end) fail(file, Message(QT_TRANSLATE_NOOP("core", "tensor \"%1\": data_offsets begin after they end"), name));
        if (end > dataSize) {
            fail(file, Message(QT_TRANSLATE_NOOP("core", "tensor \"%1\": data_offsets [%2, %3] run past the end of the data (%4 bytes): "
                                                         "the file is truncated"),
                               name, begin, end, dataSize));
        }
        const std::uint64_t expected = elements * dtypeSize(view.dtype);
        if (end - begin != expected) {
            fail(file, Message(QT_TRANSLATE_NOOP("core", "tensor \"%1\": %2 bytes of data, but shape %3 of %4 needs %5"), name,
                               end - begin, view.shapeString(), dtype, expected));
        }
        view.data = dataBegin + begin;
        view.bytes = static_cast<std::size_t>(end - begin);
        auto [it, inserted] = m_tensors.emplace(name, std::move(view));
        (void)inserted;  // JSON object keys are unique after parsing
        ranges.push_back({begin, end, &it->first});
    }

    // The tensors tile the data exactly, as the reference implementation requires: no overlap, no
    // hole between two tensors, no bytes after the last one (a hole or a tail is data no tensor
    // accounts for: a file written wrongly, or something hidden in it).
    std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    std::uint64_t covered = 0;
    const std::string* previous = nullptr;
    for (const Range& r : ranges) {
        if (r.begin < covered)
            fail(file, Message(QT_TRANSLATE_NOOP("core", "tensors \"%1\" and \"%2\" overlap in the data"), *previous, *r.name));
        if (r.begin > covered && previous) {
            fail(file, Message(QT_TRANSLATE_NOOP("core", "bytes %1..%2 of the data belong to no tensor (a hole between \"%3\" and "
                                                         "\"%4\")"),
                               covered, r.begin, *previous, *r.name));
        }
        if (r.begin > covered) {
            fail(file, Message(QT_TRANSLATE_NOOP("core", "bytes %1..%2 of the data belong to no tensor (a hole before \"%3\")"), covered,
                               r.begin, *r.name));
        }
        covered = r.end;
        previous = r.name;
    }
    if (covered != dataSize && previous) {
        fail(file, Message(QT_TRANSLATE_NOOP("core", "%1 bytes after the last tensor (\"%2\") belong to no tensor: expected the data "
                                                     "to end at byte %3 of %4"),
                           dataSize - covered, *previous, covered, dataSize));
    }
    if (covered != dataSize) {
        fail(file, Message(QT_TRANSLATE_NOOP("core", "%1 bytes after the last tensor belong to no tensor: expected the data to end at "
                                                     "byte %2 of %3"),
                           dataSize - covered, covered, dataSize));
    }
}

}  // namespace attnscope
