#pragma once
// `attnscope --headless ...`: generation without a display, writing the trace as JSON.
// Plain C++ on the model core only, so it runs on a server without Qt's platform plugins.

#include <iosfwd>
#include <string>
#include <vector>

namespace attnscope::app {

// True if the command line asks for headless mode (so main() must not create a QApplication).
bool wantsHeadless(int argc, char* argv[]);

// Runs the headless command. `args` excludes the program name. Returns the exit status:
// 0 success, 1 a failure while running (bad model, bad prompt), 2 a usage error.
int runHeadless(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

std::string headlessHelp();

}  // namespace attnscope::app
