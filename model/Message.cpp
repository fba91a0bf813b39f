#include "model/Message.h"

namespace attnscope {

Message Message::verbatim(std::string text) {
    Message m;
    m.m_verbatim = std::move(text);
    return m;
}

std::string Message::english() const {
    return render([](const char* pattern) { return pattern; });
}

std::string Message::fill(std::string_view pattern, const std::vector<std::string>& args) {
    std::string out;
    out.reserve(pattern.size() + 16 * args.size());
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '%' && i + 1 < pattern.size() && pattern[i + 1] >= '1' && pattern[i + 1] <= '9') {
            const std::size_t index = static_cast<std::size_t>(pattern[i + 1] - '1');
            if (index < args.size()) {
                out += args[index];
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

}  // namespace attnscope

#include "model/Errors.h"

namespace attnscope {

Message messageOf(const std::exception& e) {
    if (const auto* ours = dynamic_cast<const Error*>(&e)) return ours->message();
    return Message::verbatim(e.what());
}

}  // namespace attnscope
