#pragma once
// Writing a view as an image that says what it shows: PNG (the provenance fields as text
// chunks), SVG (title and description metadata) or PDF (XMP metadata), chosen by the file's
// extension. The fields come from model/Export (provenanceFields), the same as a CSV's. The
// file is written next to its destination and renamed into place (model/AtomicFile).

#include <QString>

#include <string>
#include <utility>
#include <vector>

class QWidget;

namespace attnscope::app {

using ProvenanceFields = std::vector<std::pair<std::string, std::string>>;

// The formats by extension: "png", "svg", "pdf"; "" for anything else.
QString imageFormatOf(const QString& file);

// Renders `view` at its current size into `file`. False, with the reason in `error`, when the
// extension is not one of the three or the file cannot be written.
bool writeViewImage(QWidget* view, const QString& file, const ProvenanceFields& provenance, QString* error);

// The XMP packet a PDF export carries (dc:title, dc:description with every field, the tool).
QByteArray xmpPacket(const QString& title, const ProvenanceFields& provenance);

}  // namespace attnscope::app
