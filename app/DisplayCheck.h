#pragma once
// Whether the window can open here at all: Qt's xcb plugin aborts the process when there is no
// display, so the app says why first, in words, and how to run without one.
#include <string>

namespace attnscope::app {

// Empty when a window can be shown (a display is set, or QT_QPA_PLATFORM names a platform);
// otherwise a sentence that names the variables and the alternatives.
std::string displayProblem();

}  // namespace attnscope::app
