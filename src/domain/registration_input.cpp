#include "intervision/domain/registration_input.h"

#include <algorithm>
#include <map>

namespace intervision {

namespace {

// Decodes the code point at text[i] of VALID UTF-8 and advances i.
char32_t next_code_point(std::string_view text, std::size_t& i) {
  auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) {
    ++i;
    return b;
  }
  int extra = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
  char32_t cp = b & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Trims ASCII whitespace and no-break spaces (U+00A0, common in pasted text) at both ends.
std::string_view trim(std::string_view s) {
  constexpr std::string_view nbsp = "\xC2\xA0";
  for (;;) {
    if (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
    else if (s.starts_with(nbsp)) s.remove_prefix(nbsp.size());
    else break;
  }
  for (;;) {
    if (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
    else if (s.ends_with(nbsp)) s.remove_suffix(nbsp.size());
    else break;
  }
  return s;
}

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// RFC 5322 atext: the characters an unquoted local part may hold besides dots.
bool is_atext(char c) {
  return is_alnum(c) || std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

bool valid_local_part(std::string_view local) {
  if (local.empty() || local.size() > 64) return false;
  if (local.front() == '.' || local.back() == '.') return false;
  if (local.find("..") != std::string_view::npos) return false;
  return std::all_of(local.begin(), local.end(), [](char c) { return c == '.' || is_atext(c); });
}

bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  std::size_t labels = 0;
  std::string_view last;
  std::size_t start = 0;
  for (;;) {
    auto dot = domain.find('.', start);
    auto label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    if (!std::all_of(label.begin(), label.end(), [](char c) { return is_alnum(c) || c == '-'; })) return false;
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  // A dot is required, and the top-level label is a name, not a number (no IP addresses).
  if (labels < 2 || last.size() < 2) return false;
  return !std::all_of(last.begin(), last.end(), is_digit);
}

// nullopt when valid, else the error code. Input is trimmed, valid, control-free UTF-8.
std::optional<std::string> check_email(std::string_view email, std::string& out) {
  if (email.size() > 254) return "too_long";
  auto at = email.rfind('@');
  if (at == std::string_view::npos) return "invalid_email";
  auto local = email.substr(0, at);
  auto domain = email.substr(at + 1);
  if (!valid_local_part(local) || !valid_domain(domain)) return "invalid_email";
  out = std::string(local) + "@" + lower_ascii(domain);
  return std::nullopt;
}

bool in(const std::vector<std::string>& allowed, std::string_view v) {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

// The checks every text field gets. Returns the trimmed value, or records the error.
std::optional<std::string> clean_text(const std::optional<std::string>& raw, const char* field, bool optional,
                                      std::map<std::string, std::string>& errors) {
  if (!raw) {
    if (optional) return std::string();
    errors[field] = "required";
    return std::nullopt;
  }
  if (!is_valid_utf8(*raw)) {
    errors[field] = "invalid_utf8";
    return std::nullopt;
  }
  auto v = trim(*raw);
  if (v.empty()) {
    if (optional) return std::string();
    errors[field] = "required";
    return std::nullopt;
  }
  if (has_control_characters(v)) {
    errors[field] = "control_characters";
    return std::nullopt;
  }
  return std::string(v);
}

void check_length(std::optional<std::string>& v, const char* field, std::size_t min, std::size_t max,
                  std::map<std::string, std::string>& errors) {
  if (!v) return;
  auto n = count_code_points(*v);
  if (n < min) errors[field] = "too_short";
  else if (n > max) errors[field] = "too_long";
  else return;
  v.reset();
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    int extra;
    char32_t cp, min;
    if (b >= 0xC2 && b <= 0xDF) extra = 1, cp = b & 0x1F, min = 0x80;
    else if (b >= 0xE0 && b <= 0xEF) extra = 2, cp = b & 0x0F, min = 0x800;
    else if (b >= 0xF0 && b <= 0xF4) extra = 3, cp = b & 0x07, min = 0x10000;
    else return false;  // continuation byte, C0/C1 overlong lead, or F5..FF
    if (n - i <= static_cast<std::size_t>(extra)) return false;
    for (int k = 1; k <= extra; ++k) {
      auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += static_cast<std::size_t>(extra) + 1;
  }
  return true;
}

std::size_t count_code_points(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool has_control_characters(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    char32_t cp = next_code_point(text, i);
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;
    if (cp == 0x2028 || cp == 0x2029) return true;                    // line and paragraph separators
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) return true;  // bidi controls
  }
  return false;
}

std::string normalise_email(std::string_view email) { return lower_ascii(trim(email)); }

std::optional<std::string> normalise_phone(std::string_view phone) {
  auto p = trim(phone);
  if (p.empty() || p.size() > 40) return std::nullopt;
  bool plus = false;
  if (p.front() == '+') {
    plus = true;
    p.remove_prefix(1);
  }
  std::string digits;
  for (std::size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (is_digit(c)) digits += c;
    else if (c == '(' && p.substr(i).starts_with("(0)") && (plus || digits.starts_with("00"))) i += 2;  // "+32 (0)2 ...": the trunk 0 is dropped
    else if (c == ' ' || c == '.' || c == '/' || c == '-' || c == '(' || c == ')') continue;
    else return std::nullopt;  // letters, a second '+', anything else
  }
  std::string international;  // the digits after the country's '+'
  if (plus) {
    international = digits;
  } else if (digits.starts_with("00")) {
    international = digits.substr(2);
  } else if (digits.starts_with("0")) {
    international = "32" + digits.substr(1);  // a Belgian national number
  } else {
    return std::nullopt;  // no country can be told
  }
  if (international.empty() || international.front() == '0') return std::nullopt;
  if (international.starts_with("32")) {
    auto national = international.substr(2);
    if (national.starts_with("0")) national.erase(0, 1);  // "+32 0470 ...": a common slip
    // Belgian numbers: mobiles (045..049) have 9 digits after 32, every other number 8
    // (fixed lines including Liège's 04, 0800, 0900).
    bool mobile = national.size() >= 2 && national[0] == '4' && national[1] >= '5';
    bool ok = !national.empty() && national.front() != '0' && national.size() == (mobile ? 9u : 8u);
    if (!ok) return std::nullopt;
    return "+32" + national;
  }
  if (international.size() < 8 || international.size() > 15) return std::nullopt;
  return "+" + international;
}

result<registration_input> validate_registration(const raw_registration& raw, const registration_rules& rules) {
  std::map<std::string, std::string> errors;
  auto name = clean_text(raw.name, "name", false, errors);
  auto email = clean_text(raw.email, "email", false, errors);
  auto phone = clean_text(raw.phone, "phone", true, errors);
  auto organisation = clean_text(raw.organisation, "organisation", false, errors);
  auto sector = clean_text(raw.sector, "sector", false, errors);
  auto role = clean_text(raw.role, "role", false, errors);
  auto language = clean_text(raw.language, "language", false, errors);

  check_length(name, "name", 2, 100, errors);
  check_length(organisation, "organisation", 1, 150, errors);

  registration_input out;
  if (email) {
    if (auto code = check_email(*email, out.email)) errors["email"] = *code;
  }
  if (phone && !phone->empty()) {
    if (auto e164 = normalise_phone(*phone)) out.phone = *e164;
    else errors["phone"] = "invalid_phone";
  }
  if (sector && !in(rules.sectors, *sector)) errors["sector"] = "unknown_value";
  if (role && *role != "peer_helper" && *role != "coordinator") errors["role"] = "unknown_value";
  if (language && *language != "fr" && *language != "nl" && *language != "en") errors["language"] = "unknown_value";
  if (!raw.consent.value_or(false)) errors["consent"] = "consent_required";

  if (!errors.empty()) return status::invalid(std::move(errors));
  out.name = std::move(*name);
  out.organisation = std::move(*organisation);
  out.sector = std::move(*sector);
  out.role = std::move(*role);
  out.language = std::move(*language);
  out.consent = true;
  return out;
}

}  // namespace intervision
