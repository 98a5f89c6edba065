// The sections of `civicsim report`'s page (viz_export/run_brief.cpp puts them together): each
// returns HTML with every text from the file escaped. Internal to viz_export/.
#pragma once

#include <string>

#include "viz_export/run_brief_data.hpp"

namespace civicsim::viz::brief {

// run_brief_tables.cpp
std::string what_ran(const RunBrief& b);             // the settings of the run, as a definition list
std::string interventions_table(const RunBrief& b);  // id="interventions-table"
std::string group_tables(const RunBrief& b);         // id="group-table" (group × channel), "needs-table"
std::string district_tables(const RunBrief& b);      // id="district-table", "kind-table"

// run_brief_figures.cpp
std::string at_a_glance(const RunBrief& b);  // a few sentences with the headline figures
std::string maps(const RunBrief& b);         // mean wait and unmet share by district
std::string time_series(const RunBrief& b);  // waits, contacts and needs given up per day
std::string caveats(const RunBrief& b);

/// "the scenario gave no question" or the question, for the page's title line.
std::string question_paragraph(const RunBrief& b);

/// The mean wait of those served by the queued channels (in person, hotline, digital human) of
/// group g (-1: all groups) over the analysis window, in seconds; NaN when nobody was served.
double queued_wait_seconds(const RunBrief& b, int group);

}  // namespace civicsim::viz::brief
