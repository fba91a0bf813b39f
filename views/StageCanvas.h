#pragma once
// The drawing surface of the teaching views: a vertical list of labelled colour strips (one
// cell per vector component), small matrices with their numbers, and candidate tables. Each
// item carries its exact values; hovering a cell shows the value it stands for. The canvas knows
// nothing about the model: the stepper fills it with what a stage shows.

#include <QString>
#include <QWidget>

#include <Eigen/Core>

#include <functional>
#include <utility>
#include <variant>
#include <vector>

namespace attnscope::views {

// One vector as a row of coloured cells: blue below zero, red above, on a symmetric scale.
struct StripItem {
    QString label;              // left of the strip, e.g. "wte[464]"
    Eigen::VectorXf values;
    float range = 0;            // |value| that gets the full colour; 0: the strip's own max |value|
    double opacity = 1.0;       // < 1 fades the strip (a value vector with a small weight, S16)
    QString note;               // right of the strip, e.g. "|x| = 12.3"
    QString valueName;          // in the tooltip: "<valueName>[i] = v"
    std::vector<std::pair<int, int>> highlights;  // [begin, end) slices to outline, e.g. this head's q, k, v
    std::function<QString(int)> indexName;        // names component i in the tooltip (logits: the token)
};

// A square matrix of the text's positions (S4, S17): rows are queries, columns keys.
struct MatrixItem {
    enum class Kind { Scores, Masked, Probabilities };
    QString title;
    Kind kind = Kind::Scores;
    Eigen::MatrixXf values;
    std::vector<QString> labels;  // one per row/column (the tokens)
    int firstPosition = 0;        // the text position of row/column 0
    int highlightRow = -1;        // the selected token's row
};

// The output head's candidates (S7, S13): token, logit, probability, a bar; the chosen one marked.
struct CandidateRow {
    QString token;
    float logit = 0;
    float probability = 0;
    bool chosen = false;
};
struct CandidatesItem {
    QString title;
    std::vector<CandidateRow> rows;
};

struct TextItem {
    QString text;
};

using StageItem = std::variant<StripItem, MatrixItem, CandidatesItem, TextItem>;

class StageCanvas : public QWidget {
    Q_OBJECT
public:
    explicit StageCanvas(QWidget* parent = nullptr);

    void setItems(std::vector<StageItem> items);
    const std::vector<StageItem>& items() const { return m_items; }

    // Matrices side by side (stage 4) rather than one under the other.
    void setMatricesSideBySide(bool sideBySide);

    // What hovering at `pos` shows (empty: nothing there). Public for tests.
    QString toolTipAt(const QPoint& pos) const;

    // Where each matrix's grid was laid out at the current width (for tests: every one must lie
    // inside the canvas, which the scroll area around it can reach).
    std::vector<QRect> matrixRects() const;

    QSize sizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct HitArea {
        QRect rect;
        std::function<QString(const QPoint&)> describe;
    };
    int layout(int width, QPainter* painter);  // returns the height used; paints when painter is set
    // The narrowest width at which every matrix keeps cells of the smallest readable size: the
    // canvas never gets narrower, so a long text scrolls sideways instead of being cut off.
    int widthNeeded() const;
    void fitHeight();

    std::vector<StageItem> m_items;
    std::vector<HitArea> m_hits;
    std::vector<QRect> m_matrixRects;
    bool m_sideBySide = false;
};

// Formats a value the way the teaching views show numbers: 4 significant digits in cells,
// full float precision in tooltips.
QString shortNumber(double value);
QString exactNumber(double value);

}  // namespace attnscope::views
