#pragma once
// A token's path up the stack (seed S10): for the selected token, one row per block, bottom up,
// with the size of the residual vector entering the block, how much attention and the
// feed-forward network added to it, and what the residual would predict if it were read out
// there through the final layer norm and the embedding matrix (the logit lens).

#include <QWidget>

#include <memory>

#include "model/InsideStep.h"
#include "views/ViewTypes.h"

namespace attnscope::views {

class TokenPathView : public QWidget {
    Q_OBJECT
public:
    explicit TokenPathView(QWidget* parent = nullptr);

    void setPath(std::shared_ptr<const teaching::TokenPath> path, TokenNamer namer);
    void setMessage(const QString& message);
    std::shared_ptr<const teaching::TokenPath> path() const { return m_path; }

    // Geometry and text, public for tests: row 0 is the bottom (the embeddings).
    QRect rowRect(int row) const;
    QString rowText(int row) const;   // the lens predictions as drawn
    QString toolTipAt(const QPoint& pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return {300, 160}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    QString tokenText(std::int32_t token) const;
    int rowHeight() const;

    std::shared_ptr<const teaching::TokenPath> m_path;
    TokenNamer m_namer;
    QString m_message;
};

}  // namespace attnscope::views
