#include "viz_export/xdmf_export.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include "io/exit_status.hpp"
#include "io/output_names.hpp"
#include "io/safe_file.hpp"
#include "viz_export/compare_text.hpp"
#include "viz_export/district_table.hpp"
#include "viz_export/export_common.hpp"
#include "viz_export/xdmf_arrays.hpp"

namespace civicsim::viz {
namespace {

namespace fs = std::filesystem;

/// `text` safe in XML text and attribute values (& < > " ' escaped; HTML's rules are XML's here).
std::string xml_escaped(const std::string& text) { return compare::html_escape(text); }

/// How the .xmf names the run file: its file name when it lies in the .xmf's folder, else its
/// absolute path.
std::string run_file_reference(const std::string& h5_path, const std::string& xmf_path) {
  const fs::path run = fs::weakly_canonical(fs::absolute(h5_path));
  const fs::path folder = fs::weakly_canonical(fs::absolute(xmf_path)).parent_path();
  return run.parent_path() == folder ? run.filename().string() : run.string();
}

/// Refuses (exit 64) a file name with ':' in a DataItem: XDMF readers (meshio, Xdmf3) split
/// "file:/dataset" at the first colon.
void check_no_colon(const std::string& name, const std::string& what) {
  if (name.find(':') == std::string::npos) return;
  throw io::UserError(io::kExitUsage, what + " '" + name +
                                          "' has a ':', which XDMF readers take for the end of the file name in "
                                          "\"file:/dataset\"; rename it (or move it) to a path without ':'");
}

std::string data_item(const xdmf::Array& array, std::size_t districts, const std::string& file,
                      const std::string& path) {
  std::string dimensions = std::to_string(districts);
  if (array.columns > 0) dimensions += " " + std::to_string(array.columns);
  return "<DataItem Dimensions=\"" + dimensions + "\" NumberType=\"" + array.number_type + "\" Precision=\"" +
         std::to_string(array.precision) + "\" Format=\"HDF\">" + xml_escaped(file + ":" + path) + "</DataItem>";
}

std::string attribute(const xdmf::Array& array, std::size_t districts, const std::string& file,
                      const std::string& path) {
  return "      <Attribute Name=\"" + xml_escaped(array.name) + "\" AttributeType=\"Scalar\" Center=\"Node\">" +
         data_item(array, districts, file, path) + "</Attribute>\n";
}

/// What every day's grid shares: the topology, the geometry and the arrays that do not change.
std::string fixed_part(const xdmf::Companion& companion, const std::vector<xdmf::Array>& in_run, std::size_t districts,
                       const std::string& run_file, const std::string& companion_file) {
  std::string xml = "      <Topology TopologyType=\"Polyvertex\" NumberOfElements=\"" + std::to_string(districts) +
                    "\" NodesPerElement=\"1\">" +
                    data_item(companion.vertices, districts, companion_file, companion.vertices.path) +
                    "</Topology>\n      <Geometry GeometryType=\"XYZ\">" +
                    data_item(companion.points, districts, companion_file, companion.points.path) + "</Geometry>\n";
  for (const xdmf::Array& array : in_run) xml += attribute(array, districts, run_file, array.path);
  for (const xdmf::Array& array : companion.fixed) xml += attribute(array, districts, companion_file, array.path);
  return xml;
}

}  // namespace

std::string xdmf_companion_path(const std::string& xmf_path) {
  fs::path path(xmf_path);
  return path.replace_extension(".xdmf.h5").string();
}

void export_xdmf(const std::string& h5_path, const std::string& xmf_path, bool force, ExportBatch* batch) {
  ExportBatch own;
  const io::h5::Reader file(h5_path);
  exporting::require_complete_run(file);
  exporting::require_geography(file, "an XDMF export");
  const std::string companion_path = xdmf_companion_path(xmf_path);
  io::check_replaceable(xmf_path, force, "XDMF file");
  io::check_replaceable(companion_path, force, "XDMF companion file");
  const std::size_t districts = district_names(file).size();
  const std::vector<xdmf::Array> in_run = xdmf::run_file_arrays(file, districts);
  const std::vector<std::int64_t> days = file.ints_1d(io::out::dims(io::out::kDayDim));
  const std::string run_file = run_file_reference(h5_path, xmf_path);
  const std::string companion_file = fs::path(companion_path).filename().string();
  check_no_colon(run_file, "the run file's path");
  check_no_colon(companion_file, "the XDMF companion file");

  ExportBatch& files = batch ? *batch : own;
  const xdmf::Companion companion = xdmf::write_companion(file, companion_path, force, in_run, files);
  const std::string fixed = fixed_part(companion, in_run, districts, run_file, companion_file);

  exporting::TextFile xml(xmf_path, force, "XDMF file", files);
  xml.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
  // No file name in the comment: one with "--" would end it (invalid XML).
  xml.write("<!-- civicsim export: districts as points (longitude, latitude, 0) day by day (docs/export.md) -->\n");
  xml.write("<Xdmf Version=\"3.0\">\n  <Domain>\n");
  xml.write("    <Grid Name=\"districts\" GridType=\"Collection\" CollectionType=\"Temporal\">\n");
  for (std::size_t i = 0; i < companion.days; ++i) {
    xml.write("     <Grid Name=\"day " + std::to_string(days[i]) + "\" GridType=\"Uniform\">\n");
    xml.write("      <Time Value=\"" + std::to_string(days[i]) + "\"/>\n");
    xml.write(fixed);
    for (const xdmf::Array& array : companion.daily) {
      xml.write(attribute(array, districts, companion_file, xdmf::daily_path(i, array.name)));
    }
    xml.write("     </Grid>\n");
  }
  xml.write("    </Grid>\n  </Domain>\n</Xdmf>\n");
  xml.commit();
  if (!batch) own.commit();
}

}  // namespace civicsim::viz
