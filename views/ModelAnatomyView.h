#pragma once
// Model anatomy (seed S2, S25, S26): every weight tensor of the loaded model with its shape and
// parameter count, grouped per block, the total, and the stack of blocks drawn to scale (height
// per block, width by n_embd), so gpt2 and gpt2-xl look as different as they are.

#include <QWidget>

#include <cstdint>
#include <vector>

#include "model/Weights.h"

class QLabel;
class QTreeWidget;

namespace attnscope::views {

struct AnatomyInput {
    QString name;
    int nLayer = 0;
    int nHead = 0;
    int nEmbd = 0;
    int nPositions = 0;
    int vocabSize = 0;
    bool tiedHead = true;
    std::vector<WeightTensorInfo> tensors;  // as loaded, names as in the file
};

class ModelStackPicture;

class ModelAnatomyView : public QWidget {
    Q_OBJECT
public:
    explicit ModelAnatomyView(QWidget* parent = nullptr);

    void setModel(const AnatomyInput& input);
    void clear();

    // For tests: the groups shown (embeddings, block 0..n-1, final norm, [head]) and their sums.
    QTreeWidget* tree() const { return m_tree; }
    std::int64_t totalParameters() const { return m_total; }
    QString summary() const;

    // Which group a tensor name belongs to: "embeddings", "block N", "final layer norm", "output head".
    static QString groupOf(const QString& tensorName);
    // The group's name as the table shows it, in the reader's language.
    static QString groupTitle(const QString& group);


private:
    QLabel* m_summary = nullptr;
    QTreeWidget* m_tree = nullptr;
    ModelStackPicture* m_picture = nullptr;
    std::int64_t m_total = 0;
};

}  // namespace attnscope::views
