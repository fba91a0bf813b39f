#include "app/WorkspaceManager.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>
#include <QSettings>
#include <QStandardPaths>

#include "app/Controller.h"
#include "model/AtomicFile.h"
#include "model/Errors.h"
#include "model/SystemMemory.h"
#include "views/CoreText.h"

namespace attnscope::app {
namespace {

constexpr int kAutosaveMs = 60 * 1000;  // "a crash loses at most the last minute"
constexpr int kMaxRecent = 8;
constexpr int kRecoverySlots = 8;  // windows open at once that each have a recovery file to offer
const char* kRecentKey = "workspaces/recent";

QString canonicalFolder(const QString& folder) {
    const QString c = QFileInfo(folder).canonicalFilePath();
    return c.isEmpty() ? QFileInfo(folder).absoluteFilePath() : c;
}

// The file read and validated, or nullopt with a message naming it in `error`.
std::optional<workspace::Workspace> readWorkspaceFile(const QString& file, QString* error) {
    auto failWith = [&](const QString& message) {
        if (error) *error = message;
        return std::nullopt;
    };
    const QFileInfo info(file);
    if (!info.exists()) return failWith(WorkspaceManager::tr("%1 does not exist.").arg(QDir::toNativeSeparators(file)));
    if (!info.isFile()) return failWith(WorkspaceManager::tr("%1 is not a regular file.").arg(QDir::toNativeSeparators(file)));
    if (info.size() > static_cast<qint64>(workspace::kMaxFileBytes)) {
        return failWith(WorkspaceManager::tr("%1 is %2 MB; a workspace is a few KB.").arg(QDir::toNativeSeparators(file)).arg(info.size() >> 20));
    }
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        return failWith(WorkspaceManager::tr("%1 cannot be read: %2").arg(QDir::toNativeSeparators(file), in.errorString()));
    }
    const QByteArray bytes = in.read(static_cast<qint64>(workspace::kMaxFileBytes) + 1);
    try {
        return workspace::fromJson(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), file.toStdString());
    } catch (const FormatError& e) {
        return failWith(coreText(e));
    }
}

}  // namespace

WorkspaceManager::WorkspaceManager(Controller* controller, bool persistRecent, QObject* parent)
    : QObject(parent), m_controller(controller), m_persistRecent(persistRecent) {
    Controller* c = controller;
    // Unsaved work is a text on screen that changed; a freshly opened model with nothing
    // generated yet is not worth a question on closing.
    auto touched = [this] {
        if (!m_restoring && !m_controller->timeline().empty()) setModified(true);
    };
    connect(c, &Controller::timelineChanged, this, touched);
    connect(c, &Controller::selectionChanged, this, touched);
    connect(&c->state(), &LessonState::settingsChanged, this, touched);
    connect(&c->state(), &LessonState::headsOffChanged, this, touched);
    connect(&c->state(), &LessonState::displayChanged, this, touched);
    connect(c, &Controller::modelChanged, this, [this] { onModelChanged(); });
    connect(c, &Controller::loadFailed, this, [this](const QString& folder, const QString& message) {
        if (!m_pending) return;
        m_pending.reset();
        m_restoring = false;
        emit openFailed(m_pendingFile, tr("The model %1 could not be opened: %2").arg(folder, message));
    });
    claimRecoverySlot();
    if (m_persistRecent) m_recent = QSettings().value(QString::fromLatin1(kRecentKey)).toStringList();
    m_autosave.setInterval(kAutosaveMs);
    connect(&m_autosave, &QTimer::timeout, this, [this] { writeRecovery(); });
    m_autosave.start();
}

void WorkspaceManager::setModified(bool modified) {
    if (modified == m_modified) return;
    m_modified = modified;
    emit modifiedChanged(modified);
}

void WorkspaceManager::onModelChanged() {
    const ModelPtr model = m_controller->model();
    if (model) m_loadedFolder = canonicalFolder(QString::fromStdString(model->folder().string()));
    if (!m_pending) return;
    workspace::Workspace w = std::move(*m_pending);
    m_pending.reset();
    // The model the workspace names is loaded now (by the worker, which hashed its files as it
    // read them): is it the one the workspace was saved with?
    if (m_pendingChecksModel && model && !w.modelFingerprint.empty() && model->fingerprint() != w.modelFingerprint) {
        const QString chosen = m_resolver ? m_resolver(ModelProblem::Different, m_loadedFolder) : QString();
        if (chosen.isEmpty()) {
            m_restoring = false;
            emit openFailed(m_pendingFile, tr("The model in %1 is not the one the workspace was saved with (its files differ).")
                                               .arg(m_loadedFolder));
            return;
        }
        if (canonicalFolder(chosen) != m_loadedFolder) {
            m_pending = std::move(w);
            m_pendingChecksModel = false;  // the user chose it
            m_controller->loadModel(canonicalFolder(chosen));
            return;
        }
    }
    apply(w);
}

QString WorkspaceManager::fingerprintOfLoadedModel() const {
    const ModelPtr model = m_controller->model();
    return model ? QString::fromStdString(model->fingerprint()) : QString();
}

workspace::Workspace WorkspaceManager::capture() {
    Controller* c = m_controller;
    workspace::Workspace w;
    if (const ModelPtr model = c->model()) {
        w.modelFolder = canonicalFolder(QString::fromStdString(model->folder().string())).toStdString();
        w.modelName = model->name();
        w.modelFingerprint = fingerprintOfLoadedModel().toStdString();
    }
    w.controls = c->state().controls();
    w.timelinePrompt = c->timelinePrompt().toStdString();
    w.timelineSpecialsAsText = c->timelineSpecialsAsText();
    const auto& timeline = c->timeline();
    if (!timeline.empty()) w.promptTokens = timeline.front()->tokens;
    for (const StepRecordPtr& r : timeline) w.steps.push_back(workspace::choiceOf(*r));
    for (const Controller::Line& branch : c->branches()) {
        std::vector<workspace::StepChoice> choices;
        for (const StepRecordPtr& r : branch) choices.push_back(workspace::choiceOf(*r));
        w.branches.push_back(std::move(choices));
    }
    w.currentStep = timeline.empty() ? -1 : c->currentStep();
    w.ablation = c->state().ablation();
    const views::Selection& s = c->selection();
    w.selection = {s.layer, s.head, s.averageHeads, s.query};
    if (m_layout.capture) w.layout = m_layout.capture();
    w.layout.centerTab = c->state().display().centerTab;
    w.layout.stepperStage = c->state().display().stepperStage;
    return w;
}

bool WorkspaceManager::save(const QString& file, QString* error) {
    std::string bytes;
    try {
        bytes = workspace::toJson(capture());
    } catch (const std::exception& e) {
        if (error) *error = tr("The workspace could not be written: %1").arg(coreText(e));
        return false;
    }
    // Written beside the target, flushed to the disk, then renamed over it (model/AtomicFile.h):
    // a full disk or a vanished folder leaves the previous file whole and is reported here.
    try {
        writeFileAtomically(file.toStdString(), bytes);
    } catch (const IoError& e) {
        if (error) *error = coreText(e);
        return false;
    }
    if (file != recoveryFile()) {
        m_file = file;
        emit currentFileChanged(m_file);
        setModified(false);
        rememberRecent(file);
        removeRecovery();
    }
    return true;
}

bool WorkspaceManager::open(const QString& file, QString* error, bool asRecovery) {
    // Every message names the workspace (readWorkspaceFile's do already).
    auto failWith = [&](const QString& message) {
        if (error) *error = tr("%1: %2").arg(QDir::toNativeSeparators(file), message);
        return false;
    };
    Controller* c = m_controller;
    if (c->isGenerating() || c->isLoading()) return failWith(tr("Pause the generation before opening a workspace."));
    std::optional<workspace::Workspace> read = readWorkspaceFile(file, error);
    if (!read) return false;
    workspace::Workspace w = std::move(*read);

    // The model: where it was, or where the user says it is now; and is it the same one?
    QString folder = QString::fromStdString(w.modelFolder);
    if (!QFileInfo(folder).isDir()) {
        folder = m_resolver ? m_resolver(ModelProblem::Missing, folder) : QString();
        if (folder.isEmpty()) {
            return failWith(tr("The workspace's model folder %1 is missing.").arg(QString::fromStdString(w.modelFolder)));
        }
    }
    folder = canonicalFolder(folder);
    // The loaded model is checked now; another one after the worker has loaded it (and hashed
    // its files on the way), never by reading files on this thread.
    bool checkAfterLoad = true;
    if (c->model() && folder == m_loadedFolder && !w.modelFingerprint.empty() &&
        fingerprintOfLoadedModel().toStdString() != w.modelFingerprint) {
        const QString chosen = m_resolver ? m_resolver(ModelProblem::Different, folder) : QString();
        if (chosen.isEmpty()) {
            return failWith(tr("The model in %1 is not the one the workspace was saved with (its files differ).").arg(folder));
        }
        folder = canonicalFolder(chosen);
        checkAfterLoad = false;  // the user chose it
    }

    m_pendingFile = file;
    m_pendingIsRecovery = asRecovery;
    m_restoring = true;
    if (c->model() && folder == m_loadedFolder) {
        apply(w);
    } else {
        m_pending = std::move(w);
        m_pendingChecksModel = checkAfterLoad;
        c->loadModel(folder);
    }
    return true;
}

bool WorkspaceManager::replayFits(const workspace::Workspace& w) {
    const ModelPtr model = m_controller->model();
    if (!model) return true;
    const std::uint64_t positions = workspace::positionsToRemake(w);
    const std::uint64_t need = positions * PositionRecord::bytesFor(*model->recordShape());
    std::uint64_t budget = m_replayBudget.value_or(0);
    if (!m_replayBudget) {
        const auto available = availableMemoryBytes();
        if (!available) return true;
        budget = *available / 2;  // the rest is for the model, the views and everything else
    }
    if (need <= budget) return true;
    std::size_t steps = w.steps.size();
    for (const auto& branch : w.branches) steps += branch.size();
    m_restoring = false;
    emit openFailed(m_pendingFile, tr("%1 was not opened: making its %2 steps again would record %3 positions of %4 "
                                      "(%5 MB), more than the %6 MB this machine has for it now.")
                                       .arg(QDir::toNativeSeparators(m_pendingFile))
                                       .arg(steps)
                                       .arg(positions)
                                       .arg(QString::fromStdString(model->name()))
                                       .arg(need >> 20)
                                       .arg(budget >> 20));
    return false;
}

void WorkspaceManager::apply(const workspace::Workspace& w) {
    if (!replayFits(w)) return;
    m_restoring = true;
    Controller* c = m_controller;
    c->state().setControls(w.controls);
    if (m_layout.restore) m_layout.restore(w.layout);
    c->state().editDisplay([&](DisplayOptions& d) {
        d.centerTab = w.layout.centerTab;
        d.stepperStage = w.layout.stepperStage;
    });

    const ModelPtr model = c->model();
    const auto selection = [model, s = w.selection] {
        views::Selection v;
        v.layer = std::clamp(s.layer, 0, model ? model->config().nLayer - 1 : 0);
        v.head = std::clamp(s.head, 0, model ? model->config().nHead - 1 : 0);
        v.averageHeads = s.averageHeads;
        v.query = s.query;
        return v;
    }();
    c->setSelection(selection);
    c->state().setAblation(w.ablation);  // the worker hears of the active set through the controller
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(c, &Controller::timelineRestored, this, [this, connection, selection](const QStringList& differences) {
        disconnect(*connection);
        m_controller->setSelection(selection);
        finishOpen(differences);
    });
    c->restoreTimeline(QString::fromStdString(w.timelinePrompt), w.timelineSpecialsAsText, w.promptTokens, w.steps, w.branches,
                       w.currentStep);
}

void WorkspaceManager::finishOpen(const QStringList& differences) {
    m_restoring = false;
    if (m_pendingIsRecovery) {
        m_file.clear();
        setModified(true);  // recovered work is unsaved work
    } else {
        m_file = m_pendingFile;
        setModified(false);
        rememberRecent(m_file);
    }
    emit currentFileChanged(m_file);
    emit opened(m_pendingFile, differences);
}

void WorkspaceManager::rememberRecent(const QString& file) {
    const QString path = QFileInfo(file).absoluteFilePath();
    m_recent.removeAll(path);
    m_recent.prepend(path);
    while (m_recent.size() > kMaxRecent) m_recent.removeLast();
    if (m_persistRecent) QSettings().setValue(QString::fromLatin1(kRecentKey), m_recent);
    emit recentChanged();
}

QString WorkspaceManager::recoveryFile() const { return m_recoveryFile; }

void WorkspaceManager::claimRecoverySlot() {
    // Each running instance autosaves to a file of its own, held with a lock: a second window
    // neither overwrites the first one's recovery file nor offers to "restore" a live session.
    // The lock of an instance that crashed is stale (its process is gone) and is taken over, so
    // its file is offered to the next instance that starts.
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    QDir().mkpath(folder);
    const QString suffix = QString::fromLatin1(workspace::kFileSuffix);
    for (int slot = 1; slot <= kRecoverySlots; ++slot) {
        const QString name = slot == 1 ? QStringLiteral("recovery") : QStringLiteral("recovery-%1").arg(slot);
        auto lock = std::make_unique<QLockFile>(folder + QLatin1Char('/') + name + QStringLiteral(".lock"));
        lock->setStaleLockTime(0);  // a lock is stale only when its process is gone, never by age
        if (lock->tryLock(0)) {
            m_recoveryLock = std::move(lock);
            m_recoveryFile = folder + QLatin1Char('/') + name + suffix;
            return;
        }
    }
    // Every slot is held (or the folder cannot be written): autosave to a file no one offers.
    m_recoveryFile = folder + QStringLiteral("/recovery-%1").arg(QCoreApplication::applicationPid()) + suffix;
}

QString WorkspaceManager::adoptStrayRecovery() {
    // A kill between writing the recovery file's temporary copy and renaming it leaves a complete
    // temporary beside it. The newest one that is a valid workspace and newer than the recovery
    // file becomes the recovery file (so that it is offered); every other one is removed.
    const auto strays = strayTemporaries(m_recoveryFile.toStdString());
    if (strays.empty()) return {};
    const QFileInfo recovery(m_recoveryFile);
    QString adopted;
    for (auto it = strays.rbegin(); it != strays.rend(); ++it) {
        const QString stray = QString::fromStdString(it->string());
        const bool newer = !recovery.exists() || QFileInfo(stray).lastModified() > recovery.lastModified();
        const bool valid = adopted.isEmpty() && newer && readWorkspaceFile(stray, nullptr).has_value();
        // QFile::rename does not replace an existing file: the older recovery file goes first.
        if (valid && (!QFileInfo::exists(m_recoveryFile) || QFile::remove(m_recoveryFile)) && QFile::rename(stray, m_recoveryFile)) {
            adopted = stray;
        } else {
            QFile::remove(stray);
        }
    }
    return adopted;
}

bool WorkspaceManager::writeRecovery(QString* error) {
    if (!m_modified || m_restoring || m_controller->timeline().empty() || m_controller->isLoading()) return false;
    QDir().mkpath(QFileInfo(recoveryFile()).absolutePath());
    QString why;
    if (!save(recoveryFile(), &why)) {
        if (error) *error = why;
        // Said once, not every minute: again only after an autosave has worked in between.
        if (!m_autosaveFailing) emit autosaveFailed(why);
        m_autosaveFailing = true;
        return false;
    }
    m_autosaveFailing = false;
    return true;
}

void WorkspaceManager::removeRecovery() { QFile::remove(recoveryFile()); }

bool WorkspaceManager::hasRecovery() const { return QFileInfo(recoveryFile()).isFile(); }

}  // namespace attnscope::app
