// The tokenizer: words (folded), numbers and punctuation, with spacing and sentence starts.
#include "intervision/domain/anonymiser/detail.h"

namespace intervision::anonymiser {

bool is_quote_or_bracket(std::string_view p) {
  return p == "\"" || p == "'" || p == "(" || p == "[" || p == "\u00AB" || p == "\u00BB" || p == "\u201C" ||
         p == "\u201D" || p == "\u2018" || p == "\u2019" || p == "\u2013" || p == "\u2014" || p == "-" ||
         p == "*";
}

std::vector<token> tokenize(std::string_view text) {
  std::vector<token> tokens;
  tokens.reserve(text.size() / 4 + 4);
  bool space = false, newline = false, boundary = true;
  std::size_t i = 0;
  while (i < text.size()) {
    auto cp = decode_at(text, i);
    if (is_space_cp(cp.value)) {
      space = true;
      if (cp.value == '\n') newline = true;
      i += cp.length;
      continue;
    }
    token t;
    t.start = i;
    t.space_before = space;
    t.newline_before = newline;
    if (newline) boundary = true;
    t.sentence_start = boundary;
    if (is_letter_cp(cp.value)) {
      t.kind = token_kind::word;
      t.cap = is_upper_cp(cp.value);
      bool any_lower = false;
      int letters = 0;
      std::size_t j = i;
      while (j < text.size()) {
        auto c = decode_at(text, j);
        if (is_letter_cp(c.value)) {
          ++letters;
          if (!is_upper_cp(c.value) && !(c.value >= 0x300 && c.value <= 0x36F)) any_lower = true;
          append_folded(t.fold, c.value);
          j += c.length;
        } else if (c.value < 0x80 && is_ascii_digit(static_cast<char>(c.value))) {
          t.fold += static_cast<char>(c.value);
          j += 1;
        } else if ((c.value == '-' || c.value == 0x2011) && j + c.length < text.size() &&
                   is_letter_cp(decode_at(text, j + c.length).value)) {
          t.fold += '-';
          j += c.length;
        } else {
          break;
        }
      }
      t.all_caps = letters >= 2 && !any_lower;
      t.end = j;
    } else if (cp.value < 0x80 && is_ascii_digit(static_cast<char>(cp.value))) {
      t.kind = token_kind::number;
      std::size_t j = i;
      while (j < text.size() && is_ascii_digit(text[j])) t.fold += text[j++];
      t.end = j;
    } else {
      t.kind = token_kind::punct;
      t.fold = std::string(text.substr(i, cp.length));
      t.end = i + cp.length;
    }
    if (t.kind == token_kind::punct) {
      if (t.fold == "." || t.fold == "!" || t.fold == "?" || t.fold == "\u2026")
        boundary = true;
      else if (!is_quote_or_bracket(t.fold))
        boundary = false;
    } else {
      boundary = false;
    }
    if (t.end <= t.start) t.end = t.start + 1;  // every token consumes input, whatever the bytes
    i = t.end;
    space = newline = false;
    tokens.push_back(std::move(t));
  }
  return tokens;
}

}  // namespace intervision::anonymiser
