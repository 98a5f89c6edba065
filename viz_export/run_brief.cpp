#include "viz_export/run_brief.hpp"

#include <filesystem>
#include <new>

#include "civicsim_version.hpp"
#include "io/data_error.hpp"
#include "io/output_error.hpp"
#include "io/safe_file.hpp"
#include "viz_export/compare_data.hpp"
#include "viz_export/compare_text.hpp"
#include "viz_export/run_brief_sections.hpp"

namespace civicsim::viz {
namespace {

namespace fs = std::filesystem;
using compare::html_escape;

constexpr const char* kStyle = R"(<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1140px;color:#222;padding:0 16px;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid #ddd;padding-bottom:4px}h3{margin:1.1em 0 .3em}
.question{font-size:1.15em;background:#f4f7fb;border-left:4px solid #0072B2;padding:10px 14px}
.question .label{font-weight:600;margin-right:.4em}.question .source{color:#666;font-size:.8em}
.question.missing{border-left-color:#999;color:#555}
.note{color:#555;font-size:.9em}.glance li{margin:.2em 0}.caveats li{margin:.4em 0}
table{border-collapse:collapse;font-size:.88em}
table.data th,table.data td{border-bottom:1px solid #eee;padding:3px 8px;text-align:right;white-space:nowrap}
table.data th{background:#fafafa;white-space:normal;vertical-align:bottom;max-width:9em}table.data td:first-child,table.data th:first-child{text-align:left}
#district-table td:nth-child(2),#group-table td:nth-child(2),#interventions-table td:nth-child(-n+3),
#district-table th:nth-child(2),#group-table th:nth-child(2),#interventions-table th:nth-child(-n+3){text-align:left}
table.data tr.total td{font-weight:600;border-top:1px solid #ccc}
table.facts th{text-align:left;padding:2px 14px 2px 0;color:#555;font-weight:500;vertical-align:top}table.facts td{padding:2px 0}
.maps{display:grid;grid-template-columns:repeat(auto-fit,minmax(460px,1fr));gap:12px}.maps svg{width:100%;height:auto}
.family{display:flex;flex-wrap:wrap;gap:8px}
svg.plot{display:block;margin:6px 0;background:#fff}
svg text{font-size:12px;fill:#222}svg text.heading{font-weight:600;font-size:13px}
svg text.tick{fill:#666;font-size:11px}svg text.axis{fill:#444;font-size:11px}svg text.note{fill:#777;font-size:11px}
svg text.map-label{font-size:11px;fill:#222;paint-order:stroke;stroke:#fff;stroke-width:3px}
svg text.map-legend,svg text.legend{font-size:11px;fill:#333}svg text.marker{font-size:10px;fill:#555}
code{font-size:.92em;background:#f4f4f4;padding:0 3px;border-radius:3px}
</style>
)";

std::string page(const RunBrief& b) {
  const std::string name = b.scenario_name.empty() ? "(unnamed scenario)" : b.scenario_name;
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>civicsim run brief: " +
      html_escape(name) + "</title>\n" + kStyle + "</head>\n<body>\n";
  html += "<header>\n<h1>Run brief: " + html_escape(name) + "</h1>\n" + brief::question_paragraph(b) + "</header>\n";
  html += "<section id=\"glance\"><h2>At a glance</h2>\n" + brief::at_a_glance(b) + "</section>\n";
  html += "<section id=\"what-ran-section\"><h2>What ran</h2>\n" + brief::what_ran(b) + "<h3>Interventions</h3>\n" +
          brief::interventions_table(b) + "</section>\n";
  html += "<section id=\"map\"><h2>Districts on the map</h2>\n" + brief::maps(b) + "</section>\n";
  html += "<section id=\"series\"><h2>Day by day</h2>\n" + brief::time_series(b) + "</section>\n";
  html += "<section id=\"groups\"><h2>Groups</h2>\n" + brief::group_tables(b) + "</section>\n";
  if (b.has_geography)
    html += "<section id=\"districts\"><h2>Districts</h2>\n" + brief::district_tables(b) + "</section>\n";
  html += "<section id=\"caveats\"><h2>Caveats</h2>\n" + brief::caveats(b) + "</section>\n";
  html += std::string("<footer><p class=\"note\">Written by civicsim ") + CIVICSIM_VERSION + " (git " +
          CIVICSIM_GIT_SHA + ") from " + html_escape(b.file) +
          ". Figures over the analysis window: " + html_escape(b.summary.window) + ".</p></footer>\n</body>\n</html>\n";
  return html;
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
}

}  // namespace

std::string default_brief_path(const std::string& h5_path) {
  fs::path path(h5_path);
  if (path.extension() == ".h5") return path.replace_extension(".html").string();
  return h5_path + ".html";
}

std::string run_brief_html(const std::string& h5_path) {
  std::error_code ec;
  if (!fs::is_regular_file(h5_path, ec)) throw io::UserError(io::kExitNoInput, "no output file '" + h5_path + "'");
  try {
    return page(read_run_brief(h5_path));
  } catch (const io::UserError&) {
    throw;  // DataError (65) among them
  } catch (const std::bad_alloc&) {
    throw;
  } catch (const std::exception& e) {
    throw io::UserError(io::kExitNoInput, compare::reading_message(e));  // "cannot read", not "cannot export"
  }
}

std::string write_run_brief(const RunBriefOptions& options) {
  const std::string out = options.out_path.empty() ? default_brief_path(options.h5_path) : options.out_path;
  if (same_file(out, options.h5_path))
    throw io::UserError(io::kExitUsage, "the brief '" + out + "' would replace the output file it reads");
  io::check_replaceable(out, options.force, "brief");  // before the work: 73 at once
  const std::string html = run_brief_html(options.h5_path);
  io::SafeFile file(out, options.force, "brief");
  file.write(html);
  return file.commit();
}

int run_brief_command(const RunBriefOptions& options, std::ostream& err) {
  try {
    const std::string path = write_run_brief(options);
    err << "civicsim report: wrote " << path << "\n";
    return io::kExitOk;
  } catch (const io::UserError& e) {
    err << "civicsim report: " << e.what() << "\n";
    return e.exit_code;
  }
}

}  // namespace civicsim::viz
