#pragma once
// "Inside one step" (seed S9-S24, S4, S7, S13, S17): the stepper a teacher clicks through. For
// the selected token, layer and head it shows the eight stages of the forward pass with the
// model's own numbers as colour strips and small matrices (exact values on hover), each with one
// plain sentence about what happens there. Previous/next buttons, stage buttons, and the keys
// ←/→, PgUp/PgDn, Home/End and 1-8 while the view has focus.

#include <QWidget>

#include <array>
#include <memory>

#include "model/InsideStep.h"
#include "views/StageCanvas.h"
#include "views/ViewTypes.h"

class QLabel;
class QToolButton;
class QScrollArea;

namespace attnscope::views {

class InsideStepView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kStageCount = 8;

    explicit InsideStepView(QWidget* parent = nullptr);

    void setStep(std::shared_ptr<const teaching::InsideStep> step, TokenNamer namer);
    void setMessage(const QString& message);  // instead of a step (nothing generated yet, ...)
    std::shared_ptr<const teaching::InsideStep> step() const { return m_step; }

    int stage() const { return m_stage; }  // 0 .. kStageCount - 1
    void setStage(int stage);
    void nextStage() { setStage(m_stage + 1); }
    void previousStage() { setStage(m_stage - 1); }

    static QString stageName(int stage);  // short, for the buttons
    QString title() const;                // the stage's heading
    QString explanation() const;          // the stage's one plain sentence (about this token)
    StageCanvas* canvas() const { return m_canvas; }

signals:
    void stageChanged(int stage);

protected:
    bool event(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void rebuild();
    void fitStageButtons();
    std::vector<StageItem> itemsFor(int stage) const;
    QString tokenText(std::int32_t token) const;
    QString explanationFor(int stage) const;

    std::shared_ptr<const teaching::InsideStep> m_step;
    TokenNamer m_namer;
    int m_stage = 0;
    QLabel* m_title = nullptr;
    QLabel* m_context = nullptr;
    QLabel* m_explanation = nullptr;
    QToolButton* m_previous = nullptr;
    QToolButton* m_next = nullptr;
    std::array<QToolButton*, kStageCount> m_stageButtons{};
    QScrollArea* m_scroll = nullptr;
    StageCanvas* m_canvas = nullptr;
};

}  // namespace attnscope::views
