#include "app/messages.hpp"

#include <iostream>

namespace civicsim::cli {

void print_diagnostics(const std::vector<io::Diagnostic>& errors, int exit_code, const char* counted_as) {
  for (const auto& d : errors) std::cerr << d.str() << "\n";
  if (counted_as != nullptr && !errors.empty() && exit_code == io::kExitDataErr)
    std::cerr << errors.size() << " problem" << (errors.size() == 1 ? "" : "s") << " in the " << counted_as
              << "; nothing was run.\n";
}

int out_of_memory(const std::string& while_doing) {
  std::cerr << "civicsim: out of memory " << while_doing
            << " (`civicsim plan` shows what the run needs and the memory limits it "
               "finds: MemAvailable, the cgroup limit, ulimit -v)\n";
  return io::kExitSoftware;
}

}  // namespace civicsim::cli
