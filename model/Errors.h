#pragma once
// Errors raised at the boundaries of the core (files, user input, run state).
//
// Every message names the thing that was wrong (a file, a field, a tensor) and what was
// expected, so the app can show it in a dialog and the command line on stderr. Each carries
// its sentence as a Message: what() is the English, and the app shows it in the reader's
// language (views/CoreText.h).

#include <memory>
#include <stdexcept>
#include <string>

#include "model/Message.h"

namespace attnscope {

class Error : public std::runtime_error {
public:
    explicit Error(const Message& message)
        : std::runtime_error(message.english()), m_message(std::make_shared<const Message>(message)) {}
    const Message& message() const { return *m_message; }

private:
    std::shared_ptr<const Message> m_message;  // shared, so copying the exception cannot throw
};

// Something read from outside (a file, a folder, a JSON field) is not what the format says.
class FormatError : public Error {
public:
    using Error::Error;
};

// A request that is well-formed but cannot be honoured (a prompt longer than the context,
// an unknown token id, a layer index out of range).
class UsageError : public Error {
public:
    using Error::Error;
};

// Reading or writing a file failed at the operating system (a full disk, a file-size limit, a
// folder that is read-only or gone); the message names the file and the system's reason.
class IoError : public Error {
public:
    using Error::Error;
};

// A long computation stopped because the user asked (Pause during a prefill, closing the
// window). Not an error: callers report it as "stopped".
class Cancelled : public Error {
public:
    using Error::Error;
};

// The sentence an exception carries: its Message where it is one of ours, else its what().
Message messageOf(const std::exception& e);

}  // namespace attnscope
