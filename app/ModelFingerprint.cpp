#include "app/ModelFingerprint.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "model/Errors.h"

namespace attnscope::app {

QString modelFingerprint(const QString& folder) {
    // The files Gpt2Model::loadFolder reads; a missing optional one simply does not count.
    static const char* kFiles[] = {"config.json", "model.safetensors", "vocab.json", "merges.txt", "tokenizer.json"};
    QCryptographicHash hash(QCryptographicHash::Blake2b_256);
    const QDir dir(folder);
    for (const char* name : kFiles) {
        const QFileInfo info(dir.filePath(QString::fromLatin1(name)));
        if (!info.exists()) continue;
        QFile file(info.filePath());
        if (!file.open(QIODevice::ReadOnly)) {
            throw FormatError(info.filePath().toStdString() + ": cannot be read (" + file.errorString().toStdString() + ")");
        }
        hash.addData(QByteArray(name) + '\0' + QByteArray::number(file.size()) + '\0');
        if (!hash.addData(&file)) throw FormatError(info.filePath().toStdString() + ": reading failed");
    }
    return QString::fromLatin1(hash.result().toHex());
}

}  // namespace attnscope::app
