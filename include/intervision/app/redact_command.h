// redact_command: the body of `intervision redact` (contract.md "Commands").
//
// Reads JSON lines from `in`: {"text": string, "known_names"?: [string], "language"?: "fr"|"nl"|"en",
// "extra_terms"?: [string]} and writes one JSON line per non-blank input line to `out`:
// {"redacted": string, "spans": [{"start", "end", "type"}]} with UTF-8 byte offsets into "text".
// A malformed line gets {"error": "..."} on its output line; the message names the problem, never
// the text. Returns 1 at the end if any line failed, else 0. Writes nothing to `err` about the
// content of a note (personal data never reaches a log).
#pragma once

#include <iosfwd>

namespace intervision {

int run_redact_command(std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace intervision
