// A line chart of values per day as one SVG element, for the HTML briefs: a few lines with a
// legend, gaps where a value is NaN, shaded warm-up days, dashed markers for the days something
// starts, and a y-axis whose top the caller may fix so that the charts of one family share it.
#pragma once

#include <string>
#include <vector>

namespace civicsim::viz {

struct ChartLine {
  std::string label;           // in the legend and the tooltips ("Rural elderly")
  std::string colour;          // "#rrggbb"
  std::vector<double> values;  // one per day from day 0; NaN: no value that day (a gap)
};

/// A vertical dashed line at a day, with a short label above the plot and a tooltip.
struct ChartMarker {
  double day = 0;
  std::string label;    // short: "1"
  std::string tooltip;  // "Intervention 1, digital human rollout, starts on day 14"
};

struct ChartSpec {
  std::string id;       // data-chart attribute ("wait-by-group")
  std::string title;    // heading and accessible name
  std::string unit;     // of the values, in the axis label and the tooltips ("min", "contacts")
  int decimals = 1;     // of the tooltips' values
  double y_top = 0;     // > 0: the axis's top (shared by a family); else from the values
  int shaded_days = 0;  // days 0 .. shaded_days - 1 shaded as "warm-up" (outside the analysis window)
  std::vector<ChartMarker> markers;
  int width = 540, height = 300;
};

/// The chart as an <svg class="plot" data-plot="line-chart" data-chart="ID">.
std::string line_chart_svg(const std::vector<ChartLine>& lines, const ChartSpec& spec);

/// The largest finite value of the lines (0 when none): the top a family of charts shares.
double largest_value(const std::vector<ChartLine>& lines);

}  // namespace civicsim::viz
