#include <iostream>

#include <sqlite3.h>

#include "intervision/app/cli.h"

int main(int argc, char** argv) {
  // SQLite's memory statistics take a global mutex on every allocation; nothing reads them.
  // Must precede any other SQLite call.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  return intervision::run_cli(argc, argv, std::cin, std::cout, std::cerr);
}
