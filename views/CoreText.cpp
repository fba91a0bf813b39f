#include "views/CoreText.h"

#include <QCoreApplication>

#include "model/Errors.h"

namespace attnscope {

QString coreText(const Message& message) {
    return QString::fromStdString(
        message.render([](const char* pattern) { return QCoreApplication::translate("core", pattern).toStdString(); }));
}

QString coreText(const std::exception& error) { return coreText(messageOf(error)); }

}  // namespace attnscope
