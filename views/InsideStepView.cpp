#include "views/InsideStepView.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QScrollArea>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace attnscope::views {
namespace {

// Rows of stages 3 and 5 (one per earlier token) beyond which only the strongest are listed.
constexpr int kMaxTokenRows = 16;

QString norm(const Eigen::VectorXf& v) { return QStringLiteral("|x| = %1").arg(shortNumber(v.cast<double>().norm())); }

StripItem strip(QString label, Eigen::VectorXf values, QString note = {}, QString valueName = {}) {
    StripItem s;
    s.label = std::move(label);
    s.values = std::move(values);
    s.note = note.isEmpty() ? norm(s.values) : std::move(note);
    s.valueName = std::move(valueName);
    return s;
}

float sharedRange(std::initializer_list<const Eigen::VectorXf*> vectors) {
    float r = 0;
    for (const Eigen::VectorXf* v : vectors) r = std::max(r, v->size() ? v->cwiseAbs().maxCoeff() : 0.0f);
    return r;
}

// The earlier positions a stage lists: all of them in a short text, else the ones with the
// largest `by`, shown in text order.
std::vector<int> positionsToList(const Eigen::VectorXf& by) {
    std::vector<int> order(static_cast<std::size_t>(by.size()));
    std::iota(order.begin(), order.end(), 0);
    if (static_cast<int>(order.size()) > kMaxTokenRows) {
        std::partial_sort(order.begin(), order.begin() + kMaxTokenRows, order.end(), [&](int a, int b) { return by[a] > by[b]; });
        order.resize(kMaxTokenRows);
        std::sort(order.begin(), order.end());
    }
    return order;
}

}  // namespace

InsideStepView::InsideStepView(QWidget* parent) : QWidget(parent) {
    setFocusPolicy(Qt::StrongFocus);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* nav = new QHBoxLayout;
    m_previous = new QToolButton(this);
    m_previous->setText(QStringLiteral("◀"));
    m_previous->setToolTip(tr("Previous stage (← or PgUp)"));
    m_previous->setFocusPolicy(Qt::NoFocus);
    nav->addWidget(m_previous);
    for (int i = 0; i < kStageCount; ++i) {
        auto* b = new QToolButton(this);
        b->setText(QStringLiteral("%1 %2").arg(i + 1).arg(stageName(i)));
        b->setCheckable(true);
        b->setAutoRaise(false);
        b->setFocusPolicy(Qt::NoFocus);
        b->setToolTip(tr("Stage %1: %2 (key %1)").arg(i + 1).arg(stageName(i)));
        connect(b, &QToolButton::clicked, this, [this, i] { setStage(i); });
        m_stageButtons[static_cast<std::size_t>(i)] = b;
        nav->addWidget(b);
    }
    m_next = new QToolButton(this);
    m_next->setText(QStringLiteral("▶"));
    m_next->setToolTip(tr("Next stage (→ or PgDn)"));
    m_next->setFocusPolicy(Qt::NoFocus);
    nav->addWidget(m_next);
    nav->addStretch();
    // On a narrow window the buttons keep only their numbers (the title names the stage), so
    // the row never makes the window wider than a laptop's screen.
    for (int i = 0; i < kStageCount; ++i) {
        QToolButton* b = m_stageButtons[static_cast<std::size_t>(i)];
        const QString full = b->text();
        b->setText(QString::number(i + 1));
        b->setMinimumWidth(b->sizeHint().width());
        b->setText(full);
    }
    layout->addLayout(nav);
    connect(m_previous, &QToolButton::clicked, this, &InsideStepView::previousStage);
    connect(m_next, &QToolButton::clicked, this, &InsideStepView::nextStage);

    m_title = new QLabel(this);
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_title->setFont(big);
    m_context = new QLabel(this);
    m_explanation = new QLabel(this);
    m_explanation->setWordWrap(true);
    m_title->setWordWrap(true);
    m_context->setWordWrap(true);
    m_explanation->setTextFormat(Qt::PlainText);
    m_context->setTextFormat(Qt::PlainText);
    layout->addWidget(m_title);
    layout->addWidget(m_context);
    layout->addWidget(m_explanation);

    m_canvas = new StageCanvas(this);
    m_canvas->setFocusPolicy(Qt::ClickFocus);
    m_canvas->setFocusProxy(this);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(m_canvas);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFocusPolicy(Qt::NoFocus);
    layout->addWidget(m_scroll, 1);
    setMessage(tr("Generate some text: this view walks through one step of the model, stage by stage, with its real numbers."));
}

QString InsideStepView::stageName(int stage) {
    static const char* names[kStageCount] = {
        QT_TR_NOOP("Embed"), QT_TR_NOOP("q k v"), QT_TR_NOOP("Scores"), QT_TR_NOOP("Mask"),
        QT_TR_NOOP("Values"), QT_TR_NOOP("Merge"), QT_TR_NOOP("Feed-forward"), QT_TR_NOOP("Output"),
    };
    return stage >= 0 && stage < kStageCount ? tr(names[stage]) : QString();
}

void InsideStepView::setStep(std::shared_ptr<const teaching::InsideStep> step, TokenNamer namer) {
    m_step = std::move(step);
    m_namer = std::move(namer);
    rebuild();
}

void InsideStepView::setMessage(const QString& message) {
    m_step.reset();
    m_title->setText(tr("Inside one step"));
    m_context->clear();
    m_explanation->setText(message);
    m_canvas->setItems({});
    for (QToolButton* b : m_stageButtons) b->setEnabled(false);
    m_previous->setEnabled(false);
    m_next->setEnabled(false);
}

void InsideStepView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitStageButtons();
}

void InsideStepView::fitStageButtons() {
    // The width of the row with every name written out, measured on the texts themselves.
    int full = m_previous->sizeHint().width() + m_next->sizeHint().width() + 12;
    for (int i = 0; i < kStageCount; ++i) {
        full += fontMetrics().horizontalAdvance(QStringLiteral("%1 %2").arg(i + 1).arg(stageName(i))) + 20;
    }
    const bool named = width() >= full;
    for (int i = 0; i < kStageCount; ++i) {
        const QString text = named ? QStringLiteral("%1 %2").arg(i + 1).arg(stageName(i)) : QString::number(i + 1);
        QToolButton* b = m_stageButtons[static_cast<std::size_t>(i)];
        if (b->text() != text) b->setText(text);
    }
}

void InsideStepView::setStage(int stage) {
    stage = std::clamp(stage, 0, kStageCount - 1);
    if (stage == m_stage) return;
    m_stage = stage;
    if (m_step) rebuild();
    emit stageChanged(m_stage);
}

QString InsideStepView::title() const { return m_title->text(); }
QString InsideStepView::explanation() const { return m_explanation->text(); }

bool InsideStepView::event(QEvent* event) {
    // The window binds ← and → to stepping through the text; while the stepper has focus, those
    // keys move between its stages instead.
    if (event->type() == QEvent::ShortcutOverride) {
        auto* key = static_cast<QKeyEvent*>(event);
        const bool plain = key->modifiers() == Qt::NoModifier || key->modifiers() == Qt::KeypadModifier;
        const int k = key->key();
        if (plain && (k == Qt::Key_Left || k == Qt::Key_Right || k == Qt::Key_PageUp || k == Qt::Key_PageDown ||
                      k == Qt::Key_Home || k == Qt::Key_End || (k >= Qt::Key_1 && k <= Qt::Key_8))) {
            event->accept();
            return true;
        }
    }
    return QWidget::event(event);
}

void InsideStepView::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
        case Qt::Key_Right:
        case Qt::Key_PageDown: nextStage(); return;
        case Qt::Key_Left:
        case Qt::Key_PageUp: previousStage(); return;
        case Qt::Key_Home: setStage(0); return;
        case Qt::Key_End: setStage(kStageCount - 1); return;
        default: break;
    }
    if (event->key() >= Qt::Key_1 && event->key() <= Qt::Key_8) {
        setStage(event->key() - Qt::Key_1);
        return;
    }
    QWidget::keyPressEvent(event);
}

QString InsideStepView::tokenText(std::int32_t token) const {
    return QStringLiteral("‘%1’").arg(m_namer ? m_namer(token) : QString::number(token));
}

void InsideStepView::rebuild() {
    for (int i = 0; i < kStageCount; ++i) {
        m_stageButtons[static_cast<std::size_t>(i)]->setEnabled(m_step != nullptr);
        m_stageButtons[static_cast<std::size_t>(i)]->setChecked(i == m_stage);
    }
    m_previous->setEnabled(m_step && m_stage > 0);
    m_next->setEnabled(m_step && m_stage < kStageCount - 1);
    if (!m_step) return;
    const teaching::InsideStep& s = *m_step;
    static const char* titles[kStageCount] = {
        QT_TR_NOOP("1. Token embedding + position embedding (S9)"),
        QT_TR_NOOP("2. Layer norm, then c_attn makes q, k and v; each head takes its slice (S19, S20)"),
        QT_TR_NOOP("3. Scores: this query against every key, divided by √d (S12, S21)"),
        QT_TR_NOOP("4. The causal mask and the softmax (S4, S17)"),
        QT_TR_NOOP("5. The weighted sum of the values (S15, S16)"),
        QT_TR_NOOP("6. Merge the heads, project with c_proj, add to the residual (S22, S23)"),
        QT_TR_NOOP("7. The feed-forward network (S24)"),
        QT_TR_NOOP("8. Final layer norm, one score per vocabulary token, softmax, the choice (S7, S13)"),
    };
    m_title->setText(tr(titles[m_stage]));
    m_context->setText(tr("Token %1 at position %2 · layer %3 · head %4 · step %5 · text of %6 tokens")
                           .arg(tokenText(s.token)).arg(s.position).arg(s.layer).arg(s.head).arg(s.step).arg(s.tokens.size()));
    m_explanation->setText(explanationFor(m_stage));
    m_canvas->setMatricesSideBySide(m_stage == 3);
    m_canvas->setItems(itemsFor(m_stage));
}

QString InsideStepView::explanationFor(int stage) const {
    const teaching::InsideStep& s = *m_step;
    const int C = static_cast<int>(s.embedding.size());
    switch (stage) {
        case 0:
            return tr("The token %1 (id %2) looks up its row of the token-embedding matrix wte, and position %3 looks up its "
                      "row of the position-embedding matrix wpe. Their sum, %4 numbers, is the vector that enters block 0.")
                .arg(tokenText(s.token)).arg(s.token).arg(s.position).arg(C);
        case 1:
            return tr("Layer norm rescales the vector entering block %1 to mean 0 and variance 1, then applies a learned gain "
                      "and bias. One matrix multiply (c_attn, %2 → %3) makes the query, key and value at once; head %4 reads "
                      "its %5-wide slice of each (outlined).")
                .arg(s.layer).arg(C).arg(3 * C).arg(s.head).arg(s.headDim);
        case 2: {
            Eigen::Index best = 0;
            s.scores.maxCoeff(&best);
            return tr("The query asks “what am I looking for?”, each key says “what do I contain?”. Their dot product, divided "
                      "by √%1 = %2 so that scores do not grow with the head's width, is the score. The highest score here "
                      "goes to %3 at position %4.")
                .arg(s.headDim).arg(shortNumber(std::sqrt(static_cast<double>(s.headDim)))).arg(tokenText(s.tokens[best])).arg(best);
        }
        case 3:
            return tr("A token may only look at itself and the tokens before it. The first matrix holds the scores of the whole "
                      "text; the second sets every later token's score (above the diagonal) to −∞; a softmax along each row "
                      "turns what is left into weights that sum to 1, and −∞ becomes exactly 0 (the third). The outlined row is "
                      "position %1.")
                .arg(s.position);
        case 4: {
            Eigen::Index best = 0;
            s.weights.maxCoeff(&best);
            QString text = tr("Each value vector is multiplied by its weight and the results are added: tokens with little "
                              "weight fade away. Here %1 at position %2 gets the most, %3.")
                               .arg(tokenText(s.tokens[best])).arg(best).arg(shortNumber(s.weights[best]));
            if (s.headAblated) text += tr(" This head was switched off in this step: its output was replaced.");
            return text;
        }
        case 5:
            return tr("The %1 heads' outputs are laid side by side again into one %2-wide vector (head %3's part outlined). "
                      "c_proj mixes them, and the result is added to the vector that entered the block: the residual "
                      "connection.")
                .arg(C / std::max(1, s.headDim)).arg(C).arg(s.head);
        case 6:
            return tr("The feed-forward network works on this token alone: layer norm, widen to %1 numbers, GELU (negative "
                      "values squashed towards 0), narrow back to %2, and add to the residual. What leaves block %3 enters "
                      "the next one.")
                .arg(s.block.mlpHidden.size()).arg(C).arg(s.layer);
        case 7: {
            const QString vocab = QString::number(s.readout.logits.size());
            if (s.isLastPosition) {
                return tr("After the last block: the final layer norm, then a dot product with every row of the embedding "
                          "matrix gives %1 scores (logits), one per vocabulary token. Softmax at temperature %2 makes them "
                          "probabilities; %3 was chosen, with probability %4.")
                    .arg(vocab).arg(shortNumber(s.temperature)).arg(tokenText(s.chosen)).arg(shortNumber(s.chosenProbability));
            }
            return tr("Every position makes a prediction for the token after it, in the same way: final layer norm, %1 "
                      "logits, softmax. At position %2 the text's next token is %3, which the model gave probability %4.")
                .arg(vocab).arg(s.position).arg(tokenText(s.chosen)).arg(shortNumber(s.chosenProbability));
        }
        default: return {};
    }
}

std::vector<StageItem> InsideStepView::itemsFor(int stage) const {
    const teaching::InsideStep& s = *m_step;
    const int D = s.headDim;
    const int C = static_cast<int>(s.embedding.size());
    const int h0 = s.head * D;
    std::vector<StageItem> items;
    auto at = [&](int position) { return QStringLiteral("%1 @%2").arg(tokenText(s.tokens[static_cast<std::size_t>(position)])).arg(position); };

    switch (stage) {
        case 0: {
            const float range = sharedRange({&s.tokenEmbedding, &s.positionEmbedding, &s.embedding});
            for (StripItem item : {strip(tr("wte[%1] %2").arg(s.token).arg(tokenText(s.token)), s.tokenEmbedding, {}, QStringLiteral("wte")),
                                   strip(tr("wpe[%1]").arg(s.position), s.positionEmbedding, {}, QStringLiteral("wpe")),
                                   strip(tr("sum → block 0"), s.embedding, {}, QStringLiteral("x"))}) {
                item.range = range;
                items.push_back(std::move(item));
            }
            items.push_back(TextItem{tr("Blue is negative, red positive, white zero; hover a cell for its exact value.")});
            break;
        }
        case 1: {
            items.push_back(strip(tr("into block %1").arg(s.layer), s.block.input, {}, QStringLiteral("x")));
            items.push_back(strip(tr("ln_1(x)"), s.block.attnNormed, {}, QStringLiteral("ln_1")));
            StripItem qkv = strip(tr("c_attn → q ++ k ++ v"), s.block.qkv, tr("%1 values").arg(s.block.qkv.size()), QStringLiteral("qkv"));
            qkv.highlights = {{h0, h0 + D}, {C + h0, C + h0 + D}, {2 * C + h0, 2 * C + h0 + D}};
            items.push_back(std::move(qkv));
            items.push_back(TextItem{tr("Head %1's slices, cells %2–%3 of each third:").arg(s.head).arg(h0).arg(h0 + D - 1)});
            items.push_back(strip(tr("q (head %1)").arg(s.head), s.query, {}, QStringLiteral("q")));
            items.push_back(strip(tr("k (head %1)").arg(s.head), s.block.qkv.segment(C + h0, D), {}, QStringLiteral("k")));
            items.push_back(strip(tr("v (head %1)").arg(s.head), s.block.qkv.segment(2 * C + h0, D), {}, QStringLiteral("v")));
            break;
        }
        case 2: {
            items.push_back(strip(tr("q %1").arg(at(s.position)), s.query, {}, QStringLiteral("q")));
            const std::vector<int> listed = positionsToList(s.scores);
            const float range = s.keys.size() ? s.keys.cwiseAbs().maxCoeff() : 0.0f;
            for (int j : listed) {
                StripItem k = strip(tr("k %1").arg(at(j)), s.keys.col(j),
                                    tr("q·k %1 → %2").arg(shortNumber(s.dots[j]), shortNumber(s.scores[j])), QStringLiteral("k"));
                k.range = range;
                items.push_back(std::move(k));
            }
            if (static_cast<int>(listed.size()) < s.scores.size()) {
                items.push_back(TextItem{tr("The %1 keys with the highest scores are listed; %2 more positions score lower.")
                                             .arg(listed.size()).arg(s.scores.size() - static_cast<int>(listed.size()))});
            }
            break;
        }
        case 3: {
            std::vector<QString> labels;
            for (int i = 0; i < s.windowSize; ++i) labels.push_back(m_namer ? m_namer(s.tokens[static_cast<std::size_t>(s.windowStart + i)]) : QString::number(i));
            const int row = s.position - s.windowStart;
            items.push_back(MatrixItem{tr("Scores (before the mask)"), MatrixItem::Kind::Scores, s.windowScores, labels, s.windowStart, row});
            items.push_back(MatrixItem{tr("Masked: the future is −∞"), MatrixItem::Kind::Masked, s.windowScores, labels, s.windowStart, row});
            items.push_back(MatrixItem{tr("After the softmax: weights"), MatrixItem::Kind::Probabilities, s.windowAttention, labels, s.windowStart, row});
            if (s.windowSize < static_cast<int>(s.tokens.size())) {
                items.push_back(TextItem{tr("Positions %1–%2 of the text's %3; the softmax still runs over each whole row.")
                                             .arg(s.windowStart).arg(s.windowStart + s.windowSize - 1).arg(s.tokens.size())});
            }
            break;
        }
        case 4: {
            const std::vector<int> listed = positionsToList(s.weights);
            const float maxWeight = s.weights.size() ? s.weights.maxCoeff() : 1.0f;
            const float range = s.values.size() ? s.values.cwiseAbs().maxCoeff() : 0.0f;
            for (int j : listed) {
                StripItem v = strip(tr("v %1").arg(at(j)), s.values.col(j), tr("× %1").arg(shortNumber(s.weights[j])), QStringLiteral("v"));
                v.range = range;
                v.opacity = maxWeight > 0 ? std::max(0.06, static_cast<double>(s.weights[j] / maxWeight)) : 1.0;
                items.push_back(std::move(v));
            }
            if (static_cast<int>(listed.size()) < s.weights.size()) {
                const double rest = s.weights.sum() - std::accumulate(listed.begin(), listed.end(), 0.0, [&](double a, int j) { return a + s.weights[j]; });
                items.push_back(TextItem{tr("%1 more positions carry the remaining weight, %2.").arg(s.weights.size() - static_cast<int>(listed.size())).arg(shortNumber(rest))});
            }
            StripItem out = strip(tr("= head %1's output").arg(s.head), s.headOutput, {}, QStringLiteral("out"));
            items.push_back(std::move(out));
            break;
        }
        case 5: {
            StripItem merged = strip(tr("heads merged"), s.block.merged, {}, QStringLiteral("merged"));
            merged.highlights = {{h0, h0 + D}};
            items.push_back(std::move(merged));
            items.push_back(strip(tr("c_proj: attention adds"), s.block.attnOut, {}, QStringLiteral("a")));
            const float range = sharedRange({&s.block.input, &s.block.afterAttn});
            StripItem in = strip(tr("into block %1").arg(s.layer), s.block.input, {}, QStringLiteral("x"));
            StripItem sum = strip(tr("x + attention"), s.block.afterAttn, {}, QStringLiteral("x"));
            in.range = sum.range = range;
            items.push_back(std::move(in));
            items.push_back(std::move(sum));
            break;
        }
        case 6: {
            items.push_back(strip(tr("ln_2(x)"), s.block.mlpNormed, {}, QStringLiteral("ln_2")));
            items.push_back(strip(tr("c_fc: widened"), s.block.mlpHidden, tr("%1 values").arg(s.block.mlpHidden.size()), QStringLiteral("h")));
            items.push_back(strip(tr("GELU"), s.block.mlpActivated, tr("%1 values").arg(s.block.mlpActivated.size()), QStringLiteral("gelu")));
            items.push_back(strip(tr("c_proj: narrowed"), s.block.mlpOut, {}, QStringLiteral("m")));
            items.push_back(strip(tr("leaves block %1").arg(s.layer), s.block.output, {}, QStringLiteral("x")));
            break;
        }
        case 7: {
            items.push_back(strip(tr("after the last block"), s.finalResidual, {}, QStringLiteral("x")));
            items.push_back(strip(tr("ln_f(x)"), s.readout.normed, {}, QStringLiteral("ln_f")));
            StripItem logits = strip(tr("logits, by token id"), s.readout.logits,
                                     tr("%1 … %2").arg(shortNumber(s.readout.logits.minCoeff()), shortNumber(s.readout.logits.maxCoeff())),
                                     QStringLiteral("logit"));
            const TokenNamer namer = m_namer;
            logits.indexName = [namer](int i) { return namer ? namer(i) : QString::number(i); };
            items.push_back(std::move(logits));
            CandidatesItem candidates;
            candidates.title = s.isLastPosition ? tr("The best candidates at temperature %1; the chosen one is marked:").arg(shortNumber(s.temperature))
                                                : tr("The best candidates at temperature 1; the text's next token is marked:");
            bool chosenListed = false;
            for (const Candidate& c : s.candidates) {
                const bool chosen = c.token == s.chosen;
                chosenListed = chosenListed || chosen;
                candidates.rows.push_back({m_namer ? m_namer(c.token) : QString::number(c.token), c.logit, c.probability, chosen});
            }
            if (!chosenListed) candidates.rows.push_back({m_namer ? m_namer(s.chosen) : QString::number(s.chosen), s.chosenLogit, s.chosenProbability, true});
            items.push_back(std::move(candidates));
            break;
        }
        default: break;
    }
    return items;
}

}  // namespace attnscope::views
