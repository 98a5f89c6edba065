// Reading /design of DIR/sweep.h5 (docs/sweeps.md, "DIR/sweep.h5"): the method, the parameters and
// their distributions, and every point's values and unit coordinates, checked against the sweep's
// points and the layout its method implies.
#include <algorithm>

#include "io/data_error.hpp"
#include "io/h5_reader.hpp"
#include "viz_export/sensitivity_data.hpp"

namespace civicsim::viz::sensitivity {
namespace {

constexpr const char* kMethods[] = {"grid", "lhs", "sobol", "morris", "file"};

std::vector<double> matrix(const io::h5::Reader& reader, const std::string& path, std::size_t points, std::size_t k) {
  reader.expect_shape(path, 2, {points, k});
  io::h5::Numbers numbers = reader.numeric_row(path, hsize_t(-1));
  if (numbers.is_float) return std::move(numbers.floats);
  return std::vector<double>(numbers.ints.begin(), numbers.ints.end());
}

/// The design's size against its method (Saltelli's blocks, whole Morris trajectories).
void check_layout(const io::h5::Reader& reader, const Design& d, std::size_t points) {
  const std::size_t k = d.parameters.size();
  if (d.method == "sobol") {
    const std::size_t stride = d.second_order ? 2 * k + 2 : k + 2;
    if (points % stride != 0 || (d.samples > 0 && points != static_cast<std::size_t>(d.samples) * stride)) {
      reader.refuse("/design has " + std::to_string(points) + " points; a Sobol' design of " +
                    std::to_string(d.samples) + " base rows and " + std::to_string(k) + " parameters" +
                    (d.second_order ? " with second order" : "") + " has " + std::to_string(d.samples) + " x " +
                    std::to_string(stride));
    }
  } else if (d.method == "morris" && points % (k + 1) != 0) {
    reader.refuse("/design has " + std::to_string(points) + " points: not whole Morris trajectories of " +
                  std::to_string(k + 1) + " points");
  }
}

Design read_design_of(const io::h5::Reader& reader, std::size_t points) {
  if (!reader.exists("/design")) {
    throw io::UserError(
        io::kExitNoInput,
        "'" + reader.file_path() +
            "' has no sampling design (/design): sensitivity indices need a sweep whose `sweep:` "
            "section has `parameters:` (each parameter's distribution) and `design:` (method sobol, "
            "morris, lhs, grid or file); add them and run `civicsim sweep` again (docs/sensitivity.md)");
  }
  Design d;
  if (!reader.string_attribute("/design", "method", &d.method)) reader.refuse("/design has no attribute 'method'");
  if (std::find(std::begin(kMethods), std::end(kMethods), d.method) == std::end(kMethods)) {
    reader.refuse("/design's method '" + d.method + "' is not one of grid, lhs, sobol, morris, file");
  }
  double number = 0;
  if (reader.double_attribute("/design", "samples", &number)) d.samples = static_cast<std::int64_t>(number);
  if (reader.double_attribute("/design", "second_order", &number)) d.second_order = number != 0;
  if (reader.double_attribute("/design", "levels", &number)) d.levels = static_cast<std::int64_t>(number);
  reader.uint64_attribute("/design", "seed", &d.seed);
  d.parameters = reader.strings_1d("/design/parameter");
  if (d.parameters.empty()) reader.refuse("/design/parameter is empty");
  d.distributions = reader.strings_1d("/design/distribution");
  if (d.distributions.size() != d.parameters.size()) {
    reader.refuse("/design/distribution has " + std::to_string(d.distributions.size()) +
                  " entries; /design/parameter has " + std::to_string(d.parameters.size()));
  }
  const std::size_t k = d.parameters.size();
  d.values = matrix(reader, "/design/values", points, k);
  d.unit = matrix(reader, "/design/unit", points, k);
  check_layout(reader, d, points);
  return d;
}

}  // namespace

Design read_design(const compare::Sweep& sweep) {
  try {
    return read_design_of(io::h5::Reader(sweep.file), sweep.grid_points.size());
  } catch (const io::UserError&) {
    throw;
  } catch (const std::exception& e) {  // a dataset of /design missing or unreadable
    throw io::DataError(compare::reading_message(e));
  }
}

std::vector<std::string> index_names(const std::string& method) {
  if (method == "sobol") return {"S1", "ST", "S2"};
  if (method == "morris") return {"mu_star", "mu", "sigma"};
  return {"srrc"};
}

}  // namespace civicsim::viz::sensitivity
