#pragma once
// Two prompts side by side for the same layer and head (e.g. "The robot ... it" against
// "The robots ... they"): both attention matrices, and their difference where the positions
// line up (the first min(T_a, T_b) positions), on a diverging red-white-blue scale.

#include <QStringList>
#include <QWidget>

#include <Eigen/Core>

#include "views/ViewTypes.h"

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QLabel;
class QLineEdit;
class QPushButton;

namespace attnscope::views {

class ComparePromptsView : public QWidget {
    Q_OBJECT
public:
    explicit ComparePromptsView(QWidget* parent = nullptr);

    void setNamer(TokenNamer namer);
    QString promptA() const;
    QString promptB() const;
    void setPrompts(const QString& a, const QString& b);
    // The two runs' records (step 0 of each prompt) and the layer/head to compare.
    void setRecords(StepRecordPtr a, StepRecordPtr b);
    void setSelection(const Selection& selection);
    void setMessage(const QString& text);

    // What is drawn, for tests: the two matrices and a - b over the aligned positions.
    const Eigen::MatrixXf& matrixA() const { return m_a; }
    const Eigen::MatrixXf& matrixB() const { return m_b; }
    const Eigen::MatrixXf& difference() const { return m_difference; }
    QString caption() const;
    // The token labels on the query axis of map 0 (A), 1 (B) or 2 (A − B), in order.
    QStringList tokenLabels(int map) const;
    bool showsPlot() const;

signals:
    void compareRequested();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void refresh();
    void labelAxes();
    void arrange(bool inColumn);
    static Eigen::MatrixXf attentionOf(const StepRecord& record, const Selection& selection);

    QLineEdit* m_promptA = nullptr;
    QLineEdit* m_promptB = nullptr;
    QPushButton* m_compare = nullptr;
    QLabel* m_caption = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPColorMap* m_maps[3] = {nullptr, nullptr, nullptr};
    QCPColorScale* m_scales[2] = {nullptr, nullptr};  // attention (A, B); the difference
    bool m_inColumn = false;
    bool m_arranged = false;
    StepRecordPtr m_recordA, m_recordB;
    Selection m_selection;
    TokenNamer m_namer;
    Eigen::MatrixXf m_a, m_b, m_difference;
};

}  // namespace attnscope::views
