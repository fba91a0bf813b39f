#pragma once
// The guided lesson (issue 20 item 11): the story of "The Illustrated GPT-2" told on the live
// model, one stop at a time: the next-word list, the text growing, the stack of blocks, the
// embeddings, q/k/v, the scores before and after the mask, the weighted values, the merge and
// the feed-forward network, where each token looks, the cache, the output head and the heads.
// Each stop moves the window's views to the right place and says one short paragraph, with
// a sentence made from the numbers on screen. Back and Next walk the stops. It drives the
// window only through its public views and the controller, so any GPT-2 folder works.

#include <QString>
#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;

namespace attnscope::app {

class MainWindow;

class GuidedLesson : public QWidget {
    Q_OBJECT
public:
    // One stop: where the views go and what is said there.
    struct Stop {
        QString title;
        QString seed;        // the seed's concepts it shows ("S12, S19, S20")
        QString paragraph;   // fixed text
        QWidget* tab = nullptr;           // the centre tab to show (nullptr: leave as is)
        int insideStage = -1;             // the "Inside one step" stage, or -1
        std::vector<QString> docks;       // dock object names to show and raise
    };

    explicit GuidedLesson(MainWindow* window);

    int stopCount() const { return static_cast<int>(m_stops.size()); }
    int current() const { return m_current; }     // -1 before the lesson starts
    const Stop& stop(int index) const { return m_stops[static_cast<std::size_t>(index)]; }
    QString liveSentence() const;                 // the sentence made from the numbers on screen
    QString shownText() const;                    // what the panel says now (title, paragraph, live sentence)
    QPushButton* backButton() const { return m_back; }
    QPushButton* nextButton() const { return m_next; }

    // Starts at the first stop (runs the prompt first when there is no text yet).
    void start();
    void goTo(int index);
    void next() { goTo(m_current + 1); }
    void back() { goTo(m_current - 1); }

signals:
    void stopChanged(int index);

private:
    void buildStops();
    void apply();            // moves the views to the current stop
    void refreshText();      // the labels, with the live sentence of the step on screen

    MainWindow* m_window;
    std::vector<Stop> m_stops;
    int m_current = -1;
    QLabel* m_heading = nullptr;
    QLabel* m_where = nullptr;
    QLabel* m_text = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_next = nullptr;
};

}  // namespace attnscope::app
