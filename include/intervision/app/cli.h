// cli: the intervision command line (contract.md "Commands"). Exit codes: 0 success,
// 2 bad usage or configuration (one line on stderr), 1 any other failure.
#pragma once

#include <iosfwd>

namespace intervision {

int run_cli(int argc, char** argv, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace intervision
