#pragma once
// How the process asks the C library's malloc to manage memory (docs/reliability.md, "Memory over
// a long run"). The app and the window benchmark call it first thing in main().

namespace attnscope::app {

// Call before any thread starts. Returns false where the C library has no such settings (not
// glibc) or refused them; the app runs the same either way, only its memory moves more.
bool configureAllocator();

}  // namespace attnscope::app
