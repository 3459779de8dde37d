// processing_register: the register of processing activities (GDPR art. 30) that a configuration
// implies, with the headings of the Belgian data protection authority's model register (name,
// purposes, categories of people, categories of data, special categories, recipients, transfers
// outside the EU, retention, security measures). Pure: it takes the facts the configuration sets
// (register_facts) and a language (fr, nl, en; French otherwise) and returns text ready to paste.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace intervision {

struct register_facts {
  int cycle_start_month = 9, cycle_start_day = 1;
  int purge_grace_days = 0;
  std::string smtp_host;  // empty: mail is written to a folder, nobody receives it
  bool tls = false;       // the server itself speaks HTTPS
  int session_idle_minutes = 30, session_absolute_hours = 12;
  int login_max_failures = 10, login_window_minutes = 15;
  int reminder_days = 3;
  int announcement_confirm_days = 7, announcement_retention_days = 730;
};

struct processing_activity {
  std::string id;  // stable: registrations, mail, announcements, case_log, staff_accounts, report, logs
  std::string name, purpose, data_subjects, data_categories;
  bool special_category = false;
  std::string special_category_note, recipients, transfers, retention, security;
};

std::vector<processing_activity> processing_register(const register_facts& facts, std::string_view language);
// The column headings, and one activity as cells in that order ("yes"/"no" in the language).
std::vector<std::string> register_columns(std::string_view language);
std::vector<std::string> register_cells(const processing_activity& a, std::string_view language);

}  // namespace intervision
