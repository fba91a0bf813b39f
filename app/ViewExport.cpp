#include "app/ViewExport.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImage>
#include <QPainter>
#include <QPdfWriter>
#include <QPixmap>
#include <QSvgGenerator>
#include <QWidget>

#include "model/AtomicFile.h"
#include "model/Errors.h"
#include "views/CoreText.h"

namespace attnscope::app {

namespace {

QString fieldsText(const ProvenanceFields& provenance) {
    QStringList lines;
    for (const auto& [key, value] : provenance) lines << QString::fromStdString(key + ": " + value);
    return lines.join(QLatin1Char('\n'));
}

QString titleOf(const ProvenanceFields& provenance) {
    for (const auto& [key, value] : provenance) {
        if (key == "view") return QStringLiteral("attnscope: %1").arg(QString::fromStdString(value));
    }
    return QStringLiteral("attnscope");
}

QByteArray pngBytes(QWidget* view, const ProvenanceFields& provenance) {
    QImage image = view->grab().toImage();
    for (const auto& [key, value] : provenance) image.setText(QString::fromStdString(key), QString::fromStdString(value));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    return image.save(&buffer, "PNG") ? bytes : QByteArray();
}

QByteArray svgBytes(QWidget* view, const ProvenanceFields& provenance) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator svg;
    svg.setOutputDevice(&buffer);
    svg.setSize(view->size());
    svg.setViewBox(QRect(QPoint(0, 0), view->size()));
    svg.setTitle(titleOf(provenance));
    svg.setDescription(fieldsText(provenance));
    QPainter painter;
    if (!painter.begin(&svg)) return {};
    view->render(&painter);
    painter.end();
    return bytes;
}

QByteArray pdfBytes(QWidget* view, const ProvenanceFields& provenance) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QPdfWriter pdf(&buffer);
    pdf.setPageSize(QPageSize(view->size() * 0.75, QPageSize::Point));  // 96 dpi pixels to points
    pdf.setPageMargins({});
    pdf.setResolution(96);
    pdf.setTitle(titleOf(provenance));
    pdf.setCreator(QStringLiteral("attnscope"));
    pdf.setDocumentXmpMetadata(xmpPacket(titleOf(provenance), provenance));
    QPainter painter;
    if (!painter.begin(&pdf)) return {};
    view->render(&painter);
    painter.end();
    return bytes;
}

}  // namespace

QString imageFormatOf(const QString& file) {
    const QString suffix = QFileInfo(file).suffix().toLower();
    return suffix == QLatin1String("png") || suffix == QLatin1String("svg") || suffix == QLatin1String("pdf") ? suffix : QString();
}

QByteArray xmpPacket(const QString& title, const ProvenanceFields& provenance) {
    const QString description = fieldsText(provenance).toHtmlEscaped();
    const QString xmp = QStringLiteral(
        "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
        "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
        " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
        "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
        "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%1</rdf:li></rdf:Alt></dc:title>\n"
        "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%2</rdf:li></rdf:Alt></dc:description>\n"
        "   <xmp:CreatorTool>attnscope</xmp:CreatorTool>\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        "<?xpacket end=\"w\"?>")
                            .arg(title.toHtmlEscaped(), description);
    return xmp.toUtf8();
}

bool writeViewImage(QWidget* view, const QString& file, const ProvenanceFields& provenance, QString* error) {
    const QString format = imageFormatOf(file);
    if (format.isEmpty()) {
        if (error) *error = QObject::tr("%1: an image is written as .png, .svg or .pdf").arg(file);
        return false;
    }
    const QByteArray bytes = format == QLatin1String("png")   ? pngBytes(view, provenance)
                             : format == QLatin1String("svg") ? svgBytes(view, provenance)
                                                              : pdfBytes(view, provenance);
    if (bytes.isEmpty()) {
        if (error) *error = QObject::tr("Could not draw the view as %1 for %2.").arg(format.toUpper(), file);
        return false;
    }
    try {
        writeFileAtomically(file.toStdString(), bytes.toStdString());
    } catch (const IoError& e) {
        if (error) *error = coreText(e);
        return false;
    }
    return true;
}

}  // namespace attnscope::app
