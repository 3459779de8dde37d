#include "intervision/services/records_service.h"

#include "intervision/domain/report.h"

namespace intervision {

register_facts register_facts_of(const config& cfg) {
  register_facts f;
  f.cycle_start_month = cfg.cycle.start_month;
  f.cycle_start_day = cfg.cycle.start_day;
  f.purge_grace_days = cfg.cycle.purge_grace_days;
  if (cfg.mail.transport == "smtp") f.smtp_host = cfg.mail.host;
  f.tls = !cfg.server.tls_certificate.empty() && !cfg.server.tls_private_key.empty();
  f.session_idle_minutes = cfg.security.session_idle_minutes;
  f.session_absolute_hours = cfg.security.session_absolute_hours;
  f.login_max_failures = cfg.security.login_max_failures;
  f.login_window_minutes = cfg.security.login_window_minutes;
  f.reminder_days = cfg.mail.reminder_days;
  f.announcement_confirm_days = cfg.announcements.confirm_days;
  f.announcement_retention_days = cfg.announcements.retention_days;
  return f;
}

std::vector<processing_activity> records_service::activities(std::string_view language) const {
  return processing_register(register_facts_of(cfg_), language);
}

std::string records_service::csv(std::string_view language, char sep) const {
  std::string out = "\xEF\xBB\xBF";  // a BOM, so spreadsheets read the text as UTF-8
  out += csv_line(register_columns(language), sep);
  for (const auto& a : activities(language)) out += csv_line(register_cells(a, language), sep);
  return out;
}

}  // namespace intervision
