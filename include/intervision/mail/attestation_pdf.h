// attestation_pdf: the attendance attestation as a PDF (A4, one page or more), drawn with
// cairo in the DejaVu Sans font (fonts-dejavu-core), in French, Dutch or English (anything
// else: English): PAT's name and address, the title, "we attest that NAME attended these
// intervisions of cycle C", one line per session (date, series, duration), the total, the date
// of issue and the verification code with how to check it. The text is real text (pdftotext
// reads it back). Every value is given already formatted. Thread-safe (no shared state).
#pragma once

#include <string>
#include <vector>

namespace intervision {

struct attestation_document {
  std::string language;
  std::string organisation_name;
  std::vector<std::string> organisation_address;  // lines
  std::string participant_name, cycle_label;
  struct line {
    std::string date, series, duration;
  };
  std::vector<line> lines;
  std::string total, issued_on, code;
};

// The bytes of the PDF; empty when cairo fails.
std::string render_attestation_pdf(const attestation_document& doc);

}  // namespace intervision
