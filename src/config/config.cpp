#include "intervision/config/config.h"

#include "intervision/domain/staff_rules.h"
#include "intervision/domain/ascii.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <limits>
#include <cctype>

#include <fmt/format.h>
#include <toml++/toml.h>

extern char** environ;

namespace intervision {

namespace fs = std::filesystem;

namespace {

struct config_error {
  std::string message;
};

[[noreturn]] void fail(const std::string& key, const std::string& what) { throw config_error{key + ": " + what}; }

// Applies INTERVISION_<SECTION>_<KEY> variables onto the parsed table, typed like the value they
// replace (an integer key must get an integer).
void apply_environment(toml::table& root, const std::map<std::string, std::string>& env) {
  static const std::vector<std::string> sections = {"server", "storage", "mail", "cycle", "announcements", "security"};
  for (const auto& [name, value] : env) {
    if (name.rfind("INTERVISION_", 0) != 0) continue;
    std::string rest = lower_ascii(name.substr(12));
    auto us = rest.find('_');
    if (us == std::string::npos) continue;
    std::string section = rest.substr(0, us), key = rest.substr(us + 1);
    if (std::find(sections.begin(), sections.end(), section) == sections.end()) continue;
    if (!root.contains(section)) root.insert(section, toml::table{});
    auto* table = root[section].as_table();
    if (!table) fail(section, "must be a table");
    auto* existing = table->get(key);
    std::string where = name;
    if (existing && existing->is_integer()) {
      try {
        std::size_t used = 0;
        long long v = std::stoll(value, &used);
        if (used != value.size()) throw std::invalid_argument("trailing");
        table->insert_or_assign(key, v);
      } catch (...) {
        fail(section + "." + key, "must be an integer (from " + where + ")");
      }
    } else if (existing && existing->is_boolean()) {
      auto v = lower_ascii(value);
      if (v == "true" || v == "1" || v == "yes") table->insert_or_assign(key, true);
      else if (v == "false" || v == "0" || v == "no") table->insert_or_assign(key, false);
      else fail(section + "." + key, "must be true or false (from " + where + ")");
    } else {
      table->insert_or_assign(key, value);
    }
  }
}

template <typename T>
void read_int(const toml::table& t, const std::string& section, const char* key, T& out, long long lo, long long hi) {
  auto* n = t.get(key);
  if (!n) return;
  auto v = n->value<long long>();
  if (!n->is_integer() || !v) fail(section + "." + key, "must be an integer");
  if (*v < lo || *v > hi) fail(section + "." + key, fmt::format("must be between {} and {}", lo, hi));
  out = static_cast<T>(*v);
}

void read_string(const toml::table& t, const std::string& section, const char* key, std::string& out) {
  auto* n = t.get(key);
  if (!n) return;
  if (!n->is_string()) fail(section + "." + key, "must be a string");
  out = *n->value<std::string>();
}

void read_bool(const toml::table& t, const std::string& section, const char* key, bool& out) {
  auto* n = t.get(key);
  if (!n) return;
  if (!n->is_boolean()) fail(section + "." + key, "must be true or false");
  out = *n->value<bool>();
}

void read_one_of(const toml::table& t, const std::string& section, const char* key, std::string& out,
                 std::initializer_list<const char*> allowed) {
  read_string(t, section, key, out);
  for (auto a : allowed)
    if (out == a) return;
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  fail(section + "." + key, "must be one of " + list);
}

const toml::table& section_of(const toml::table& root, const char* name) {
  static const toml::table empty;
  auto* n = root.get(name);
  if (!n) return empty;
  if (!n->is_table()) fail(name, "must be a table");
  return *n->as_table();
}

labels read_labels(const toml::node* n, const std::string& where) {
  if (!n || !n->is_table()) fail(where, "must be a table with fr, nl and en");
  labels l;
  const auto& t = *n->as_table();
  for (auto [lang, dest] : {std::pair{"fr", &l.fr}, std::pair{"nl", &l.nl}, std::pair{"en", &l.en}}) {
    auto v = t[lang].value<std::string>();
    if (!v || v->empty()) fail(where + "." + lang, "is missing");
    *dest = *v;
  }
  return l;
}

std::vector<std::string> read_string_list(const toml::table& t, const std::string& where, const char* key) {
  std::vector<std::string> out;
  auto* n = t.get(key);
  if (!n) return out;
  auto* a = n->as_array();
  if (!a) fail(where + "." + key, "must be a list of strings");
  for (auto& e : *a) {
    auto v = e.value<std::string>();
    if (!v) fail(where + "." + key, "must be a list of strings");
    out.push_back(*v);
  }
  return out;
}

std::vector<int> read_int_list(const toml::table& t, const std::string& where, const char* key, int lo, int hi) {
  std::vector<int> out;
  auto* n = t.get(key);
  if (!n) return out;
  auto* a = n->as_array();
  if (!a) fail(where + "." + key, "must be a list of integers");
  for (auto& e : *a) {
    auto v = e.value<long long>();
    if (!e.is_integer() || !v) fail(where + "." + key, "must be a list of integers");
    if (*v < lo || *v > hi) fail(where + "." + key, fmt::format("values must be between {} and {}", lo, hi));
    out.push_back(static_cast<int>(*v));
  }
  return out;
}

// toml++ 3.3.0 reaches __builtin_unreachable() (undefined behaviour, found by the config fuzzer,
// tests/fuzz/findings) when it asks whether some characters outside ASCII (U+00A1..U+0499 among
// them) are whitespace, which it does while scanning keys and bare values, also in malformed
// files. So toml++ is only ever given ASCII: inside strings every other character becomes a
// \uXXXX escape (literal strings become basic strings with the same value), in comments it
// becomes '?', and anywhere else the file is refused with its line. Line numbers are kept.
struct ascii_toml {
  std::string text;
  std::size_t bad_line = 0;  // non-zero: refused
  std::string why;
};

ascii_toml to_ascii_toml(std::string_view in) {
  ascii_toml r;
  std::string& out = r.text;
  out.reserve(in.size() + in.size() / 8);
  std::size_t i = 0, line = 1;
  if (in.substr(0, 3) == "\xEF\xBB\xBF") i = 3;  // a byte order mark
  auto refuse = [&](const char* why) {
    r.bad_line = line;
    r.why = why;
    return false;
  };
  // Decodes the UTF-8 sequence at i (a byte >= 0x80) and advances; 0 when invalid.
  auto decode = [&]() -> char32_t {
    auto b = static_cast<unsigned char>(in[i]);
    int n = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0;
    if (n == 0 || i + n > in.size()) return 0;
    char32_t cp = b & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
    for (int k = 1; k < n; ++k) {
      auto c = static_cast<unsigned char>(in[i + k]);
      if ((c & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (c & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    i += n;
    return cp;
  };
  auto escaped = [&]() -> bool {  // a character outside ASCII inside a string, as an escape
    char32_t cp = decode();
    if (!cp) return refuse("invalid UTF-8");
    out += cp <= 0xFFFF ? fmt::format("\\u{:04X}", static_cast<unsigned>(cp)) : fmt::format("\\U{:08X}", static_cast<unsigned>(cp));
    return true;
  };
  // A string's body up to its closing delimiter `close` (kept as is for basic strings, made
  // `"` or `"""` for literal ones); single-line strings stop before a newline (toml++ then
  // reports the unterminated string).
  auto string_body = [&](std::string_view close, bool literal, bool multi_line) -> bool {
    while (i < in.size()) {
      char c = in[i];
      if (in.substr(i, close.size()) == close) {
        // Up to two quotes right before a multi-line closing delimiter belong to the string.
        std::size_t run = close.size();
        while (multi_line && run < close.size() + 2 && i + run < in.size() && in[i + run] == close[0]) ++run;
        out.append(run - close.size(), close[0]);  // a quote of the delimiter kind: plain text in a basic string
        out += literal ? std::string(close.size(), '"') : std::string(close);
        i += run;
        return true;
      }
      if (c == '\n') {
        if (!multi_line) return true;
        ++line;
        out += c;
        ++i;
      } else if (static_cast<unsigned char>(c) >= 0x80) {
        if (!escaped()) return false;
      } else if (literal && (c == '\\' || c == '"')) {
        out += '\\';
        out += c;
        ++i;
      } else if (!literal && c == '\\') {
        out += c;
        ++i;
        if (i < in.size() && static_cast<unsigned char>(in[i]) >= 0x80) return refuse("invalid escape sequence");
        if (i < in.size()) {
          if (in[i] == '\n') ++line;
          out += in[i++];
        }
      } else {
        out += c;
        ++i;
      }
    }
    return true;
  };
  const std::string_view three_double = "\"\"\"", three_single = "'''";
  while (i < in.size()) {
    char c = in[i];
    bool ok = true;
    if (c == '\n') {
      ++line;
      out += c;
      ++i;
    } else if (c == '#') {
      while (ok && i < in.size() && in[i] != '\n') {
        if (static_cast<unsigned char>(in[i]) < 0x80) out += in[i++];
        else if (decode()) out += '?';
        else ok = refuse("invalid UTF-8");
      }
    } else if (in.substr(i, 3) == three_double || in.substr(i, 3) == three_single) {
      bool literal = c == '\'';
      out += three_double;
      i += 3;
      ok = string_body(literal ? three_single : three_double, literal, true);
    } else if (c == '"' || c == '\'') {
      out += '"';
      ++i;
      ok = string_body(std::string_view(&in[i - 1], 1), c == '\'', false);
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      ok = refuse("characters outside ASCII may appear only in quoted strings and comments");
    } else {
      out += c;
      ++i;
    }
    if (!ok) return r;
  }
  return r;
}

toml::table parse_file(const fs::path& file, const std::string& what) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw config_error{fmt::format("{}: cannot read {}", what, file.string())};
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto ascii = to_ascii_toml(text);
  if (ascii.bad_line) throw config_error{fmt::format("{}: line {}: {}", what, ascii.bad_line, ascii.why)};
  try {
    return toml::parse(ascii.text, file.string());
  } catch (const toml::parse_error& e) {
    throw config_error{fmt::format("{}: line {}: {}", what, e.source().begin.line, e.description())};
  }
}

void read_series(const toml::table& root, config& c) {
  auto* arr = root.get("series") ? root.get("series")->as_array() : nullptr;
  if (!arr) fail("series", "the series file must hold [[series]] entries");
  for (std::size_t i = 0; i < arr->size(); ++i) {
    auto* t = (*arr)[i].as_table();
    std::string where = fmt::format("series[{}]", i);
    if (!t) fail(where, "must be a table");
    series_config s;
    read_string(*t, where, "slug", s.slug);
    if (s.slug.empty() || s.slug.size() > 40 ||
        !std::all_of(s.slug.begin(), s.slug.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'; }))
      fail(where + ".slug", "must be 1-40 characters of a-z, 0-9 and -");
    where = "series." + s.slug;
    s.title = read_labels(t->get("title"), where + ".title");
    s.roles = read_string_list(*t, where, "roles");
    s.sectors = read_string_list(*t, where, "sectors");
    s.cadence = "monthly";
    read_one_of(*t, where, "cadence", s.cadence, {"monthly", "quarterly"});
    s.weekday = "tuesday";
    read_one_of(*t, where, "weekday", s.weekday, {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"});
    s.ordinals = read_int_list(*t, where, "ordinals", -1, 4);
    s.months = read_int_list(*t, where, "months", 1, 12);
    s.skip_months = read_int_list(*t, where, "skip_months", 1, 12);
    s.skip_dates = read_string_list(*t, where, "skip_dates");
    s.extra_dates = read_string_list(*t, where, "extra_dates");
    s.start_time = "09:30";
    read_string(*t, where, "start", s.start_time);
    read_int(*t, where, "duration_minutes", s.duration_minutes, std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
    read_string(*t, where, "place", s.place);
    read_bool(*t, where, "online", s.online);
    read_int(*t, where, "capacity", s.capacity, std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
    read_int(*t, where, "close_hours", s.close_hours, std::numeric_limits<int>::min(), std::numeric_limits<int>::max());
    s.facilitators = read_string_list(*t, where, "facilitators");
    // The same checks as the API's (domain/series_rules): the first problem stops the start.
    std::vector<std::string> known;
    for (const auto& sector : c.sectors) known.push_back(sector.id);
    if (auto problems = series_problems(s, known); !problems.empty())
      fail(where + "." + problems.begin()->first, series_problem_text(problems.begin()->second));
    for (auto& other : c.series)
      if (other.slug == s.slug) fail(where, "is defined twice");
    c.series.push_back(std::move(s));
  }
}

void read_themes(const toml::table& root, config& c) {
  auto* arr = root.get("theme") ? root.get("theme")->as_array() : nullptr;
  if (!arr) fail("themes", "the themes file must hold [[theme]] entries");
  for (std::size_t i = 0; i < arr->size(); ++i) {
    auto* t = (*arr)[i].as_table();
    std::string where = fmt::format("theme[{}]", i);
    if (!t) fail(where, "must be a table");
    theme_config th;
    read_string(*t, where, "id", th.id);
    if (th.id.empty()) fail(where + ".id", "is missing");
    th.label = read_labels(t->get("label"), "theme." + th.id + ".label");
    c.themes.push_back(std::move(th));
  }
}

labels read_optional_labels(const toml::table& t, const std::string& where, const char* key) {
  if (!t.get(key)) return {};
  return read_labels(t.get(key), where + "." + key);
}

// config/feedback.toml: [[question]] entries (id, kind, label, and min/max/low/high for a scale,
// max_length for a text); the rules on them are the domain's (check_feedback_questions).
void read_feedback(const toml::table& root, config& c) {
  read_int(section_of(root, "feedback"), "feedback", "link_days", c.feedback.link_days, 1, 365);
  auto* arr = root.get("question") ? root.get("question")->as_array() : nullptr;
  if (!arr) fail("feedback", "the feedback file must hold [[question]] entries");
  for (std::size_t i = 0; i < arr->size(); ++i) {
    auto* t = (*arr)[i].as_table();
    std::string where = fmt::format("feedback.question[{}]", i);
    if (!t) fail(where, "must be a table");
    feedback_question q;
    read_string(*t, where, "id", q.id);
    std::string kind;
    read_string(*t, where, "kind", kind);
    auto k = question_kind_from(kind);
    if (!k) fail(where + ".kind", "must be one of scale, yes_no, themes, text");
    q.kind = *k;
    q.label = read_labels(t->get("label"), where + ".label");
    q.low = read_optional_labels(*t, where, "low");
    q.high = read_optional_labels(*t, where, "high");
    read_int(*t, where, "min", q.min, 0, 10);
    read_int(*t, where, "max", q.max, 0, 10);
    read_int(*t, where, "max_length", q.max_length, 1, 10000);
    c.feedback.questions.push_back(std::move(q));
  }
  if (auto s = check_feedback_questions(c.feedback.questions); !s) throw config_error{s.message()};
}

// Relative paths in the file (or the environment) are relative to the configuration file's
// folder, never to the working directory: the same file works from any folder.
void resolve_paths(config& c) {
  for (std::string* p : {&c.server.web_root, &c.server.tls_certificate, &c.server.tls_private_key, &c.storage.data_dir,
                         &c.storage.key_file, &c.storage.backup_dir, &c.mail.directory}) {
    if (!p->empty() && fs::path(*p).is_relative()) *p = (c.config_dir / *p).lexically_normal().string();
  }
}

}  // namespace

fs::path default_config_file(const std::map<std::string, std::string>& environment) {
  if (auto it = environment.find("INTERVISION_CONFIG"); it != environment.end() && !it->second.empty())
    return fs::absolute(it->second);
  // A build in the source tree (build/intervision) uses the tree's config/; an installed binary
  // (/usr/bin/intervision) the one in /etc.
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto tree = exe.parent_path().parent_path() / "config" / "intervision.toml";
    if (fs::is_regular_file(tree, ec)) return tree;
  }
  return "/etc/intervision/intervision.toml";
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string kv = *e;
    auto eq = kv.find('=');
    if (eq != std::string::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return env;
}

namespace {

// [server], [storage] and [mail].
void read_server_storage_mail(const toml::table& root, config& c) {
  const auto& server = section_of(root, "server");
  read_string(server, "server", "address", c.server.address);
  read_int(server, "server", "port", c.server.port, 0, 65535);
  read_int(server, "server", "io_threads", c.server.io_threads, 1, 64);
  read_int(server, "server", "worker_threads", c.server.worker_threads, 1, 256);
  read_int(server, "server", "header_limit", c.server.header_limit, 1024, 1 << 20);
  read_int(server, "server", "body_limit", c.server.body_limit, 1024, 16 << 20);
  read_int(server, "server", "read_timeout_ms", c.server.read_timeout_ms, 100, 600000);
  read_int(server, "server", "idle_timeout_ms", c.server.idle_timeout_ms, 100, 600000);
  read_string(server, "server", "public_url", c.server.public_url);
  read_string(server, "server", "web_root", c.server.web_root);
  read_string(server, "server", "tls_certificate", c.server.tls_certificate);
  read_string(server, "server", "tls_private_key", c.server.tls_private_key);
  read_bool(server, "server", "trust_proxy", c.server.trust_proxy);
  read_int(server, "server", "max_connections", c.server.max_connections, 0, 1000000);
  read_int(server, "server", "max_connections_per_address", c.server.max_connections_per_address, 0, 1000000);
  read_int(server, "server", "drain_seconds", c.server.drain_seconds, 1, 3600);
  if (!c.server.public_url.empty() && c.server.public_url.rfind("http://", 0) != 0 && c.server.public_url.rfind("https://", 0) != 0)
    fail("server.public_url", "must start with http:// or https://");

  const auto& storage = section_of(root, "storage");
  read_string(storage, "storage", "data_dir", c.storage.data_dir);
  read_string(storage, "storage", "key_file", c.storage.key_file);
  read_string(storage, "storage", "backup_dir", c.storage.backup_dir);
  read_int(storage, "storage", "readers", c.storage.readers, 1, 32);

  const auto& mail = section_of(root, "mail");
  read_one_of(mail, "mail", "transport", c.mail.transport, {"directory", "smtp"});
  read_string(mail, "mail", "directory", c.mail.directory);
  read_string(mail, "mail", "from", c.mail.from);
  read_string(mail, "mail", "host", c.mail.host);
  read_int(mail, "mail", "port", c.mail.port, 1, 65535);
  read_one_of(mail, "mail", "security", c.mail.security, {"none", "starttls", "tls"});
  read_string(mail, "mail", "username", c.mail.username);
  read_string(mail, "mail", "password", c.mail.password);
  read_int(mail, "mail", "reminder_days", c.mail.reminder_days, 0, 60);
  read_int(mail, "mail", "poll_seconds", c.mail.poll_seconds, 1, 3600);
}

// [cycle], [announcements] and [security].
void read_cycle_and_security(const toml::table& root, config& c) {
  const auto& cycle = section_of(root, "cycle");
  read_int(cycle, "cycle", "start_month", c.cycle.start_month, 1, 12);
  read_int(cycle, "cycle", "start_day", c.cycle.start_day, 1, 28);
  read_int(cycle, "cycle", "purge_grace_days", c.cycle.purge_grace_days, 0, 365);
  read_string(cycle, "cycle", "privacy_version", c.cycle.privacy_version);

  const auto& announcements = section_of(root, "announcements");
  read_int(announcements, "announcements", "confirm_days", c.announcements.confirm_days, 1, 60);
  read_int(announcements, "announcements", "retention_days", c.announcements.retention_days, 30, 3650);

  const auto& security = section_of(root, "security");
  read_int(security, "security", "session_idle_minutes", c.security.session_idle_minutes, 1, 24 * 60);
  read_int(security, "security", "session_absolute_hours", c.security.session_absolute_hours, 1, 24 * 30);
  read_int(security, "security", "login_max_failures", c.security.login_max_failures, 1, 1000);
  read_int(security, "security", "login_window_minutes", c.security.login_window_minutes, 1, 24 * 60);
  read_int(security, "security", "login_forget_hours", c.security.login_forget_hours, 1, 24 * 30);
  read_int(security, "security", "password_threads", c.security.password_threads, 1, 16);
  read_int(security, "security", "password_queue", c.security.password_queue, 1, 100000);
  read_int(security, "security", "registrations_per_address_hour", c.security.registrations_per_address_hour, 1, 1000000);
  read_int(security, "security", "registrations_per_email_hour", c.security.registrations_per_email_hour, 1, 1000000);
  read_string(security, "security", "first_admin_email", c.security.first_admin_email);
  if (!c.security.first_admin_email.empty() && !plausible_email(c.security.first_admin_email))
    fail("security.first_admin_email", "must be an email address");
}

// [[sector]], [organisation] and the catalogue files beside the main one (series, themes, feedback).
void read_sectors_and_catalogue(const toml::table& root, config& c) {
  std::error_code ec;
  if (auto* arr = root.get("sector") ? root.get("sector")->as_array() : nullptr) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      auto* t = (*arr)[i].as_table();
      if (!t) fail(fmt::format("sector[{}]", i), "must be a table");
      sector_config s;
      read_string(*t, "sector", "id", s.id);
      if (s.id.empty()) fail(fmt::format("sector[{}].id", i), "is missing");
      s.label = read_labels(t->get("label"), "sector." + s.id + ".label");
      c.sectors.push_back(std::move(s));
    }
  }
  if (c.sectors.empty()) fail("sector", "at least one [[sector]] is required");

  const auto& organisation = section_of(root, "organisation");
  read_string(organisation, "organisation", "name", c.organisation.name);
  if (organisation.get("address")) c.organisation.address = read_string_list(organisation, "organisation", "address");

  std::string series_file = "series.toml", themes_file = "themes.toml";
  const auto& catalogue = section_of(root, "catalogue");
  read_string(catalogue, "catalogue", "series_file", series_file);
  read_string(catalogue, "catalogue", "themes_file", themes_file);
  auto series_path = c.config_dir / series_file;
  auto themes_path = c.config_dir / themes_file;
  if (!fs::is_regular_file(series_path, ec)) fail("catalogue.series_file", series_path.string() + " does not exist");
  if (!fs::is_regular_file(themes_path, ec)) fail("catalogue.themes_file", themes_path.string() + " does not exist");
  read_series(parse_file(series_path, series_file), c);
  read_themes(parse_file(themes_path, themes_file), c);
  std::string feedback_file = "feedback.toml";
  read_string(catalogue, "catalogue", "feedback_file", feedback_file);
  auto feedback_path = c.config_dir / feedback_file;
  if (!fs::is_regular_file(feedback_path, ec)) fail("catalogue.feedback_file", feedback_path.string() + " does not exist");
  read_feedback(parse_file(feedback_path, feedback_file), c);
}

}  // namespace

result<config> load_config(const config_overrides& flags, const std::map<std::string, std::string>& environment) {
  try {
    config c;
    fs::path file = flags.file ? fs::absolute(*flags.file) : default_config_file(environment);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) throw config_error{file.string() + ": no such configuration file"};
    c.config_dir = file.parent_path();
    c.config_file = file;
    toml::table root = parse_file(file, file.filename().string());
    apply_environment(root, environment);

    read_server_storage_mail(root, c);
    read_cycle_and_security(root, c);
    read_sectors_and_catalogue(root, c);

    if (flags.port) {
      if (*flags.port < 0 || *flags.port > 65535) fail("--port", "must be between 0 and 65535");
      c.server.port = *flags.port;
    }
    resolve_paths(c);
    if (flags.data_dir) c.storage.data_dir = fs::absolute(*flags.data_dir).lexically_normal().string();
    if (c.server.public_url.empty())
      c.server.public_url = fmt::format("{}://{}:{}", c.server.tls_certificate.empty() ? "http" : "https", c.server.address, c.server.port);
    return c;
  } catch (const config_error& e) {
    // One line, whatever the file held: toml++ quotes what it saw (a newline, a tab, escape
    // codes for the terminal), and the message goes to a log or a terminal.
    std::string line;
    for (unsigned char ch : e.message) {
      if (ch < 0x20 || ch == 0x7F) line += fmt::format("\\x{:02x}", ch);
      else line += static_cast<char>(ch);
    }
    return status(status_code::bad_request, line);
  }
}

}  // namespace intervision
