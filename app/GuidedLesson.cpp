#include "app/GuidedLesson.h"

#include <QDockWidget>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "app/Controller.h"
#include "app/MainWindow.h"
#include "app/TeachingPanels.h"
#include "model/Gpt2Model.h"
#include "views/InsideStepView.h"
#include "views/TokenPathView.h"

namespace attnscope::app {

namespace {

QString percent(double p) { return QStringLiteral("%1%").arg(100.0 * p, 0, 'f', p < 0.01 ? 2 : 1); }
QString count(std::int64_t n) { return QLocale(QLocale::English).toString(static_cast<qlonglong>(n)); }

// The stops, in the seed's order. Each is found by its place in this list (see liveSentence).
enum StopId { NextWord, Growing, Stack, Embed, Qkv, Scores, Mask, Values, MergeFfn, Paths, Cache, Output, Heads };

}  // namespace

GuidedLesson::GuidedLesson(MainWindow* window) : QWidget(window), m_window(window) {
    auto* layout = new QVBoxLayout(this);
    m_heading = new QLabel(this);
    QFont bold = m_heading->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    m_heading->setFont(bold);
    m_heading->setWordWrap(true);
    m_where = new QLabel(this);
    m_where->setStyleSheet(QStringLiteral("color: #666"));
    m_text = new QLabel(this);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // Back and Next beside the title, so that they stay in sight however long the paragraph is;
    // the paragraph scrolls on its own.
    auto* top = new QHBoxLayout;
    m_back = new QPushButton(tr("◀ Back"), this);
    m_next = new QPushButton(tr("Next ▶"), this);
    m_back->setToolTip(tr("The previous stop of the lesson"));
    m_next->setToolTip(tr("The next stop of the lesson"));
    connect(m_back, &QPushButton::clicked, this, [this] { back(); });
    connect(m_next, &QPushButton::clicked, this, [this] {
        if (m_current < 0) start();
        else next();
    });
    top->addWidget(m_heading, 1);
    top->addWidget(m_back);
    top->addWidget(m_next);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_text);
    layout->addLayout(top);
    layout->addWidget(m_where);
    layout->addWidget(scroll, 1);
    buildStops();

    // The live sentence follows the step on screen, and a text that arrives after Start
    // (the prompt is being run) fills it in.
    connect(m_window->controller(), &Controller::currentRecordChanged, this, [this] { refreshText(); });
    connect(m_window->controller(), &Controller::selectionChanged, this, [this] { refreshText(); });
    refreshText();
}

void GuidedLesson::buildStops() {
    TeachingPanels* teaching = m_window->teaching();
    QWidget* attention = m_window->centerTabs()->widget(0);
    QWidget* inside = teaching->insideStep();
    m_stops = {
        {tr("1. The next word"), QStringLiteral("S1, S7"),
         tr("A language model does one thing: given a text, it gives every token of its vocabulary a probability of "
            "coming next. The bars on the right are the best candidates for the step on screen. Greedy decoding takes the "
            "top one; sampling draws among them (top-k keeps only the k best)."),
         attention, -1, {QStringLiteral("barsDock")}},
        {tr("2. One token at a time"), QStringLiteral("S5, S6"),
         tr("The chosen token is appended to the text and the model runs again: that is auto-regression. The strip at the "
            "top is the text, the prompt in grey; ← and → move along the steps, Shift+→ makes one more."),
         nullptr, -1, {QStringLiteral("tokensDock")}},
        {tr("3. A stack of blocks"), QStringLiteral("S2, S3, S10, S25, S26"),
         tr("The model is a stack of identical decoder blocks, each with its own weights: masked self-attention, then a "
            "feed-forward network. The token's vector climbs the stack; “Token's path” shows how much each block adds, "
            "and the anatomy lists every weight."),
         teaching->tokenPath(), -1, {QStringLiteral("anatomyDock")}},
        {tr("4. Embeddings"), QStringLiteral("S9"),
         tr("Before the first block, the token's id picks its row of the token-embedding matrix wte and its position "
            "picks a row of the position matrix wpe; the two rows are added."),
         inside, 0, {}},
        {tr("5. Query, key and value"), QStringLiteral("S12, S19, S20"),
         tr("In each block, one matrix multiply (c_attn) turns the vector into three: a query (what this token looks for), "
            "a key (what it offers) and a value (what it passes on), each cut into one piece per head."),
         inside, 1, {}},
        {tr("6. Scoring the keys"), QStringLiteral("S15, S21"),
         tr("The query is compared with the key of every token so far by a dot product, divided by the square root of "
            "the head size: one score per earlier token."),
         inside, 2, {}},
        {tr("7. The mask and the softmax"), QStringLiteral("S4, S17"),
         tr("A token may not look at the future: the scores above the diagonal are set to minus infinity, then each row "
            "goes through a softmax, so the weights of a row add up to 1 and the future gets exactly 0."),
         inside, 3, {}},
        {tr("8. Adding up the values"), QStringLiteral("S15, S16"),
         tr("Each value is multiplied by its weight and the results are added: tokens with a small weight fade out of "
            "the sum."),
         inside, 4, {}},
        {tr("9. Merging the heads, the feed-forward network"), QStringLiteral("S22, S23, S24"),
         tr("The heads' outputs are laid side by side again and projected (c_proj); then the feed-forward network widens "
            "the vector four times, applies GELU and narrows it back."),
         inside, 6, {}},
        {tr("10. Where each token looks"), QStringLiteral("S11, S28"),
         tr("The attention matrix of one head: row = the token attending, column = the token attended to. Token paths "
            "draws the same weights as lines; click a row or a token to follow another one."),
         attention, -1, {QStringLiteral("pathsDock")}},
        {tr("11. The key/value cache"), QStringLiteral("S8, S18"),
         tr("Keys and values of earlier tokens do not change, so GPT-2 keeps them: each new step runs only the newest "
            "token and reads the rest from the cache."),
         teaching->kvCachePage(), -1, {}},
        {tr("12. The output head"), QStringLiteral("S13, S14"),
         tr("After the last block, the final layer norm and a dot product with every row of the embedding matrix give one "
            "score (logit) per token of the vocabulary; the softmax turns them into the probabilities of step 1."),
         inside, 7, {QStringLiteral("barsDock")}},
        {tr("13. Heads do different things"), QStringLiteral("S11, S28"),
         tr("Every head of every layer at once: some look at the previous token, some at the first, some copy what "
            "followed an earlier occurrence (induction heads). Head scores measures each; click a head to look at it."),
         attention, -1, {QStringLiteral("gridDock"), QStringLiteral("headScoresDock")}},
    };
}

void GuidedLesson::start() {
    Controller* c = m_window->controller();
    if (c->model() && c->timeline().empty() && !c->isGenerating()) c->generate();  // a text to look at
    goTo(0);
}

void GuidedLesson::goTo(int index) {
    if (m_stops.empty()) return;
    m_current = std::clamp(index, 0, stopCount() - 1);
    apply();
    refreshText();
    emit stopChanged(m_current);
}

void GuidedLesson::apply() {
    const Stop& s = stop(m_current);
    if (s.tab) m_window->centerTabs()->setCurrentWidget(s.tab);
    if (s.insideStage >= 0) m_window->teaching()->insideStep()->setStage(s.insideStage);
    for (const QString& name : s.docks) {
        if (auto* dock = m_window->findChild<QDockWidget*>(name)) {
            dock->show();
            dock->raise();
        }
    }
}

QString GuidedLesson::liveSentence() const {
    Controller* c = m_window->controller();
    const ModelPtr model = c->model();
    if (m_current < 0) return {};
    if (!model) return tr("Open a model to see its numbers here.");
    const StepRecordPtr r = c->currentRecord();
    if (!r) return tr("Generate some text: the numbers of the step on screen appear here.");
    const views::TokenNamer name = c->namer();
    const auto quote = [&](std::int32_t token) { return QStringLiteral("“%1”").arg(name(token)); };
    const auto& cfg = model->config();
    const views::Selection& sel = c->selection();
    const int q = sel.queryFor(r->length());
    const int layer = std::clamp(sel.layer, 0, cfg.nLayer - 1);
    const int head = std::clamp(sel.head, 0, cfg.nHead - 1);
    const std::int32_t last = r->tokens.back();
    switch (m_current) {
        case NextWord:
            if (r->topK.size() < 2) return {};
            return tr("Here: after %1 the model's first choice is %2 at %3, then %4 at %5. Click a bar to choose another "
                      "token and continue from it.")
                .arg(quote(last), quote(r->topK[0].token), percent(r->topK[0].probability), quote(r->topK[1].token),
                     percent(r->topK[1].probability));
        case Growing:
            return tr("Here: the text is %1 tokens, %2 of them the prompt; this is step %3 of %4.")
                .arg(r->length())
                .arg(c->promptLength())
                .arg(c->currentStep())
                .arg(static_cast<int>(c->timeline().size()) - 1);
        case Stack:
            return tr("Here: %1 has %2 blocks, %3 numbers wide, %4 heads per block, %5 parameters in all.")
                .arg(QString::fromStdString(model->name()))
                .arg(cfg.nLayer)
                .arg(cfg.nEmbd)
                .arg(cfg.nHead)
                .arg(count(model->parameterCount()));
        case Embed:
            return tr("Here: token %1 (id %2) at position %3: a row of %4 numbers from wte plus row %3 of wpe.")
                .arg(quote(r->tokens[static_cast<std::size_t>(q)]))
                .arg(r->tokens[static_cast<std::size_t>(q)])
                .arg(q)
                .arg(cfg.nEmbd);
        case Qkv:
            return tr("Here: c_attn turns %1 numbers into 3 × %1; each of q, k and v is cut into %2 heads of %3.")
                .arg(cfg.nEmbd)
                .arg(cfg.nHead)
                .arg(cfg.nEmbd / cfg.nHead);
        case Scores:
            return tr("Here: the query of %1 (position %2) is scored against %3 keys in layer %4, head %5, each score "
                      "divided by √%6.")
                .arg(quote(r->tokens[static_cast<std::size_t>(q)]))
                .arg(q)
                .arg(q + 1)
                .arg(layer)
                .arg(head)
                .arg(cfg.nEmbd / cfg.nHead);
        case Mask:
            if (q == r->length() - 1 && r->length() > 2) {
                return tr("Here: the newest token (row %1) may look at all %2 tokens, so its row has nothing masked; row %3 "
                          "has %4 later positions set to −∞ and then 0. Click a token to choose its row.")
                    .arg(q)
                    .arg(r->length())
                    .arg(r->length() / 2)
                    .arg(r->length() - 1 - r->length() / 2);
            }
            return tr("Here: row %1 keeps keys 0 to %1; its %2 later positions are set to −∞ and get weight 0.")
                .arg(q)
                .arg(r->length() - 1 - q);
        case Values:
        case Paths: {
            if (!r->recorded()) return tr("This step was generated with recording off: no weights to read.");
            const std::vector<float> row = r->attentionRow(layer, head, q);
            const auto best = std::max_element(row.begin(), row.begin() + q + 1) - row.begin();
            return tr("Here: in layer %1, head %2, %3 gives %4 of its attention to %5 (position %6).")
                .arg(layer)
                .arg(head)
                .arg(quote(r->tokens[static_cast<std::size_t>(q)]))
                .arg(percent(row[static_cast<std::size_t>(best)]))
                .arg(quote(r->tokens[static_cast<std::size_t>(best)]))
                .arg(best);
        }
        case MergeFfn:
            return tr("Here: %1 heads × %2 = %3 numbers; the feed-forward network widens them to %4 and back to %3.")
                .arg(cfg.nHead)
                .arg(cfg.nEmbd / cfg.nHead)
                .arg(cfg.nEmbd)
                .arg(cfg.nInner > 0 ? cfg.nInner : 4 * cfg.nEmbd);
        case Cache:
            return tr("Here: the cache holds keys and values for %1 positions in %2 layers × %3 heads; this step ran %4 "
                      "new position(s).")
                .arg(r->length())
                .arg(cfg.nLayer)
                .arg(cfg.nHead)
                .arg(r->newPositionCount());
        case Output:
            if (r->topK.empty()) return {};
            return tr("Here: %1 scores, one per token of the vocabulary; after the softmax %2 has %3.")
                .arg(count(cfg.vocabSize))
                .arg(quote(r->topK[0].token), percent(r->topK[0].probability));
        case Heads:
            return tr("Here: %1 layers × %2 heads = %3 heads. Run the diagnostics in Head scores to find this model's "
                      "induction heads.")
                .arg(cfg.nLayer)
                .arg(cfg.nHead)
                .arg(cfg.nLayer * cfg.nHead);
        default: return {};
    }
}

QString GuidedLesson::shownText() const { return m_heading->text() + QLatin1Char('\n') + m_text->text(); }

void GuidedLesson::refreshText() {
    if (m_current < 0) {
        m_heading->setText(tr("A guided lesson"));
        m_where->setText(tr("%1 stops, from the next word to the heads").arg(stopCount()));
        m_text->setText(tr("This lesson follows “The Illustrated GPT-2” on the model that is open, with its real numbers. "
                           "Each stop moves the views to the right place. Press Start to begin."));
    } else {
        const Stop& s = stop(m_current);
        m_heading->setText(s.title);
        m_where->setText(tr("Stop %1 of %2 · the seed's %3").arg(m_current + 1).arg(stopCount()).arg(s.seed));
        const QString live = liveSentence();
        m_text->setText(live.isEmpty() ? s.paragraph : s.paragraph + QStringLiteral("\n\n") + live);
    }
    m_back->setEnabled(m_current > 0);
    m_next->setEnabled(m_current < stopCount() - 1);
    m_next->setText(m_current < 0 ? tr("Start ▶") : tr("Next ▶"));
}

}  // namespace attnscope::app
