#pragma once
// Errors raised at the boundaries of the core (files, user input, run state).
//
// Every message names the thing that was wrong (a file, a field, a tensor) and what was
// expected, so the app can show it verbatim in a dialog and the command line on stderr.

#include <stdexcept>
#include <string>

namespace attnscope {

// Something read from outside (a file, a folder, a JSON field) is not what the format says.
class FormatError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A request that is well-formed but cannot be honoured (a prompt longer than the context,
// an unknown token id, a layer index out of range).
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reading or writing a file failed at the operating system (a full disk, a file-size limit, a
// folder that is read-only or gone); the message names the file and the system's reason.
class IoError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A long computation stopped because the user asked (Pause during a prefill, closing the
// window). Not an error: callers report it as "stopped".
class Cancelled : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace attnscope
