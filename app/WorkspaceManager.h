#pragma once
// Saving and opening workspaces (.attnscope, app/WorkspaceFile.h): what File > Save, Open and
// the recent list do, the "modified" state behind the unsaved-changes question, and the
// autosave to a recovery file that a crash or a power cut leaves behind.
//
// Files are written with QSaveFile: a failed or interrupted save leaves the previous file as it
// was. Opening reads and validates the file first, then loads the model if another one is open
// (checking its fingerprint), then restores the lesson state (controls, selection, heads off,
// display) and the window's layout, and has the controller make the stored steps again.

#include <QLockFile>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

#include "app/WorkspaceFile.h"

namespace attnscope::app {

class Controller;

class WorkspaceManager : public QObject {
    Q_OBJECT
public:
    // A workspace is made of the controller's lesson state and timeline, and the window's layout
    // (setLayoutAccess); `persistRecent`: keep the recent list in QSettings (false in tests).
    WorkspaceManager(Controller* controller, bool persistRecent, QObject* parent);

    // How the window's geometry and dock layout get into a workspace and back (the only part of
    // a workspace that is the window's, not the lesson state's).
    struct LayoutAccess {
        std::function<workspace::Layout()> capture;
        std::function<void(const workspace::Layout&)> restore;
    };
    void setLayoutAccess(LayoutAccess access) { m_layout = std::move(access); }

    QString currentFile() const { return m_file; }
    bool isModified() const { return m_modified; }
    void setModified(bool modified);

    // The workspace as the lesson is now.
    workspace::Workspace capture();

    // Writes the window's workspace to `file` (model/AtomicFile.h). On failure (a full disk, a
    // folder that is read-only or gone) returns false with a message naming the file in `error`;
    // an existing `file` is left whole and the workspace stays modified.
    bool save(const QString& file, QString* error);

    // What to do when the workspace's model folder is missing or holds another model. The
    // window asks the user; tests answer directly.
    enum class ModelProblem { Missing, Different };
    // Returns the folder to use instead (possibly the same one, to open it anyway), or an empty
    // string to cancel.
    using ModelResolver = std::function<QString(ModelProblem problem, const QString& folder)>;
    void setModelResolver(ModelResolver resolver) { m_resolver = std::move(resolver); }

    // Reads `file` and starts restoring it; `opened` (or `openFailed`) follows when it is done.
    // Returns false, with a message, if the file cannot be read or is not a valid workspace.
    bool open(const QString& file, QString* error, bool asRecovery = false);

    QStringList recentFiles() const { return m_recent; }

    // The autosave: a recovery file in the app's data folder, written every minute while there
    // are unsaved changes, and removed when the window closes cleanly. Each running instance
    // has a file of its own, held with a lock file, so a second window never offers to restore
    // the first one's live session. A failed autosave leaves the previous recovery file whole
    // and is said once (autosaveFailed) until an autosave works again.
    QString recoveryFile() const;
    bool writeRecovery(QString* error = nullptr);
    void removeRecovery();
    bool hasRecovery() const;
    // At start-up: a complete temporary copy of the recovery file that a kill left behind becomes
    // the recovery file if it is newer; other strays are removed. Returns the adopted file's name.
    QString adoptStrayRecovery();

    // The memory that remaking a workspace's steps may record (default: half of what the
    // system has available when it is opened); a workspace that needs more is refused.
    void setReplayMemoryBudget(std::optional<std::uint64_t> bytes) { m_replayBudget = bytes; }

    // The loaded model's fingerprint (Gpt2Model::fingerprint: hashed as its files were read).
    QString fingerprintOfLoadedModel() const;

signals:
    void modifiedChanged(bool modified);
    void currentFileChanged(const QString& file);
    void recentChanged();
    // The workspace is restored; `differences` says where the remade steps differ from the stored ones.
    void opened(const QString& file, const QStringList& differences);
    void openFailed(const QString& file, const QString& message);
    void autosaveFailed(const QString& message);

private:
    void onModelChanged();
    void apply(const workspace::Workspace& w);
    // Whether remaking `w`'s steps fits the memory budget; says why not (openFailed) if not.
    bool replayFits(const workspace::Workspace& w);
    void finishOpen(const QStringList& differences);
    void rememberRecent(const QString& file);
    void claimRecoverySlot();

    Controller* m_controller;
    bool m_persistRecent;
    LayoutAccess m_layout;
    QString m_file;
    bool m_modified = false;
    bool m_restoring = false;  // changes made while restoring do not count as the user's
    QStringList m_recent;
    QTimer m_autosave;
    QString m_recoveryFile;
    std::unique_ptr<QLockFile> m_recoveryLock;  // held while this instance runs
    bool m_autosaveFailing = false;
    ModelResolver m_resolver;
    QString m_loadedFolder;  // canonical
    std::optional<workspace::Workspace> m_pending;  // waiting for its model to load
    bool m_pendingChecksModel = true;               // compare its fingerprint once loaded
    std::optional<std::uint64_t> m_replayBudget;    // bytes; unset: half of MemAvailable
    QString m_pendingFile;
    bool m_pendingIsRecovery = false;
};

}  // namespace attnscope::app
