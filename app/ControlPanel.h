#pragma once
// The prompt and the generation controls: sampling (greedy, temperature, top-k, top-p, seed),
// pace and maximum new tokens, and which layer/head the views show. It edits the controller's
// settings and selection; it never touches the worker.

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QPlainTextEdit;
class QSpinBox;
class QSlider;
class QLabel;

namespace attnscope::app {

class Controller;

class ControlPanel : public QWidget {
    Q_OBJECT
public:
    explicit ControlPanel(Controller* controller, QWidget* parent = nullptr);

    QPlainTextEdit* promptEditor() const { return m_prompt; }
    void setPrompt(const QString& text);
    QString prompt() const;

    // Reflect a new model's shape (layer and head ranges) and the controller's selection.
    void onModelChanged();
    void onSelectionChanged();

    // Persisted by the window.
    QVariantMap saveSettings() const;
    void restoreSettings(const QVariantMap& values);

signals:
    // Any generation setting changed (the window previews a new temperature on the bars).
    void settingsChanged();

private:
    void pushSettings();
    void pushSelection();

    Controller* m_controller;
    QPlainTextEdit* m_prompt = nullptr;
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
