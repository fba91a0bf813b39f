#include "app/ControlPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include "app/Controller.h"
#include "app/PromptEdit.h"
#include "model/Session.h"
#include "views/CoreText.h"

namespace attnscope::app {

ControlPanel::ControlPanel(Controller* controller, QWidget* parent) : QWidget(parent), m_controller(controller) {
    auto* layout = new QVBoxLayout(this);

    auto* promptBox = new QGroupBox(tr("Prompt"), this);
    auto* promptLayout = new QVBoxLayout(promptBox);
    m_prompt = new PromptEdit(promptBox);
    m_prompt->setCheck([this](const QString& prompt) { return promptProblem(prompt); });
    connect(m_prompt, &PromptEdit::refused, this, &ControlPanel::problem);
    m_prompt->setPlaceholderText(tr("Text for the model to continue. Leave empty to start from <|endoftext|>."));
    m_prompt->setToolTip(tr("The prompt. Generate runs it through the model in one pass (step 0), then adds one token per step."));
    m_prompt->setTabChangesFocus(true);
    m_prompt->setMaximumHeight(110);
    // The seed's own example (S11): what does "it" attend to?
    m_prompt->setPlainText(QStringLiteral("A robot must obey the orders given it"));
    promptLayout->addWidget(m_prompt);
    m_specialsAsText = new QCheckBox(tr("Treat <|endoftext|> as plain text"), promptBox);
    m_specialsAsText->setToolTip(tr("Off: \"<|endoftext|>\" in the prompt is GPT-2's one special token. On: it is spelt out as ordinary text."));
    promptLayout->addWidget(m_specialsAsText);
    layout->addWidget(promptBox);

    auto* sampling = new QGroupBox(tr("Choosing the next token"), this);
    auto* form = new QFormLayout(sampling);
    m_mode = new QComboBox(sampling);
    m_mode->addItem(tr("Greedy (most probable)"));
    m_mode->addItem(tr("Sample"));
    m_mode->setToolTip(tr("Greedy always takes the most probable token (it tends to loop); sampling draws one at random by probability."));
    form->addRow(tr("Mode"), m_mode);
    m_temperature = new QDoubleSpinBox(sampling);
    m_temperature->setRange(0.05, 5.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setValue(1.0);
    m_temperature->setToolTip(tr("Divides the logits before the softmax: below 1 sharpens the distribution, above 1 flattens it."));
    form->addRow(tr("Temperature"), m_temperature);
    m_topK = new QSpinBox(sampling);
    m_topK->setRange(0, 1000);
    m_topK->setValue(40);
    m_topK->setSpecialValueText(tr("off"));
    m_topK->setToolTip(tr("Sample only among the k most probable tokens (GPT-2's samples used 40). 0: no cut."));
    form->addRow(tr("Top-k"), m_topK);
    m_topP = new QDoubleSpinBox(sampling);
    m_topP->setRange(0.01, 1.0);
    m_topP->setSingleStep(0.05);
    m_topP->setValue(1.0);
    m_topP->setToolTip(tr("Nucleus sampling: sample from the smallest set of tokens whose probabilities add up to p. 1: no cut."));
    form->addRow(tr("Top-p"), m_topP);
    m_seed = new QSpinBox(sampling);
    m_seed->setRange(0, 1 << 30);
    m_seed->setToolTip(tr("The same seed and settings give the same text."));
    form->addRow(tr("Seed"), m_seed);
    m_maxTokens = new QSpinBox(sampling);
    m_maxTokens->setRange(1, 4096);
    m_maxTokens->setValue(40);
    m_maxTokens->setToolTip(tr("How many tokens one press of Generate adds at most."));
    form->addRow(tr("New tokens"), m_maxTokens);
    m_pace = new QSlider(Qt::Horizontal, sampling);
    m_pace->setRange(0, 50);  // tenths of a second
    m_pace->setToolTip(tr("Slow generation down so a class can follow: a pause between tokens, up to 5 seconds."));
    m_paceLabel = new QLabel(sampling);
    auto* paceRow = new QHBoxLayout;
    paceRow->addWidget(m_pace);
    paceRow->addWidget(m_paceLabel);
    form->addRow(tr("Pace"), paceRow);
    layout->addWidget(sampling);

    auto* view = new QGroupBox(tr("Attention shown"), this);
    auto* viewForm = new QFormLayout(view);
    m_layer = new QSpinBox(view);
    m_layer->setToolTip(tr("Which block's attention the views show (Alt+Up / Alt+Down)."));
    viewForm->addRow(tr("Layer"), m_layer);
    m_head = new QComboBox(view);
    m_head->setToolTip(tr("Which head of that layer, or the mean over all its heads (Alt+Left / Alt+Right)."));
    viewForm->addRow(tr("Head"), m_head);
    layout->addWidget(view);
    layout->addStretch();

    // Each control writes its own field of the lesson state: a value the state holds that a
    // control cannot show exactly (a pace of 150 ms on a slider of tenths) stays as it is until
    // that control is changed.
    auto bind = [this](auto* widget, auto signal, auto write) {
        connect(widget, signal, this, [this, write] {
            updateEnabled();
            if (!m_updating) m_controller->state().editSettings(write);
        });
    };
    bind(m_prompt, &QPlainTextEdit::textChanged, [this](GenerationSettings& s) { s.prompt = prompt(); });
    bind(m_specialsAsText, &QCheckBox::toggled, [this](GenerationSettings& s) { s.specialsAsText = m_specialsAsText->isChecked(); });
    bind(m_mode, &QComboBox::currentIndexChanged, [this](GenerationSettings& s) { s.sampling.greedy = m_mode->currentIndex() == 0; });
    bind(m_temperature, &QDoubleSpinBox::valueChanged,
         [this](GenerationSettings& s) { s.sampling.temperature = static_cast<float>(m_temperature->value()); });
    bind(m_topK, &QSpinBox::valueChanged, [this](GenerationSettings& s) { s.sampling.topK = m_topK->value(); });
    bind(m_topP, &QDoubleSpinBox::valueChanged, [this](GenerationSettings& s) { s.sampling.topP = static_cast<float>(m_topP->value()); });
    bind(m_seed, &QSpinBox::valueChanged, [this](GenerationSettings& s) { s.sampling.seed = static_cast<std::uint64_t>(m_seed->value()); });
    bind(m_maxTokens, &QSpinBox::valueChanged, [this](GenerationSettings& s) { s.maxNewTokens = m_maxTokens->value(); });
    bind(m_pace, &QSlider::valueChanged, [this](GenerationSettings& s) { s.paceMs = m_pace->value() * 100; });
    connect(m_layer, &QSpinBox::valueChanged, this, [this] { pushSelection(); });
    connect(m_head, &QComboBox::currentIndexChanged, this, [this] { pushSelection(); });
    connect(&m_controller->state(), &LessonState::settingsChanged, this, &ControlPanel::showSettings);
    connect(&m_controller->state(), &LessonState::selectionChanged, this, &ControlPanel::showSelection);
    onModelChanged();
    pushSettings();
}

bool ControlPanel::setPrompt(const QString& text) {
    const QString why = promptProblem(text);
    if (!why.isEmpty()) {
        emit problem(tr("The prompt was not set: %1").arg(why));
        return false;
    }
    m_prompt->setPlainText(text);
    return true;
}

QString ControlPanel::promptProblem(const QString& prompt) const {
    const auto model = m_controller->model();
    if (!model) {
        return prompt.size() > PromptEdit::kMaxCharactersWithoutModel
                   ? tr("it is %1 characters long; without a model, the prompt box takes %2").arg(prompt.size()).arg(PromptEdit::kMaxCharactersWithoutModel)
                   : QString();
    }
    const QByteArray utf8 = prompt.toUtf8();
    const auto why = promptLengthProblem(*model, std::string_view(utf8.constData(), static_cast<std::size_t>(utf8.size())),
                                         m_specialsAsText->isChecked() ? SpecialTokens::AsText : SpecialTokens::Recognise);
    return why ? coreText(*why) : QString();

}
QString ControlPanel::prompt() const { return m_prompt->toPlainText(); }

void ControlPanel::updateEnabled() {
    const bool sampling = m_mode->currentIndex() == 1;
    for (QWidget* w : std::initializer_list<QWidget*>{m_temperature, m_topK, m_topP, m_seed}) w->setEnabled(sampling);
    m_paceLabel->setText(m_pace->value() == 0 ? tr("full speed") : tr("%1 s").arg(m_pace->value() / 10.0, 0, 'f', 1));
}

// The widgets start from their defaults (the prompt is the seed's example): the state takes them.
void ControlPanel::pushSettings() {
    updateEnabled();
    GenerationSettings s;
    s.prompt = prompt();
    s.specialsAsText = m_specialsAsText->isChecked();
    s.sampling.greedy = m_mode->currentIndex() == 0;
    s.sampling.temperature = static_cast<float>(m_temperature->value());
    s.sampling.topK = m_topK->value();
    s.sampling.topP = static_cast<float>(m_topP->value());
    s.sampling.seed = static_cast<std::uint64_t>(m_seed->value());
    s.maxNewTokens = m_maxTokens->value();
    s.paceMs = m_pace->value() * 100;
    m_controller->state().setSettings(s);
}

void ControlPanel::showSettings() {
    const GenerationSettings& s = m_controller->state().settings();
    if (s.prompt != prompt() && !setPrompt(s.prompt)) {
        // Too long for the model: the prompt box keeps its prompt, and so does the state.
        m_controller->state().editSettings([this](GenerationSettings& g) { g.prompt = prompt(); });
        return;
    }
    m_updating = true;
    m_specialsAsText->setChecked(s.specialsAsText);
    m_mode->setCurrentIndex(s.sampling.greedy ? 0 : 1);
    m_temperature->setValue(s.sampling.temperature);
    m_topK->setValue(s.sampling.topK);
    m_topP->setValue(s.sampling.topP);
    m_seed->setValue(static_cast<int>(std::min<std::uint64_t>(s.sampling.seed, static_cast<std::uint64_t>(m_seed->maximum()))));
    m_maxTokens->setValue(s.maxNewTokens);
    m_pace->setValue(s.paceMs / 100);
    m_updating = false;
    updateEnabled();
}

void ControlPanel::onModelChanged() {
    m_updating = true;
    const ModelPtr model = m_controller->model();
    const int layers = model ? model->config().nLayer : 1;
    const int heads = model ? model->config().nHead : 1;
    m_layer->setRange(0, layers - 1);
    m_head->clear();
    m_head->addItem(tr("mean of all heads"));
    for (int h = 0; h < heads; ++h) m_head->addItem(tr("head %1").arg(h));
    setEnabled(true);
    m_updating = false;
    showSelection();
    // A prompt written for a model with a longer context: say so now, not when Generate fails.
    if (model) {
        const QString why = promptProblem(prompt());
        if (!why.isEmpty()) emit problem(tr("The prompt does not fit %1: %2.")
                                             .arg(QString::fromStdString(model->name()), why));
    }
}

void ControlPanel::showSelection() {
    m_updating = true;
    const views::Selection& s = m_controller->selection();
    m_layer->setValue(s.layer);
    m_head->setCurrentIndex(s.averageHeads ? 0 : s.head + 1);
    m_updating = false;
}

void ControlPanel::pushSelection() {
    if (m_updating) return;
    views::Selection s = m_controller->selection();
    s.layer = m_layer->value();
    s.averageHeads = m_head->currentIndex() <= 0;
    s.head = std::max(0, m_head->currentIndex() - 1);
    m_controller->setSelection(s);
}

}  // namespace attnscope::app
