#pragma once
// A model folder's content fingerprint, stored in workspaces so that opening one can tell
// whether the model on disk is the one the lesson was prepared with. BLAKE2b-256 over the
// files that define the model (name, size and bytes of each, in a fixed order). Reading a
// large checkpoint takes a while (gpt2: ~1 s from the page cache), so callers compute it off
// the UI thread.

#include <QString>

namespace attnscope::app {

// Hex digest; throws FormatError if a file exists but cannot be read.
QString modelFingerprint(const QString& folder);

}  // namespace attnscope::app
