#include "app/DisplayCheck.h"

#include <cstdlib>

namespace attnscope::app {

namespace {
bool isSet(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0';
}
}  // namespace

std::string displayProblem() {
    // Any platform chosen explicitly (offscreen, wayland, vnc, ...) is Qt's to judge.
    if (isSet("QT_QPA_PLATFORM") || isSet("DISPLAY") || isSet("WAYLAND_DISPLAY")) return {};
    return "no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set). "
           "Run it in a desktop session, or with QT_QPA_PLATFORM=offscreen for --screenshot, "
           "or use attnscope --headless for the command-line trace exporter.";
}

}  // namespace attnscope::app
