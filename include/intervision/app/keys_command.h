// keys_command: `intervision keys export FILE` and `intervision keys import FILE`, how an admin
// moves the key file (and the privacy ledger beside it) to another medium and back.
//
// export: writes FILE (mode 0600, atomically): the key file's text followed by the ledger's;
//         refuses when the key file does not belong to the database (exit 2).
// import: reads such a FILE (or a plain copy of a key file), refuses one that is damaged or
//         belongs to another database (exit 2, nothing changed) or when a key file that already
//         belongs to this database is in place; otherwise installs the key file and the ledger
//         (merged with a ledger of the same key file already there). Safe while the server
//         runs: it takes the key file back at its next request.
#pragma once

#include <iosfwd>
#include <string>

#include "intervision/config/config.h"

namespace intervision {

int run_keys_command(const std::string& subcommand, const std::string& file, const config& cfg, std::ostream& out, std::ostream& err);

}  // namespace intervision
