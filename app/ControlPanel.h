#pragma once
// The prompt and the generation controls: sampling (greedy, temperature, top-k, top-p, seed),
// pace and maximum new tokens, and which layer/head the views show. It shows the lesson state's
// settings and selection (app/LessonState.h) and writes what the user changes back to it; it
// never touches the worker.

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;
class QSlider;
class QLabel;

namespace attnscope::app {

class Controller;
class PromptEdit;

class ControlPanel : public QWidget {
    Q_OBJECT
public:
    explicit ControlPanel(Controller* controller, QWidget* parent = nullptr);

    PromptEdit* promptEditor() const { return m_prompt; }
    // Sets the prompt, unless it is longer than the loaded model can take (then says so with
    // problem() and keeps the prompt it had); returns whether it was set.
    bool setPrompt(const QString& text);
    // Why `prompt` cannot be the loaded model's prompt (too long for its context), or empty.
    QString promptProblem(const QString& prompt) const;
    QString prompt() const;

    // Reflect a new model's shape (layer and head ranges).
    void onModelChanged();

signals:
    // A prompt was refused (too long for the model); for the status bar.
    void problem(const QString& message);

private:
    void pushSettings();   // every control -> state (at start)
    void showSettings();   // state -> controls
    void updateEnabled();  // sampling controls only when sampling; the pace's label
    void pushSelection();
    void showSelection();

    Controller* m_controller;
    PromptEdit* m_prompt = nullptr;
    QCheckBox* m_specialsAsText = nullptr;
    QComboBox* m_mode = nullptr;
    QDoubleSpinBox* m_temperature = nullptr;
    QSpinBox* m_topK = nullptr;
    QDoubleSpinBox* m_topP = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_maxTokens = nullptr;
    QSlider* m_pace = nullptr;
    QLabel* m_paceLabel = nullptr;
    QSpinBox* m_layer = nullptr;
    QComboBox* m_head = nullptr;
    bool m_updating = false;
};

}  // namespace attnscope::app
