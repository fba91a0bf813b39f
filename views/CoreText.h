#pragma once
// The core's sentences (errors, warnings, load stages) in the reader's language.
//
// The core is Qt-free and speaks English (model/Message.h); its templates are collected by
// lupdate under the "core" context, so here each one is looked up with the app's translator
// and filled in with the same arguments.

#include <exception>

#include <QString>

#include "model/Message.h"

namespace attnscope {

QString coreText(const Message& message);

// An exception's sentence: the core's own errors translated, any other exception's what().
QString coreText(const std::exception& error);

}  // namespace attnscope
