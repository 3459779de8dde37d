// Mail layer: MIME rendering, templates in three languages, date wording, the directory
// transport, the retry policy, and a real SMTP conversation with tests/smtp_sink.py
// (Debian's python3-aiosmtpd) that fails once and succeeds on the retry.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "intervision/domain/clock.h"
#include "intervision/mail/message.h"
#include "intervision/mail/outbox_sender.h"
#include "intervision/mail/templates.h"
#include "intervision/mail/transport.h"
#include "intervision/store/db_pool.h"
#include "intervision/store/participant_store.h"
#include "support.h"

#ifndef INTERVISION_SOURCE_DIR
#error "compile with -DINTERVISION_SOURCE_DIR=\"/path/to/the/source\" so the test finds tests/smtp_sink.py"
#endif

namespace intervision {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

sys_seconds utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0) {
  return sys_seconds{date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch() +
                     std::chrono::hours{hh} + std::chrono::minutes{mm}};
}

struct temp_folder {
  fs::path path;
  temp_folder() {
    std::string pattern = (fs::temp_directory_path() / "intervision-mail-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~temp_folder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> files_in(const fs::path& folder) {
  std::vector<fs::path> out;
  if (!fs::exists(folder)) return out;
  for (const auto& e : fs::directory_iterator(folder)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> split_crlf(const std::string& s) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    const auto end = s.find("\r\n", pos);
    if (end == std::string::npos) {
      lines.push_back(s.substr(pos));
      break;
    }
    lines.push_back(s.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

// A minimal RFC 5322 parser for the checks: unfolded headers (name -> values) and the body.
struct parsed_mail {
  std::multimap<std::string, std::string> headers;
  std::string body;
  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

parsed_mail parse_mail(const std::string& text) {
  parsed_mail m;
  const auto split = text.find("\r\n\r\n");
  REQUIRE(split != std::string::npos);
  std::string head = text.substr(0, split + 2);
  m.body = text.substr(split + 4);
  std::string unfolded;
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (head.compare(i, 3, "\r\n ") == 0 || head.compare(i, 3, "\r\n\t") == 0) {
      i += 1;  // drop CRLF, keep the whitespace
      continue;
    }
    unfolded += head[i];
  }
  for (const auto& line : split_crlf(unfolded)) {
    if (line.empty()) continue;
    const auto colon = line.find(':');
    REQUIRE(colon != std::string::npos);
    std::string value = line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.erase(0, 1);
    m.headers.emplace(line.substr(0, colon), value);
  }
  return m;
}

std::string base64_decode(const std::string& in) {
  static const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : in) {
    if (c == '=' || c == '\r' || c == '\n') continue;
    const auto v = alphabet.find(c);
    REQUIRE(v != std::string::npos);
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string qp_decode(const std::string& in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '=') {
      out += in[i];
      continue;
    }
    if (in.compare(i + 1, 2, "\r\n") == 0) {
      i += 2;
      continue;
    }
    REQUIRE(i + 2 < in.size());
    out += static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16));
    i += 2;
  }
  return out;
}

// "=?utf-8?B?...?= =?utf-8?B?...?=" -> the UTF-8 text.
std::string decode_encoded_words(const std::string& value) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    const auto start = value.find("=?utf-8?B?", pos);
    if (start == std::string::npos) break;
    const auto end = value.find("?=", start + 10);
    REQUIRE(end != std::string::npos);
    out += base64_decode(value.substr(start + 10, end - start - 10));
    pos = end + 2;
  }
  return out;
}

// The MIME parts of a multipart body: each part's headers and body.
std::vector<parsed_mail> parts_of(const parsed_mail& m) {
  const std::string type = m.header("Content-Type");
  const auto b = type.find("boundary=\"");
  REQUIRE(b != std::string::npos);
  const std::string boundary = "--" + type.substr(b + 10, type.find('"', b + 10) - b - 10);
  std::vector<parsed_mail> parts;
  std::size_t pos = m.body.find(boundary + "\r\n");
  REQUIRE(pos != std::string::npos);
  while (true) {
    const std::size_t start = pos + boundary.size() + 2;
    const std::size_t next = m.body.find("\r\n" + boundary, start);
    REQUIRE(next != std::string::npos);
    parts.push_back(parse_mail(m.body.substr(start, next - start + 2)));
    pos = next + 2;
    if (m.body.compare(pos + boundary.size(), 2, "--") == 0) break;
  }
  return parts;
}

bool has_bare_line_end(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')) return true;
    if (s[i] == '\r' && (i + 1 == s.size() || s[i + 1] != '\n')) return true;
  }
  return false;
}

const std::string ics =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//intervision//EN\r\nMETHOD:PUBLISH\r\nBEGIN:VEVENT\r\n"
    "UID:42@intervision\r\nSUMMARY:Intervision trans-sectorielle\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

TEST_CASE("render_mime writes the RFC 5322 headers with CRLF line ends", "[mail]") {
  mail_message m;
  m.to = "anna@example.org";
  m.subject = "Registration confirmed: cross-sector intervision";
  m.text = "Dear Anna,\n\nSee you soon.\n";
  const std::string mime = render_mime(m, "Intervision PAT <noreply@pat.example>", "abc123@pat.example",
                                       utc(2026, 12, 8, 8, 30));
  CHECK_FALSE(has_bare_line_end(mime));
  const parsed_mail p = parse_mail(mime);
  CHECK(p.header("Date") == "Tue, 08 Dec 2026 08:30:00 +0000");
  CHECK(p.header("From") == "Intervision PAT <noreply@pat.example>");
  CHECK(p.header("To") == "anna@example.org");
  CHECK(p.header("Subject") == "Registration confirmed: cross-sector intervision");
  CHECK(p.header("Message-ID") == "<abc123@pat.example>");
  CHECK(p.header("MIME-Version") == "1.0");
  CHECK(p.header("Auto-Submitted") == "auto-generated");
  CHECK(p.header("Content-Type") == "text/plain; charset=utf-8");
  CHECK(p.header("Content-Transfer-Encoding") == "quoted-printable");
  CHECK(qp_decode(p.body) == "Dear Anna,\r\n\r\nSee you soon.\r\n");
}

TEST_CASE("a subject that is not ASCII becomes RFC 2047 encoded-words that decode back", "[mail]") {
  mail_message m;
  m.to = "anna@example.org";
  m.subject = "Inscription confirmée\u00A0: intervision trans-sectorielle à Bruxelles, décembre — ZTG ☕";
  m.text = "x";
  const std::string mime = render_mime(m, "noreply@pat.example", "<id@pat.example>", utc(2026, 1, 1));
  const auto lines = split_crlf(mime.substr(0, mime.find("\r\n\r\n")));
  for (const auto& line : lines) CHECK(line.size() <= 78);
  const parsed_mail p = parse_mail(mime);
  const std::string subject = p.header("Subject");
  CHECK(subject.rfind("=?utf-8?B?", 0) == 0);
  for (const unsigned char c : subject) CHECK(c < 0x80);
  CHECK(decode_encoded_words(subject) == m.subject);
  CHECK(p.header("Message-ID") == "<id@pat.example>");

  m.subject = "Reminder: the monthly cross-sector intervision for peer helpers of every sector is next week";
  const std::string ascii = render_mime(m, "noreply@pat.example", "id@pat.example", utc(2026, 1, 1));
  for (const auto& line : split_crlf(ascii.substr(0, ascii.find("\r\n\r\n")))) CHECK(line.size() <= 78);
  CHECK(parse_mail(ascii).header("Subject") == m.subject);
}

TEST_CASE("the text part is quoted-printable with short lines and decodes back", "[mail]") {
  mail_message m;
  m.to = "a@example.org";
  m.subject = "s";
  std::string text = "Bonjour Zoë,\n.\n.leading dot\nequals = sign, trailing space \n";
  text += std::string(200, 'a') + " " + std::string(100, 0x41) + "\u00E9\u00E9\u00E9\u00E9\u00E9\u00E9\n";
  m.text = text;
  const std::string mime = render_mime(m, "n@pat.example", "i@pat.example", utc(2026, 1, 1));
  CHECK_FALSE(has_bare_line_end(mime));
  const parsed_mail p = parse_mail(mime);
  for (const auto& line : split_crlf(p.body)) {
    CHECK(line.size() <= 76);
    CHECK(line != ".");  // a lone dot would end the SMTP DATA
    CHECK((line.empty() || line.back() != ' '));
  }
  std::string expected;
  for (const char c : text) expected += c == '\n' ? std::string("\r\n") : std::string(1, c);
  CHECK(qp_decode(p.body) == expected);
}

TEST_CASE("attachments are base64 parts; an .ics is text/calendar; method=PUBLISH", "[mail]") {
  mail_message m;
  m.to = "a@example.org";
  m.subject = "Confirmed";
  m.text = "See the attachment.";
  std::string binary;
  for (int i = 0; i < 300; ++i) binary += static_cast<char>(i * 7 % 256);
  m.attachments.push_back({"intervision.ics", "", ics});
  m.attachments.push_back({"données.bin", "application/octet-stream", binary});
  const std::string mime = render_mime(m, "n@pat.example", "i@pat.example", utc(2026, 1, 1));
  CHECK_FALSE(has_bare_line_end(mime));
  const parsed_mail p = parse_mail(mime);
  CHECK(p.header("Content-Type").rfind("multipart/mixed; boundary=", 0) == 0);
  const auto parts = parts_of(p);
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].header("Content-Type") == "text/plain; charset=utf-8");
  CHECK(qp_decode(parts[0].body) == "See the attachment.\r\n");

  CHECK(parts[1].header("Content-Type") == "text/calendar; method=PUBLISH; charset=utf-8");
  CHECK(parts[1].header("Content-Transfer-Encoding") == "base64");
  CHECK(parts[1].header("Content-Disposition") == "attachment; filename=\"intervision.ics\"");
  for (const auto& line : split_crlf(parts[1].body)) CHECK(line.size() <= 76);
  CHECK(base64_decode(parts[1].body) == ics);

  CHECK(parts[2].header("Content-Disposition").find("filename*=utf-8''donn%C3%A9es.bin") != std::string::npos);
  CHECK(base64_decode(parts[2].body) == binary);
}

TEST_CASE("CR and LF in header values cannot inject headers", "[mail]") {
  mail_message m;
  m.to = "victim@example.org\r\nBcc: everyone@evil.example";
  m.subject = "Hello\r\nBcc: more@evil.example\nX-Injected: 1";
  m.text = "body";
  m.attachments.push_back({"a.ics\r\nX-Injected: 2", "text/calendar\r\nX-Injected: 3", "x"});
  const std::string mime =
      render_mime(m, "PAT <noreply@pat.example>\r\nBcc: from@evil.example", "id@x\r\nX-Injected: 4", utc(2026, 1, 1));
  CHECK_FALSE(has_bare_line_end(mime));
  for (const auto& line : split_crlf(mime)) {
    CHECK(line.rfind("Bcc", 0) == std::string::npos);
    CHECK(line.rfind("X-Injected", 0) == std::string::npos);
  }
  const parsed_mail p = parse_mail(mime);
  CHECK(p.headers.count("To") == 1);
  CHECK(p.headers.count("Bcc") == 0);
  CHECK(p.header("To").find("victim@example.org") == 0);
}

TEST_CASE("envelope_address takes the address out of a display form", "[mail]") {
  CHECK(envelope_address("Intervision <noreply@pat.example>") == "noreply@pat.example");
  CHECK(envelope_address("  anna@example.org ") == "anna@example.org");
}

mail_fields fields_in(const std::string& language) {
  mail_fields f;
  f.language = language;
  f.participant_name = "Zoë Vandenberghe";
  f.session_title = "Intervision ZTG";
  f.session_when = format_when(utc(2026, 12, 8, 8, 30), utc(2026, 12, 8, 11, 30), language);
  f.place = "https://meet.example/ztg-42";
  f.personal_link = "https://intervision.example/manage#tok_abcdef";
  f.deletion_date = format_day(date::year{2027} / 8 / 31, language);
  f.waitlist_position = 3;
  return f;
}

const mail_kind all_kinds[] = {mail_kind::confirmation,    mail_kind::waitlisted,        mail_kind::promoted,
                               mail_kind::session_changed, mail_kind::session_cancelled, mail_kind::reminder,
                               mail_kind::waitlist_left};

TEST_CASE("every mail in every language names the person and the session and carries the link", "[mail]") {
  for (const std::string language : {"fr", "nl", "en"}) {
    for (const mail_kind kind : all_kinds) {
      INFO(language << " kind " << static_cast<int>(kind));
      const mail_fields f = fields_in(language);
      const mail_message m = compose(kind, f);
      CHECK(m.to.empty());
      CHECK(m.subject.find("Intervision ZTG") != std::string::npos);
      CHECK(m.text.find("Zoë Vandenberghe") != std::string::npos);
      CHECK(m.text.find("Intervision ZTG") != std::string::npos);
      CHECK(m.text.find(f.personal_link) != std::string::npos);
      CHECK(m.text.find(f.deletion_date) != std::string::npos);
      CHECK(m.text.find(f.session_when) != std::string::npos);
      const bool to_confirmed = kind == mail_kind::confirmation || kind == mail_kind::promoted ||
                                kind == mail_kind::reminder || kind == mail_kind::session_changed;
      CHECK((m.text.find(f.place) != std::string::npos) == to_confirmed);
    }
  }
}

TEST_CASE("the confirmation reads naturally in each language", "[mail]") {
  const mail_message fr = compose(mail_kind::confirmation, fields_in("fr"));
  const mail_message nl = compose(mail_kind::confirmation, fields_in("nl"));
  const mail_message en = compose(mail_kind::confirmation, fields_in("en"));
  CHECK(fr.subject != nl.subject);
  CHECK(nl.subject != en.subject);
  CHECK(fr.text != en.text);
  CHECK(fr.text.find("Bonjour Zoë Vandenberghe,") == 0);
  CHECK(nl.text.find("Beste Zoë Vandenberghe,") == 0);
  CHECK(en.text.find("Dear Zoë Vandenberghe,") == 0);
  CHECK(fr.text.find("mardi 8 décembre 2026, 09:30–12:30") != std::string::npos);
  CHECK(fr.text.find("Vos données seront supprimées le 31 août 2027, à la fin du cycle annuel.") != std::string::npos);
  CHECK(nl.text.find("Uw gegevens worden op 31 augustus 2027 gewist, aan het einde van de jaarcyclus.") !=
        std::string::npos);
  CHECK(en.text.find("Your data will be deleted on 31 August 2027, at the end of the annual cycle.") !=
        std::string::npos);
  CHECK(en.text.find("see your registration, cancel it, download your data or erase it") != std::string::npos);
  CHECK(fr.text.find("consulter votre inscription, de l'annuler, de télécharger vos données ou de les effacer") !=
        std::string::npos);
  CHECK(nl.text.find("bekijken of annuleren, en uw gegevens downloaden of laten wissen") != std::string::npos);
  // An unknown language falls back to English.
  CHECK(compose(mail_kind::confirmation, fields_in("de")).subject.rfind("Registration confirmed", 0) == 0);
}

TEST_CASE("waiting-list and promotion mails say what happened", "[mail]") {
  auto f = fields_in("en");
  CHECK(compose(mail_kind::waitlisted, f).text.find("in position 3") != std::string::npos);
  f.language = "fr";
  CHECK(compose(mail_kind::waitlisted, f).text.find("en position 3") != std::string::npos);
  f.language = "nl";
  CHECK(compose(mail_kind::waitlisted, f).text.find("op plaats 3") != std::string::npos);
  f.waitlist_position = 0;
  CHECK(compose(mail_kind::waitlisted, f).text.find("op plaats") == std::string::npos);
  f.language = "en";
  CHECK(compose(mail_kind::promoted, f).text.find("a seat has freed up") != std::string::npos);
  CHECK(compose(mail_kind::promoted, f).text.find("now confirmed") != std::string::npos);
  CHECK(compose(mail_kind::session_cancelled, f).text.find("has been cancelled") != std::string::npos);
  CHECK(compose(mail_kind::session_changed, f).text.find("has changed") != std::string::npos);
  CHECK(compose(mail_kind::reminder, f).subject.rfind("Reminder", 0) == 0);
}

TEST_CASE("a line break in a title does not reach the subject", "[mail]") {
  auto f = fields_in("en");
  f.session_title = "Title\r\nBcc: x@evil.example";
  const mail_message m = compose(mail_kind::confirmation, f);
  CHECK(m.subject.find('\n') == std::string::npos);
  CHECK(m.subject.find('\r') == std::string::npos);
}

TEST_CASE("format_when writes Brussels local time on both sides of a clock change", "[mail]") {
  // Summer time (CEST, UTC+2) ends on Sunday 25 October 2026.
  CHECK(format_when(utc(2026, 10, 24, 7, 30), utc(2026, 10, 24, 10, 30), "fr") == "samedi 24 octobre 2026, 09:30–12:30");
  CHECK(format_when(utc(2026, 10, 26, 8, 30), utc(2026, 10, 26, 11, 30), "nl") ==
        "maandag 26 oktober 2026, 09:30–12:30");
  CHECK(format_when(utc(2026, 12, 8, 8, 30), utc(2026, 12, 8, 11, 30), "en") == "Tuesday, 8 December 2026, 09:30–12:30");
  CHECK(format_when(utc(2026, 12, 8, 8, 30), utc(2026, 12, 8, 11, 30), "fr") == "mardi 8 décembre 2026, 09:30–12:30");
  CHECK(format_when(utc(2026, 12, 8, 8, 30), utc(2026, 12, 8, 11, 30), "nl") == "dinsdag 8 december 2026, 09:30–12:30");
  // Summer time starts on Sunday 29 March 2026: 09:30 local is 07:30 UTC again.
  CHECK(format_when(utc(2026, 3, 28, 8, 30), utc(2026, 3, 28, 9, 0), "en") == "Saturday, 28 March 2026, 09:30–10:00");
  CHECK(format_when(utc(2026, 3, 29, 7, 30), utc(2026, 3, 29, 8, 0), "en") == "Sunday, 29 March 2026, 09:30–10:00");
  // Over midnight (local): both days are written.
  CHECK(format_when(utc(2026, 12, 8, 21, 0), utc(2026, 12, 9, 0, 0), "en") ==
        "Tuesday, 8 December 2026, 22:00 – Wednesday, 9 December 2026, 01:00");
}

TEST_CASE("format_day spells the day in each language", "[mail]") {
  CHECK(format_day(date::year{2027} / 8 / 31, "fr") == "31 août 2027");
  CHECK(format_day(date::year{2027} / 8 / 31, "nl") == "31 augustus 2027");
  CHECK(format_day(date::year{2027} / 8 / 31, "en") == "31 August 2027");
  // ICU (as the browser's Intl) writes the first of the month as a plain number.
  CHECK(format_day(date::year{2026} / 9 / 1, "fr") == "1 septembre 2026");
  CHECK(format_day(date::year{2026} / 2 / 1, "nl") == "1 februari 2026");
}

TEST_CASE("the directory transport writes one parseable .eml per message", "[mail]") {
  temp_folder tmp;
  const fs::path folder = tmp.path / "outbox";
  auto transport = make_directory_transport(folder);
  mail_message m = compose(mail_kind::confirmation, fields_in("fr"));
  m.to = "zoe.vandenberghe@example.org";
  m.attachments.push_back({"intervision.ics", "", ics});
  const std::string mime = render_mime(m, "noreply@pat.example", "one@pat.example", utc(2026, 11, 22, 9));
  REQUIRE(transport->send("noreply@pat.example", m.to, mime).is_ok());
  REQUIRE(transport->send("noreply@pat.example", m.to, mime).is_ok());
  const auto files = files_in(folder);
  REQUIRE(files.size() == 2);
  CHECK(files[0].filename() != files[1].filename());
  for (const auto& file : files) {
    CHECK(file.extension() == ".eml");
    CHECK(file.filename().string().find("zoe") == std::string::npos);
    CHECK(file.filename().string().find("example") == std::string::npos);
    CHECK(read_file(file) == mime);
    const parsed_mail p = parse_mail(read_file(file));
    CHECK(p.header("To") == "zoe.vandenberghe@example.org");
    CHECK(decode_encoded_words(p.header("Subject")) == m.subject);
    CHECK(base64_decode(parts_of(p)[1].body) == ics);
  }
}

TEST_CASE("the directory transport reports a folder it cannot create as temporary", "[mail]") {
  temp_folder tmp;
  std::ofstream(tmp.path / "file") << "x";
  auto transport = make_directory_transport(tmp.path / "file" / "outbox");
  const status s = transport->send("n@pat.example", "a@example.org", "Subject: x\r\n\r\nx\r\n");
  CHECK_FALSE(s.is_ok());
  CHECK(s.message().rfind("temporary: ", 0) == 0);
  CHECK_FALSE(is_permanent_failure(s));
}

TEST_CASE("next_attempt_after doubles from 30 seconds up to an hour", "[mail]") {
  const sys_seconds t0 = utc(2026, 11, 22, 9);
  CHECK(next_attempt_after(t0, 1) - t0 == 30s);
  CHECK(next_attempt_after(t0, 2) - t0 == 60s);
  CHECK(next_attempt_after(t0, 3) - t0 == 120s);
  CHECK(next_attempt_after(t0, 7) - t0 == 1920s);
  CHECK(next_attempt_after(t0, 8) - t0 == 3600s);
  CHECK(next_attempt_after(t0, 1000000) - t0 == 3600s);
  CHECK(next_attempt_after(t0, 0) - t0 == 30s);
}

// An in-memory outbox that honours next_attempt, as the database one must.
class memory_outbox final : public outbox_store {
 public:
  enum class state { queued, sent, failed };
  struct row {
    outbox_item item;
    sys_seconds next;
    state st = state::queued;
  };

  void add(std::int64_t id, std::string recipient, std::string mime, sys_seconds now) {
    rows.push_back({outbox_item{id, std::move(recipient), std::move(mime), 0}, now, state::queued});
  }
  std::vector<outbox_item> due(sys_seconds now, std::size_t limit) override {
    std::vector<outbox_item> out;
    for (const auto& r : rows) {
      if (r.st == state::queued && r.next <= now && out.size() < limit) out.push_back(r.item);
    }
    return out;
  }
  void mark_sent(std::int64_t id, sys_seconds when) override {
    find(id).st = state::sent;
    events.push_back("sent " + std::to_string(id));
    sent_at = when;
  }
  void mark_retry(std::int64_t id, int attempts, sys_seconds next_attempt) override {
    row& r = find(id);
    r.item.attempts = attempts;
    r.next = next_attempt;
    events.push_back("retry " + std::to_string(id) + " " + std::to_string(attempts));
  }
  void mark_failed(std::int64_t id, int attempts) override {
    row& r = find(id);
    r.item.attempts = attempts;
    r.st = state::failed;
    events.push_back("failed " + std::to_string(id) + " " + std::to_string(attempts));
  }
  bool claim(std::int64_t id, sys_seconds) override {
    claims.push_back(id);
    return find(id).st == state::queued;
  }
  void mark_uncertain(std::int64_t id, int attempts) override {
    row& r = find(id);
    r.item.attempts = attempts;
    r.st = state::failed;
    events.push_back("uncertain " + std::to_string(id) + " " + std::to_string(attempts));
  }
  row& find(std::int64_t id) {
    for (auto& r : rows) {
      if (r.item.id == id) return r;
    }
    throw std::logic_error("no such outbox row");
  }

  std::vector<row> rows;
  std::vector<std::string> events;
  std::vector<std::int64_t> claims;  // rows marked as handed over, in order
  sys_seconds sent_at{};
};

// Answers from a script; remembers what it was asked.
class scripted_transport final : public mail_transport {
 public:
  std::vector<status> answers;
  std::vector<std::string> recipients;
  bool throw_next = false;
  status send(const std::string&, const std::string& to, const std::string&) override {
    recipients.push_back(to);
    if (throw_next) {
      throw_next = false;
      throw std::runtime_error("boom");
    }
    if (answers.empty()) return status::ok();
    status s = answers.front();
    answers.erase(answers.begin());
    return s;
  }
};

TEST_CASE("each row is claimed before the hand-off; an uncertain answer is never sent again", "[mail]") {
  fake_clock clk(utc(2026, 11, 22, 9));
  memory_outbox store;
  scripted_transport transport;
  store.add(1, "a@example.org", "m1", clk.now());
  transport.answers = {uncertain_failure("no answer after DATA")};
  outbox_sender sender(store, transport, clk, "noreply@pat.example");
  CHECK(sender.run_once() == 0);
  CHECK(store.claims == std::vector<std::int64_t>{1});
  CHECK(store.events == std::vector<std::string>{"uncertain 1 1"});
  clk.advance(std::chrono::hours(2));
  CHECK(sender.run_once() == 0);
  CHECK(transport.recipients.size() == 1);
}

TEST_CASE("the sender stops between messages when asked; the rest stays queued", "[mail]") {
  fake_clock clk(utc(2026, 11, 22, 9));
  memory_outbox store;
  scripted_transport transport;
  for (int i = 1; i <= 5; ++i) store.add(i, "a@example.org", "m", clk.now());
  outbox_sender sender(store, transport, clk, "noreply@pat.example");
  int asked = 0;
  CHECK(sender.run_once([&] { return ++asked <= 2; }) == 2);
  CHECK(store.due(clk.now(), 10).size() == 3);
}

TEST_CASE("the sender gives up at once on a permanent failure", "[mail]") {
  fake_clock clk(utc(2026, 11, 22, 9));
  memory_outbox store;
  scripted_transport transport;
  store.add(1, "a@example.org", "m1", clk.now());
  store.add(2, "b@example.org", "m2", clk.now());
  transport.answers = {permanent_failure("the SMTP server answered 550"), status::ok()};
  outbox_sender sender(store, transport, clk, "noreply@pat.example");
  CHECK(sender.run_once() == 1);
  CHECK(store.events == std::vector<std::string>{"failed 1 1", "sent 2"});
  CHECK(store.sent_at == clk.now());
  CHECK(sender.run_once() == 0);
  CHECK(transport.recipients.size() == 2);
}

TEST_CASE("the sender retries temporary failures with back-off until max_attempts", "[mail]") {
  fake_clock clk(utc(2026, 11, 22, 9));
  memory_outbox store;
  scripted_transport transport;
  store.add(7, "a@example.org", "m", clk.now());
  for (int i = 0; i < 10; ++i) transport.answers.push_back(temporary_failure("the SMTP server answered 451"));
  outbox_sender sender(store, transport, clk, "noreply@pat.example", 4);
  CHECK(sender.run_once() == 0);
  CHECK(store.find(7).next == clk.now() + 30s);
  clk.advance(29s);
  CHECK(sender.run_once() == 0);
  CHECK(transport.recipients.size() == 1);  // not due yet
  clk.advance(1s);
  sender.run_once();
  CHECK(store.find(7).next == clk.now() + 60s);
  clk.advance(60s);
  transport.throw_next = true;  // an exception counts as a temporary failure
  sender.run_once();
  CHECK(store.find(7).next == clk.now() + 120s);
  clk.advance(120s);
  sender.run_once();
  CHECK(store.events == std::vector<std::string>{"retry 7 1", "retry 7 2", "retry 7 3", "failed 7 4"});
  clk.advance(1h);
  sender.run_once();
  CHECK(transport.recipients.size() == 4);
}

// tests/smtp_sink.py as a child process; stopped with SIGTERM when destroyed.
class smtp_sink {
 public:
  smtp_sink(unsigned short port, const fs::path& folder, int fail_first, const std::string& reject_suffix) {
    int out[2];
    REQUIRE(::pipe(out) == 0);
    const std::string script = std::string(INTERVISION_SOURCE_DIR) + "/tests/smtp_sink.py";
    const std::string port_text = std::to_string(port);
    const std::string fail_text = std::to_string(fail_first);
    // Debian's interpreter, where python3-aiosmtpd lives, even when another python3 is first in PATH.
    const std::string python = fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(out[1], 1);
      ::close(out[0]);
      ::close(out[1]);
      ::execlp(python.c_str(), python.c_str(), script.c_str(), "--port", port_text.c_str(), "--dir",
               folder.c_str(), "--fail-first", fail_text.c_str(), "--reject-rcpt-suffix", reject_suffix.c_str(),
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    std::string seen;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (seen.find("ready\n") == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{out[0], POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buf[256];
      const ssize_t n = ::read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      seen.append(buf, static_cast<std::size_t>(n));
    }
    ::close(out[0]);
    ready_ = seen.find("ready\n") != std::string::npos;
  }
  ~smtp_sink() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int st = 0;
      ::waitpid(pid_, &st, 0);
    }
  }
  bool ready() const { return ready_; }

 private:
  pid_t pid_ = -1;
  bool ready_ = false;
};

unsigned short free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

TEST_CASE("a real SMTP conversation: a 451 is retried after the back-off and then delivered", "[mail][smtp]") {
  temp_folder tmp;
  const fs::path received = tmp.path / "received";
  const unsigned short port = free_port();
  smtp_sink sink(port, received, 1, "@rejected.invalid");
  REQUIRE(sink.ready());

  smtp_settings settings;
  settings.port = port;
  settings.security = "none";
  settings.timeout_seconds = 10;
  auto transport = make_smtp_transport(settings);

  fake_clock clk(utc(2026, 11, 22, 9));
  memory_outbox store;
  mail_message m = compose(mail_kind::confirmation, fields_in("en"));
  m.to = "zoe@example.org";
  m.text += ".\n..\n";  // lines that start with dots arrive intact
  m.attachments.push_back({"intervision.ics", "", ics});
  const std::string mime = render_mime(m, "Intervision <noreply@pat.example>", "smtp-1@pat.example", clk.now());
  store.add(1, m.to, mime, clk.now());
  outbox_sender sender(store, *transport, clk, "Intervision <noreply@pat.example>");

  CHECK(sender.run_once() == 0);
  REQUIRE(store.events == std::vector<std::string>{"retry 1 1"});
  CHECK(store.find(1).next == clk.now() + 30s);
  CHECK(files_in(received).empty());

  clk.advance(31s);
  CHECK(sender.run_once() == 1);
  CHECK(store.events == std::vector<std::string>{"retry 1 1", "sent 1"});
  const auto files = files_in(received);
  REQUIRE(files.size() == 1);
  const std::string delivered = read_file(files[0]);
  CHECK(delivered.find("Subject: Registration confirmed: Intervision ZTG\r\n") != std::string::npos);
  CHECK(delivered == mime);
  CHECK(base64_decode(parts_of(parse_mail(delivered))[1].body) == ics);

  // A 5xx to RCPT TO is permanent, and its message does not name the recipient.
  const status rejected = transport->send("noreply@pat.example", "someone@rejected.invalid", mime);
  CHECK(is_permanent_failure(rejected));
  CHECK(rejected.message().find("550") != std::string::npos);
  CHECK(rejected.message().find("someone") == std::string::npos);
  CHECK(rejected.message().find("rejected.invalid") == std::string::npos);
  CHECK(files_in(received).size() == 1);

  // STARTTLS is required when asked for: a server without it gets nothing in clear text.
  settings.security = "starttls";
  const status no_tls = make_smtp_transport(settings)->send("noreply@pat.example", m.to, mime);
  CHECK(no_tls.message().rfind("temporary: ", 0) == 0);
  CHECK(files_in(received).size() == 1);
}

// An SMTP server on a raw socket that takes a whole message and then never gives the final
// reply (the "250 OK" after the message's closing dot): the case where nobody can know whether
// the message went out. Counts the messages it took in full and the connections made.
class silent_after_data_server {
 public:
  silent_after_data_server() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(listener_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(listener_, 8) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
    accepter_ = std::thread([this] { accept_loop(); });
  }
  ~silent_after_data_server() {
    stop_ = true;
    accepter_.join();
    for (auto& t : clients_) t.join();
    ::close(listener_);
  }
  unsigned short port() const { return port_; }
  int messages() const { return messages_.load(); }
  int connections() const { return connections_.load(); }

 private:
  void accept_loop() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      ++connections_;
      clients_.emplace_back([this, fd] { converse(fd); });
    }
  }
  void converse(int fd) {
    auto say = [fd](const char* line) { (void)!::write(fd, line, std::strlen(line)); };
    say("220 silent.test ESMTP\r\n");
    std::string in;
    bool in_data = false, silent = false;
    while (!stop_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char buf[4096];
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n <= 0) break;  // the client gave up and closed
      if (silent) continue;  // takes what comes, answers nothing
      in.append(buf, static_cast<std::size_t>(n));
      for (;;) {
        if (in_data) {
          const auto end = in.find("\r\n.\r\n");
          if (end == std::string::npos) break;
          ++messages_;
          silent = true;  // the whole message is here: no final reply, ever
          break;
        }
        const auto eol = in.find("\r\n");
        if (eol == std::string::npos) break;
        const std::string verb = in.substr(0, std::min<std::size_t>(4, eol));
        in.erase(0, eol + 2);
        if (verb == "EHLO" || verb == "HELO") say("250 silent.test\r\n");
        else if (verb == "MAIL" || verb == "RCPT" || verb == "RSET" || verb == "NOOP") say("250 OK\r\n");
        else if (verb == "DATA") {
          say("354 go on\r\n");
          in_data = true;
          in.insert(0, "\r\n");  // so that a message of no lines still ends with "\r\n.\r\n"
        } else if (verb == "QUIT") {
          say("221 bye\r\n");
          break;
        } else say("502 not here\r\n");
      }
    }
    ::close(fd);
  }

  int listener_ = -1;
  unsigned short port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> messages_{0}, connections_{0};
  std::thread accepter_;
  std::vector<std::thread> clients_;  // only the accepter adds to it; joined after it
};

TEST_CASE("an SMTP server silent after DATA: the mail is given up on, never sent twice, not after the timeout nor after a restart", "[mail][smtp]") {
  silent_after_data_server smtp;
  test::temp_dir dir;
  const std::map<std::string, std::string> env{{"INTERVISION_MAIL_TRANSPORT", "smtp"},
                                               {"INTERVISION_MAIL_HOST", "127.0.0.1"},
                                               {"INTERVISION_MAIL_PORT", std::to_string(smtp.port())},
                                               {"INTERVISION_MAIL_SECURITY", "none"}};
  smtp_settings quick;  // the configured transport, with a 2 s timeout instead of 30 s
  quick.host = "127.0.0.1";
  quick.port = smtp.port();
  quick.security = "none";
  quick.timeout_seconds = 2;
  auto outbox = [](test::test_server& s) {
    return s.app().db().read([](SQLite::Database& db) {
      std::vector<std::string> rows;
      SQLite::Statement q(db, "SELECT status, sent_at IS NOT NULL, length(mime_enc) FROM outbox ORDER BY id");
      while (q.executeStep()) rows.push_back(q.getColumn(0).getString() + " " + std::to_string(q.getColumn(1).getInt()) + " " +
                                             std::to_string(q.getColumn(2).getInt()));
      return rows;
    });
  };
  auto register_one = [](unsigned short port, const std::string& email) {
    auto list = boost::json::parse(test::request(port, "GET", "/api/v1/sessions?series=cross-sector").body).as_array();
    std::int64_t sid = 0;
    for (auto& s : list)
      if (s.at("registration_open").as_bool()) sid = s.at("id").as_int64();
    REQUIRE(sid > 0);
    auto r = test::request(port, "POST", "/api/v1/sessions/" + std::to_string(sid) + "/registrations",
                           R"({"name": "Zoë Martin", "email": ")" + email +
                               R"(", "organisation": "Smes", "sector": "poverty", "role": "peer_helper", "language": "fr", "consent": true})");
    REQUIRE(r.status == 201);
  };
  {
    std::optional<test::test_server> running(std::in_place, test::test_config(dir.path, env));
    auto& server = *running;
    server.app().use_mail_transport(make_smtp_transport(quick));
    register_one(server.port(), "zoe@example.org");
    auto queued = outbox(server);
    REQUIRE(queued.size() == 1);
    CHECK(queued[0].rfind("queued 0 ", 0) == 0);
    CHECK(queued[0] != "queued 0 0");  // the sealed message is there
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(server.app().send_mail() == 0);  // no answer: not counted as sent
    const auto waited = std::chrono::steady_clock::now() - t0;
    CHECK(waited >= 1500ms);  // it did wait for the final reply, up to the timeout
    CHECK(smtp.messages() == 1);
    // Handed over, no answer: given up on (failed) and its sealed message wiped, not retried.
    auto rows = outbox(server);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0] == "failed 1 0");
    // Past every retry delay, the sender and the background round send nothing again.
    server.clk().advance(std::chrono::hours(3));
    CHECK(server.app().send_mail() == 0);
    server.app().background_round();
    CHECK(smtp.messages() == 1);
    CHECK(smtp.connections() == 1);

    // A second mail, its row left as a process killed while waiting for the reply leaves it:
    // claimed (handed over), still queued.
    register_one(server.port(), "yann@example.org");
    rows = outbox(server);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].rfind("queued 0 ", 0) == 0);
    auto id = server.app().db().read([](SQLite::Database& db) { return db.execAndGet("SELECT max(id) FROM outbox").getInt64(); });
    CHECK(server.app().db().write([&](SQLite::Database& db) { return outbox_claim(db, id, 0); }));
    // Stopping does not wait on the silent server (libcurl's QUIT on a kept connection waited
    // 120 s for its answer, past systemd's stop timeout).
    const auto stopping = std::chrono::steady_clock::now();
    running.reset();
    CHECK(std::chrono::steady_clock::now() - stopping < 10s);
  }
  {
    // The restart (its start runs a mail round with the configured transport) sends neither.
    test::test_server again(test::test_config(dir.path, env));
    again.app().use_mail_transport(make_smtp_transport(quick));
    CHECK(again.app().send_mail() == 0);
    again.clk().advance(std::chrono::hours(3));
    again.app().background_round();
    CHECK(smtp.messages() == 1);
    CHECK(smtp.connections() == 1);
    auto rows = outbox(again);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0] == "failed 1 0");
    CHECK(rows[1] == "failed 1 0");
  }
}

TEST_CASE("an SMTP server that cannot be reached is a temporary failure", "[mail][smtp]") {
  smtp_settings settings;
  settings.port = free_port();  // nobody listens there
  settings.security = "none";
  settings.timeout_seconds = 5;
  auto transport = make_smtp_transport(settings);
  const status s = transport->send("noreply@pat.example", "zoe@example.org", "Subject: x\r\n\r\nx\r\n");
  CHECK_FALSE(s.is_ok());
  CHECK(s.code() == status_code::internal);
  CHECK(s.message().rfind("temporary: ", 0) == 0);
  CHECK(s.message().find("zoe") == std::string::npos);

  settings.security = "starttls-please";
  CHECK(is_permanent_failure(make_smtp_transport(settings)->send("a@pat.example", "b@example.org", "x\r\n")));
  CHECK(is_permanent_failure(make_smtp_transport(smtp_settings{})->send("a@pat.example", "b c@example.org", "x\r\n")));
}

}  // namespace
}  // namespace intervision
