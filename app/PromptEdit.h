#pragma once
// The prompt box: a plain-text editor that refuses a paste or drop that would make the prompt
// longer than the model can take, before the text is laid out (Qt lays a long line out in time
// that grows with the square of its length: 128 KiB without a line break took 1.8 s here, a
// 1 MiB paste froze the window for minutes).

#include <QPlainTextEdit>

#include <functional>

namespace attnscope::app {

class PromptEdit : public QPlainTextEdit {
    Q_OBJECT
public:
    // Returns why `prompt` cannot be the prompt, or an empty string if it can.
    using Check = std::function<QString(const QString& prompt)>;

    explicit PromptEdit(QWidget* parent = nullptr);
    void setCheck(Check check) { m_check = std::move(check); }

    // What the prompt would be after inserting `text` in place of the selection.
    QString promptWithInsertion(const QString& text) const;

    // The longest prompt accepted when no check says otherwise (no model loaded).
    static constexpr int kMaxCharactersWithoutModel = 64 * 1024;

signals:
    void refused(const QString& why);

protected:
    void insertFromMimeData(const QMimeData* source) override;

private:
    Check m_check;
};

}  // namespace attnscope::app
