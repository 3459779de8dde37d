// Debian's maintained word lists (packages wdutch, wfrench, wbritish: /usr/share/dict/dutch,
// french, british-english), read once, at the first call, into one sorted buffer of folded words.
// They tell an ordinary word ("visser", "pierre", "daarna": listed in lower case) from a word the
// lists only know capitalised (a proper noun: "Janssens", "Duffel") and from a word they do not
// know at all (a rare surname: "Krasniqi", "Jalonnet").
//
// Reading files is I/O in the domain layer: the one exception, on purpose. The lists are data the
// rules need, like the embedded first names, and they are read-only after the first call
// (thread-safe static initialisation). Missing files leave the lists empty: the rules that need
// them then fall back to the hand-kept lists.
#include "intervision/domain/anonymiser/detail.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>

namespace intervision::anonymiser {

namespace {

struct folded_list {
  std::string buffer;                                   // all words, '\n'-separated
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ordinary, proper;  // (offset, length)

  bool contains(const std::vector<std::pair<std::uint32_t, std::uint32_t>>& v, std::string_view w) const {
    auto it = std::lower_bound(v.begin(), v.end(), w, [&](const auto& e, std::string_view x) {
      return std::string_view(buffer).substr(e.first, e.second) < x;
    });
    return it != v.end() && std::string_view(buffer).substr(it->first, it->second) == w;
  }
};

// One word a line, UTF-8. Words with characters other than letters, '-' and '\'' are skipped.
void add_word(std::string_view line, folded_list& l) {
  if (line.empty() || line.size() > 40) return;
  auto first = decode_at(line, 0);
  bool cap = is_upper_cp(first.value);
  auto offset = static_cast<std::uint32_t>(l.buffer.size());
  for (std::size_t i = 0; i < line.size();) {
    unsigned char b = static_cast<unsigned char>(line[i]);
    if (b < 0x80) {
      char c = static_cast<char>(b);
      if (!is_ascii_alpha(c) && c != '-' && c != '\'') break;
      l.buffer += ascii_lower(c);
      ++i;
      continue;
    }
    auto cp = decode_at(line, i);
    if (!is_letter_cp(cp.value)) break;
    append_folded(l.buffer, cp.value);
    i += cp.length;
    if (i == line.size()) break;
  }
  auto length = static_cast<std::uint32_t>(l.buffer.size() - offset);
  // a word cut short by a character it may not hold is dropped
  bool whole = length >= 2;
  if (whole) {
    std::size_t i = 0;
    while (i < line.size()) {
      auto cp = decode_at(line, i);
      if (!(is_letter_cp(cp.value) || cp.value == '-' || cp.value == '\'')) {
        whole = false;
        break;
      }
      i += cp.length;
    }
  }
  if (!whole) {
    l.buffer.resize(offset);
    return;
  }
  (cap ? l.proper : l.ordinary).emplace_back(offset, length);
}

void read_list(const char* path, folded_list& l) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return;
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    add_word(std::string_view(text).substr(pos, nl - pos), l);
    pos = nl + 1;
  }
}

void sort_unique(folded_list& l, std::vector<std::pair<std::uint32_t, std::uint32_t>>& v) {
  std::string_view b = l.buffer;
  auto view = [&](const auto& e) { return b.substr(e.first, e.second); };
  std::sort(v.begin(), v.end(), [&](const auto& x, const auto& y) { return view(x) < view(y); });
  v.erase(std::unique(v.begin(), v.end(), [&](const auto& x, const auto& y) { return view(x) == view(y); }), v.end());
  v.shrink_to_fit();
}

const folded_list& lists() {
  static const folded_list l = [] {
    folded_list r;
    r.buffer.reserve(10'000'000);
    for (const char* p : {"/usr/share/dict/dutch", "/usr/share/dict/french", "/usr/share/dict/british-english"})
      read_list(p, r);
    sort_unique(r, r.ordinary);
    sort_unique(r, r.proper);
    r.buffer.shrink_to_fit();
    return r;
  }();
  return l;
}

}  // namespace

bool is_dictionary_word(std::string_view folded) { return lists().contains(lists().ordinary, folded); }
bool is_dictionary_proper_noun(std::string_view folded) { return lists().contains(lists().proper, folded); }
std::size_t dictionary_size() { return lists().ordinary.size() + lists().proper.size(); }

}  // namespace intervision::anonymiser
