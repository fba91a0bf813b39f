#pragma once
// Real step records for the view tests: the tiny fixture checkpoint (2 layers x 4 heads,
// context 16) generating greedily. Views are fed exactly what the app feeds them.

#include <catch2/catch.hpp>

#include <QColor>
#include <QImage>
#include <QString>
#include <QWidget>

#include <vector>

#include "model/Gpt2Model.h"
#include "model/Session.h"
#include "views/ViewTypes.h"

// Colours print as #aarrggbb when a pixel check fails (defined once here: a second, different
// specialisation in another test file would break the one-definition rule).
namespace Catch {
template <>
struct StringMaker<QColor> {
    static std::string convert(const QColor& c) { return c.name(QColor::HexArgb).toStdString(); }
};
}  // namespace Catch

namespace attnscope::testing {

inline std::shared_ptr<const Gpt2Model> tinyViewModel() {
    static const auto model =
        Gpt2Model::loadFolder(std::filesystem::path(ATTNSCOPE_TEST_DATA_DIR) / "checkpoints" / "tiny-f32-prefixed");
    return model;
}

// The records of generating `newTokens` tokens after `prompt` (step 0 = the prompt).
inline std::vector<StepRecordPtr> tinyRecords(const std::string& prompt, int newTokens) {
    GenerationSession session(tinyViewModel(), {true, 10});
    std::vector<StepRecordPtr> records;
    generate(session, {tinyViewModel()->tokenizer().encode(prompt), newTokens, SamplingSettings{}, false},
             [&](const StepRecordPtr& r) { records.push_back(r); });
    return records;
}

inline views::TokenNamer tinyNamer() {
    return [](std::int32_t id) { return QString::fromStdString(tinyViewModel()->tokenizer().displayToken(id)); };
}

// Renders a widget offscreen at a given size into an image.
inline QImage render(QWidget& widget, QSize size = {640, 480}) {
    widget.resize(size);
    widget.show();
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    widget.render(&image);
    return image;
}

}  // namespace attnscope::testing
