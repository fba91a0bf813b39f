#pragma once
// A sentence the core says to a person (an error, a warning, a progress stage), kept as its
// English template plus arguments so that the app can say it in the reader's language.
//
// The core stays Qt-free and speaks English: `english()` is what the command line prints and
// what an exception's what() holds. Templates are marked with QT_TRANSLATE_NOOP("core", ...), so
// Qt's lupdate collects them into i18n/ with the app's own strings; the app looks each template
// up in the "core" context and fills in the same arguments (views/CoreText.h).
//
//   throw FormatError(Message(QT_TRANSLATE_NOOP("core", "%1: field \"%2\" is missing"), file, key));
//
// Placeholders are %1..%9, as in QString::arg. An argument is text (a file name, a token, a
// number) or another Message, so a file's name can wrap the reason it failed and both translate.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#ifndef QT_TRANSLATE_NOOP
#define QT_TRANSLATE_NOOP(scope, text) text
#endif

namespace attnscope {

class Message {
public:
    // One filled-in value: verbatim text, or a nested sentence that is translated in turn.
    struct Arg {
        std::string text;
        std::shared_ptr<const Message> nested;
    };

    Message() = default;

    // `pattern` must be a string literal marked with QT_TRANSLATE_NOOP("core", ...).
    template <class... Args>
    explicit Message(const char* pattern, const Args&... args) : m_pattern(pattern) {
        m_args.reserve(sizeof...(Args));
        (m_args.push_back(toArg(args)), ...);
    }

    // Text that is not ours to translate (a library's or the system's own error text).
    static Message verbatim(std::string text);

    // The template ("" for a verbatim message) and its arguments.
    const char* pattern() const { return m_pattern; }
    const std::vector<Arg>& args() const { return m_args; }

    // The sentence in English.
    std::string english() const;

    // The sentence with every template (this one and the nested ones) passed through `translate`
    // first; english() is render with the identity.
    template <class Translate>
    std::string render(const Translate& translate) const {
        if (!m_pattern) return m_verbatim;
        std::vector<std::string> filled;
        filled.reserve(m_args.size());
        for (const Arg& a : m_args) filled.push_back(a.nested ? a.nested->render(translate) : a.text);
        return fill(translate(m_pattern), filled);
    }

    // Replaces %1..%9 in `pattern` with `args` (a placeholder without an argument stays as it is).
    static std::string fill(std::string_view pattern, const std::vector<std::string>& args);

private:
    static Arg toArg(const Message& m) { return {{}, std::make_shared<const Message>(m)}; }
    static Arg toArg(const std::string& s) { return {s, nullptr}; }
    static Arg toArg(std::string_view s) { return {std::string(s), nullptr}; }
    static Arg toArg(const char* s) { return {std::string(s), nullptr}; }  // verbatim, not a template
    static Arg toArg(const std::filesystem::path& p) { return {p.string(), nullptr}; }
    static Arg toArg(char c) { return {std::string(1, c), nullptr}; }
    template <class T, std::enable_if_t<std::is_arithmetic_v<T>, int> = 0>
    static Arg toArg(T value) {
        if constexpr (std::is_integral_v<T>) {
            return {std::to_string(value), nullptr};
        } else {
            std::ostringstream s;
            s << value;
            return {s.str(), nullptr};
        }
    }

    const char* m_pattern = nullptr;
    std::string m_verbatim;
    std::vector<Arg> m_args;
};

}  // namespace attnscope
