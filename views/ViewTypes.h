#pragma once
// What every view is given: the step record to draw (immutable, shared), a way to name tokens,
// and the current selection. Views draw from these alone; they never reach into the model.

#include <QString>

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "model/StepRecord.h"

namespace attnscope::views {

// The selection the controller owns and every view follows.
struct Selection {
    int layer = 0;
    int head = 0;               // ignored when averageHeads is set
    bool averageHeads = false;  // show the mean over all heads of `layer`
    int query = -1;             // the query position; -1 follows the newest token

    bool operator==(const Selection&) const = default;

    // The query position to use for a record of length `length`.
    int queryFor(int length) const { return (query < 0 || query >= length) ? length - 1 : query; }
};

// "L1H2, L3H0": the heads a step ran with switched off (StepRecord::ablatedHeads); "" for none.
inline QString headsOffText(const std::vector<std::pair<int, int>>& heads) { return QString::fromStdString(headListText(heads)); }

// Whether `record` was computed with this head switched off.
inline bool switchedOff(const StepRecord& record, int layer, int head) {
    for (const auto& h : record.ablatedHeads) {
        if (h.first == layer && h.second == head) return true;
    }
    return false;
}

// A token's readable form (leading space as "·", newline as "↵", partial UTF-8 as \xNN).
using TokenNamer = std::function<QString(std::int32_t token)>;

}  // namespace attnscope::views
