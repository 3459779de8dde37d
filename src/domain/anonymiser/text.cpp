// UTF-8 decoding, character classes and folding (lower case, accents stripped).
#include "intervision/domain/anonymiser/detail.h"

#include <array>

namespace intervision::anonymiser {

// Decodes one UTF-8 sequence. Overlong forms, surrogates and values past U+10FFFF are invalid
// and decode as U+FFFD of one byte: an overlong "9" (C0 B9) must not pass for a digit, or the
// tokenizer would take a branch that cannot consume it.
code_point decode_at(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  auto cont = [&](std::size_t k) { return k < s.size() && (byte(k) & 0xC0) == 0x80; };
  unsigned char b = byte(i);
  if (b < 0x80) return {b, 1};
  if ((b & 0xE0) == 0xC0 && cont(i + 1)) {
    char32_t v = char32_t(((b & 0x1F) << 6) | (byte(i + 1) & 0x3F));
    if (v >= 0x80) return {v, 2};
  } else if ((b & 0xF0) == 0xE0 && cont(i + 1) && cont(i + 2)) {
    char32_t v = char32_t(((b & 0x0F) << 12) | ((byte(i + 1) & 0x3F) << 6) | (byte(i + 2) & 0x3F));
    if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) return {v, 3};
  } else if ((b & 0xF8) == 0xF0 && cont(i + 1) && cont(i + 2) && cont(i + 3)) {
    char32_t v = char32_t(((b & 0x07) << 18) | ((byte(i + 1) & 0x3F) << 12) | ((byte(i + 2) & 0x3F) << 6) | (byte(i + 3) & 0x3F));
    if (v >= 0x10000 && v <= 0x10FFFF) return {v, 4};
  }
  return {0xFFFD, 1};
}

bool is_space_cp(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == 0xA0 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

bool is_letter_cp(char32_t c) {
  if (c < 0x80) return is_ascii_alpha(static_cast<char>(c));
  if (c == 0xAA || c == 0xB5 || c == 0xBA) return true;
  if (c < 0xC0) return false;
  if (c == 0xD7 || c == 0xF7) return false;
  if (c >= 0x2000 && c <= 0x2BFF) return false;  // punctuation, symbols, arrows
  if (c >= 0x3000 && c <= 0x303F) return false;
  if (c >= 0xFE00 && c <= 0xFE6F) return false;
  if (c >= 0xFF00 && c <= 0xFF20) return false;
  if (c >= 0x1F000) return false;  // emoji and pictographs
  if (c == 0xFFFD) return false;
  return true;
}

bool is_upper_cp(char32_t c) {
  if (c < 0x80) return c >= 'A' && c <= 'Z';
  if (c >= 0xC0 && c <= 0xDE) return c != 0xD7;
  if (c >= 0x100 && c <= 0x137) return c % 2 == 0;
  if (c >= 0x139 && c <= 0x148) return c % 2 == 1;
  if (c >= 0x14A && c <= 0x177) return c % 2 == 0;
  if (c == 0x178) return true;
  if (c >= 0x179 && c <= 0x17E) return c % 2 == 1;
  if (c >= 0x391 && c <= 0x3A9) return true;
  if (c >= 0x400 && c <= 0x42F) return true;
  if (c >= 0x1E00 && c <= 0x1EFF) return c % 2 == 0;
  return false;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Lower case without accents, so "Inès", "INES" and "Ines" compare equal.
void append_folded(std::string& out, char32_t c) {
  static constexpr std::array<const char*, 64> latin1 = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y"};
  struct range {
    char32_t from, to;
    const char* base;
  };
  static constexpr std::array<range, 22> extended_a = {{{0x100, 0x105, "a"},  {0x106, 0x10D, "c"},
                                                        {0x10E, 0x111, "d"},  {0x112, 0x11B, "e"},
                                                        {0x11C, 0x123, "g"},  {0x124, 0x127, "h"},
                                                        {0x128, 0x131, "i"},  {0x132, 0x133, "ij"},
                                                        {0x134, 0x135, "j"},  {0x136, 0x138, "k"},
                                                        {0x139, 0x142, "l"},  {0x143, 0x14B, "n"},
                                                        {0x14C, 0x151, "o"},  {0x152, 0x153, "oe"},
                                                        {0x154, 0x159, "r"},  {0x15A, 0x161, "s"},
                                                        {0x162, 0x167, "t"},  {0x168, 0x173, "u"},
                                                        {0x174, 0x175, "w"},  {0x176, 0x178, "y"},
                                                        {0x179, 0x17E, "z"},  {0x17F, 0x17F, "s"}}};
  if (c < 0x80) {
    out += ascii_lower(static_cast<char>(c));
  } else if (c >= 0xC0 && c <= 0xFF) {
    out += latin1[c - 0xC0];
  } else if (c >= 0x100 && c <= 0x17F) {
    for (const auto& r : extended_a)
      if (c >= r.from && c <= r.to) {
        out += r.base;
        break;
      }
  } else if (c >= 0x300 && c <= 0x36F) {
    // combining accent: dropped
  } else {
    append_utf8(out, c);
  }
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace intervision::anonymiser
