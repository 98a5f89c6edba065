#pragma once
#include <string>
namespace civicsim::viz {
void export_csv(const std::string& h5_path, const std::string& out_dir);
}
