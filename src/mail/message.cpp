#include "intervision/mail/message.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <vector>

namespace intervision {

namespace {

constexpr std::size_t max_line = 76;
constexpr const char* hex_digits = "0123456789ABCDEF";

bool is_printable_ascii(std::string_view s) {
  for (const unsigned char c : s) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

// CR, LF, TAB, NUL, DEL and every other control byte become spaces: no value can start a new
// header line. Leading and trailing spaces go.
std::string sanitize(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const unsigned char c : value) out += (c < 0x20 || c == 0x7F) ? ' ' : static_cast<char>(c);
  const auto first = out.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  const auto last = out.find_last_not_of(' ');
  return out.substr(first, last - first + 1);
}

// "Name: value" folded at spaces so lines stay within 78 characters where words allow.
std::string header_line(std::string_view name, std::string_view value) {
  std::string out(name);
  out += ": ";
  std::size_t line_len = out.size();
  std::size_t pos = 0;
  bool first_word = true;
  while (pos <= value.size()) {
    auto space = value.find(' ', pos);
    if (space == std::string_view::npos) space = value.size();
    const std::string_view word = value.substr(pos, space - pos);
    if (!first_word) {
      if (line_len + 1 + word.size() > 78) {
        out += "\r\n";
        line_len = 0;
      }
      out += ' ';
      ++line_len;
    }
    out += word;
    line_len += word.size();
    first_word = false;
    pos = space + 1;
  }
  out += "\r\n";
  return out;
}

// Length of the UTF-8 sequence that starts with byte c (1 for stray continuation bytes).
std::size_t utf8_length(unsigned char c) {
  if (c >= 0xF0 && c < 0xF8) return 4;
  if (c >= 0xE0) return c < 0xF0 ? 3 : 1;
  if (c >= 0xC0) return 2;
  return 1;
}

bool needs_quoting(std::string_view display) {
  for (const char c : display) {
    if (std::string_view("()<>[]:;@\\,.\"").find(c) != std::string_view::npos) return true;
  }
  return false;
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

std::string format_from(std::string_view from) {
  const std::string clean = sanitize(from);
  const auto open = clean.rfind('<');
  if (open == std::string::npos || open == 0) return clean;
  std::string display = sanitize(std::string_view(clean).substr(0, open));
  if (display.size() >= 2 && display.front() == '"' && display.back() == '"') {
    display = display.substr(1, display.size() - 2);
  }
  const std::string address = clean.substr(open);
  if (!is_printable_ascii(display)) return encode_header_text(display) + " " + address;
  return (needs_quoting(display) ? quote(display) : display) + " " + address;
}

std::string format_message_id(std::string_view id) {
  std::string clean;
  for (const char c : sanitize(id)) {
    if (c != ' ' && c != '<' && c != '>') clean += c;
  }
  return "<" + clean + ">";
}

// RFC 5322 date in UTC: "Tue, 08 Dec 2026 08:30:00 +0000".
std::string format_rfc5322_date(sys_seconds t) {
  using namespace std::chrono;
  static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto day = floor<std::chrono::days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> tod{t - day};
  const weekday wd{day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02ld:%02ld:%02ld +0000", days[wd.c_encoding()],
                static_cast<unsigned>(ymd.day()), months[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<long>(tod.hours().count()),
                static_cast<long>(tod.minutes().count()), static_cast<long>(tod.seconds().count()));
  return buf;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

std::string attachment_content_type(const mail_attachment& a) {
  std::string type = sanitize(a.content_type);
  if (ends_with(a.filename, ".ics") && (type.empty() || type == "text/calendar")) {
    return "text/calendar; method=PUBLISH; charset=utf-8";
  }
  return type.empty() ? "application/octet-stream" : type;
}

// Content-Disposition with a safe file name: no quotes, backslashes or path separators;
// a non-ASCII name gets an ASCII fallback and an RFC 2231 filename*.
std::string attachment_disposition(const mail_attachment& a) {
  std::string name;
  for (const char c : sanitize(a.filename)) {
    if (c != '"' && c != '\\' && c != '/') name += c;
  }
  if (name.empty()) name = "attachment";
  if (is_printable_ascii(name)) return "attachment; filename=" + quote(name);
  std::string fallback, extended;
  for (const unsigned char c : name) {
    fallback += c < 0x80 ? static_cast<char>(c) : '_';
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '-' || c == '_';
    if (plain) {
      extended += static_cast<char>(c);
    } else {
      extended += '%';
      extended += hex_digits[c >> 4];
      extended += hex_digits[c & 0x0F];
    }
  }
  return "attachment; filename=" + quote(fallback) + "; filename*=utf-8''" + extended;
}

std::string text_part_headers() {
  return "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n";
}

}  // namespace

std::string base64_encode(std::string_view data) {
  static constexpr const char* alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(data[i]) << 16) |
                       (static_cast<unsigned char>(data[i + 1]) << 8) |
                       static_cast<unsigned char>(data[i + 2]);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (i + 1 == data.size()) {
    const unsigned v = static_cast<unsigned char>(data[i]) << 16;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == data.size()) {
    const unsigned v = (static_cast<unsigned char>(data[i]) << 16) |
                       (static_cast<unsigned char>(data[i + 1]) << 8);
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::string base64_encode_lines(std::string_view data) {
  const std::string flat = base64_encode(data);
  std::string out;
  for (std::size_t i = 0; i < flat.size(); i += max_line) {
    out += flat.substr(i, max_line);
    out += "\r\n";
  }
  return out;
}

std::string quoted_printable_encode(std::string_view text) {
  // Split into logical lines on CRLF, CR or LF.
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      lines.push_back(text.substr(start, i - start));
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  lines.push_back(text.substr(start));

  std::string out;
  for (std::size_t l = 0; l < lines.size(); ++l) {
    const std::string_view line = lines[l];
    std::size_t col = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(line[i]);
      const bool last = i + 1 == line.size();
      std::string token;
      const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !last);
      if (literal) {
        token = static_cast<char>(c);
      } else {
        token = {'=', hex_digits[c >> 4], hex_digits[c & 0x0F]};
      }
      // A soft break ("=") needs one column, except after the line's final token.
      const std::size_t limit = last ? max_line : max_line - 1;
      if (col + token.size() > limit) {
        out += "=\r\n";
        col = 0;
      }
      if (col == 0 && token == ".") token = "=2E";  // never a lone "." line for SMTP
      out += token;
      col += token.size();
    }
    if (l + 1 < lines.size()) out += "\r\n";
  }
  return out;
}

std::string encode_header_text(std::string_view value) {
  const std::string clean = sanitize(value);
  if (is_printable_ascii(clean) && clean.find("=?") == std::string::npos) return clean;
  // 42 bytes -> 56 base64 characters -> a 68-character word: "Subject: " + word fits in 78.
  constexpr std::size_t max_bytes = 42;
  std::string out;
  std::size_t pos = 0;
  while (pos < clean.size()) {
    std::size_t end = pos;
    while (end < clean.size()) {
      const std::size_t n = std::min(utf8_length(static_cast<unsigned char>(clean[end])), clean.size() - end);
      if (end + n - pos > max_bytes) break;
      end += n;
    }
    if (end == pos) end = pos + 1;  // unreachable with valid lengths; guarantees progress
    if (!out.empty()) out += "\r\n ";
    out += "=?utf-8?B?" + base64_encode(std::string_view(clean).substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string envelope_address(std::string_view address) {
  const std::string clean = sanitize(address);
  const auto open = clean.rfind('<');
  if (open == std::string::npos) return clean;
  const auto close = clean.find('>', open);
  return sanitize(clean.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1));
}

std::string render_mime(const mail_message& message, const std::string& from,
                        const std::string& message_id, sys_seconds date) {
  std::string out;
  out += "Date: " + format_rfc5322_date(date) + "\r\n";
  out += header_line("From", format_from(from));
  out += header_line("To", sanitize(message.to));
  const std::string subject = encode_header_text(message.subject);
  out += subject.find("=?") == 0 ? "Subject: " + subject + "\r\n" : header_line("Subject", subject);
  out += "Message-ID: " + format_message_id(message_id) + "\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  for (const auto& [name, value] : message.headers) {
    std::string field;
    for (char c : name)
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') field += c;
    if (!field.empty()) out += header_line(field, sanitize(value));
  }

  std::string body = quoted_printable_encode(message.text);
  if (body.size() < 2 || body.compare(body.size() - 2, 2, "\r\n") != 0) body += "\r\n";

  if (message.attachments.empty()) {
    out += text_part_headers();
    out += "\r\n";
    out += body;
    return out;
  }

  // "=_" never occurs in quoted-printable or base64 output, so the boundary cannot either.
  char hash[32];
  std::snprintf(hash, sizeof hash, "%016zx", std::hash<std::string>{}(message_id + from));
  const std::string boundary = std::string("=_intervision_") + hash;
  out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n";
  out += "\r\n";
  out += "This is a message in MIME format.\r\n";
  out += "--" + boundary + "\r\n";
  out += text_part_headers();
  out += "\r\n";
  out += body;
  for (const auto& attachment : message.attachments) {
    out += "--" + boundary + "\r\n";
    out += header_line("Content-Type", attachment_content_type(attachment));
    out += "Content-Transfer-Encoding: base64\r\n";
    out += header_line("Content-Disposition", attachment_disposition(attachment));
    out += "\r\n";
    out += base64_encode_lines(attachment.data);
  }
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace intervision
