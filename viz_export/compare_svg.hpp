// Just enough SVG for the comparison report: linear scales, round tick values and an element
// writer whose text is always escaped. Internal to viz_export/.
#pragma once

#include <string>
#include <vector>

namespace civicsim::viz::compare {

/// Maps [domain_low, domain_high] linearly onto [range_low, range_high] (pixels).
struct LinearScale {
  double domain_low = 0, domain_high = 1, range_low = 0, range_high = 1;
  double operator()(double v) const;
};

/// A range [low, high] that grows to hold the finite values it is given; `empty` until one is.
struct Extent {
  double low = 0, high = 0;
  bool empty = true;
  void add(double v);
  /// Round ends and a margin, never of zero width (a single value v gives v ± 1 or ± 10%).
  Extent padded() const;
};

/// About `target` round values (1, 2 or 5 × 10^k apart) that cover [low, high].
std::vector<double> nice_ticks(double low, double high, int target = 5);

/// An <svg> element built as text. Every text argument is escaped; numbers are pixels.
class Svg {
 public:
  /// `plot` becomes data-plot; `label` the aria-label and the <title>; `extra` more attributes
  /// (already escaped, e.g. data-figure="...").
  Svg(int width, int height, const std::string& plot, const std::string& label, const std::string& extra = "");
  void line(double x1, double y1, double x2, double y2, const std::string& stroke, double width = 1,
            const std::string& dash = "");
  /// `extra`: more attributes, already escaped (class="...", data-...).
  void circle(double x, double y, double r, const std::string& fill, const std::string& tooltip = "",
              const std::string& extra = "");
  void rect(double x, double y, double w, double h, const std::string& fill);
  /// anchor: start, middle or end.
  void text(double x, double y, const std::string& text, const std::string& anchor = "start",
            const std::string& css_class = "", const std::string& tooltip = "");
  void polyline(const std::vector<std::pair<double, double>>& points, const std::string& stroke, double width = 2);
  std::string str() const { return body_ + "</svg>\n"; }

 private:
  std::string body_;
};

/// Coordinates with one decimal ("12.5").
std::string px(double v);

}  // namespace civicsim::viz::compare
