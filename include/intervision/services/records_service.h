// records_service: the register of processing activities (GDPR art. 30) derived from the loaded
// configuration (domain/processing_register.h): cycle dates and grace, the SMTP relay or the mail
// folder, TLS, session and throttling limits. JSON-ready rows and an RFC 4180 CSV (every cell
// quoted, formula-leading text neutralised, with a BOM for spreadsheets).
//
// Thread: any; it only reads the configuration it was given, which outlives it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "intervision/config/config.h"
#include "intervision/domain/processing_register.h"

namespace intervision {

register_facts register_facts_of(const config& cfg);

class records_service {
 public:
  explicit records_service(const config& cfg) : cfg_(cfg) {}

  std::vector<processing_activity> activities(std::string_view language) const;
  // sep: ';' or ','.
  std::string csv(std::string_view language, char sep) const;

 private:
  const config& cfg_;
};

}  // namespace intervision
