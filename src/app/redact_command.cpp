#include "intervision/app/redact_command.h"

#include <istream>
#include <ostream>
#include <string>
#include <system_error>

#include <boost/json.hpp>

#include "intervision/domain/anonymiser.h"

namespace intervision {

namespace {

namespace json = boost::json;

// Reads an optional array of strings; false (with a reason) if present but not one.
bool read_strings(const json::object& obj, const char* key, std::vector<std::string>& into, std::string& why) {
  auto it = obj.find(key);
  if (it == obj.end() || it->value().is_null()) return true;
  if (!it->value().is_array()) {
    why = std::string("\"") + key + "\" must be an array of strings";
    return false;
  }
  for (const auto& v : it->value().get_array()) {
    if (!v.is_string()) {
      why = std::string("\"") + key + "\" must be an array of strings";
      return false;
    }
    into.emplace_back(v.get_string().c_str(), v.get_string().size());
  }
  return true;
}

// One input line to one output object; false if the line is malformed.
bool redact_line(const std::string& line, json::object& result) {
  std::error_code ec;
  json::parse_options opts;
  opts.max_depth = 8;
  json::value v = json::parse(line, ec, {}, opts);
  if (ec) {
    result["error"] = "not valid JSON";
    return false;
  }
  if (!v.is_object()) {
    result["error"] = "each line must be a JSON object";
    return false;
  }
  const auto& obj = v.get_object();
  auto text = obj.find("text");
  if (text == obj.end() || !text->value().is_string()) {
    result["error"] = "\"text\" must be a string";
    return false;
  }
  redaction_options options;
  std::string why;
  if (!read_strings(obj, "known_names", options.known_names, why) ||
      !read_strings(obj, "extra_terms", options.extra_terms, why)) {
    result["error"] = why;
    return false;
  }
  if (auto lang = obj.find("language"); lang != obj.end() && !lang->value().is_null()) {
    if (!lang->value().is_string()) {
      result["error"] = "\"language\" must be \"fr\", \"nl\" or \"en\"";
      return false;
    }
    std::string l(lang->value().get_string());
    if (!l.empty() && l != "fr" && l != "nl" && l != "en") {
      result["error"] = "\"language\" must be \"fr\", \"nl\" or \"en\"";
      return false;
    }
    options.language = l;
  }
  const auto& s = text->value().get_string();
  auto r = redact(std::string_view(s.data(), s.size()), options);
  json::array spans;
  spans.reserve(r.spans.size());
  for (const auto& span : r.spans)
    spans.push_back(json::object{{"start", span.start}, {"end", span.end}, {"type", span.type}});
  result["redacted"] = std::move(r.redacted);
  result["spans"] = std::move(spans);
  return true;
}

}  // namespace

int run_redact_command(std::istream& in, std::ostream& out, std::ostream& err) {
  bool failed = false;
  std::string line;
  std::size_t number = 0, bad = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    json::object result;
    if (!redact_line(line, result)) {
      failed = true;
      ++bad;
    }
    out << json::serialize(result) << '\n';
  }
  out.flush();
  if (failed) err << "intervision redact: " << bad << " malformed line(s)\n";
  return failed ? 1 : 0;
}

}  // namespace intervision
