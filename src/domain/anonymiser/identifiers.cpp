// Structured identifiers over bytes: national numbers, phone numbers, IBANs, and their checksums.
#include "intervision/domain/anonymiser/detail.h"

#include <array>

namespace intervision::anonymiser {

int mod97(std::string_view digits) {
  int r = 0;
  for (char c : digits) r = (r * 10 + (c - '0')) % 97;
  return r;
}

// ---------------------------------------------------------------- scanners over bytes

bool word_char_at(std::string_view s, std::size_t i) {
  if (i >= s.size()) return false;
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c >= 0x80) return true;
  return is_ascii_alnum(static_cast<char>(c));
}
bool word_char_before(std::string_view s, std::size_t i) {
  if (i == 0) return false;
  std::size_t k = i - 1;
  while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
  auto cp = decode_at(s, k);
  return is_letter_cp(cp.value) || (cp.value < 0x80 && is_ascii_digit(static_cast<char>(cp.value)));
}

digit_run scan_digit_groups(std::string_view s, std::size_t i, std::string_view seps, bool allow_zero_paren) {
  digit_run run;
  while (i < s.size()) {
    if (allow_zero_paren && s.compare(i, 3, "(0)") == 0) {
      i += 3;
      if (i < s.size() && s[i] == ' ') ++i;
      continue;
    }
    if (!is_ascii_digit(s[i])) break;
    while (i < s.size() && is_ascii_digit(s[i])) run.digits += s[i++];
    digit_run::cut c{i, run.digits.size(), 0};
    if (i + 1 < s.size() && seps.find(s[i]) != std::string_view::npos &&
        (is_ascii_digit(s[i + 1]) || (allow_zero_paren && s.compare(i + 1, 3, "(0)") == 0))) {
      c.next_sep = s[i];
      run.cuts.push_back(c);
      ++i;
      continue;
    }
    run.cuts.push_back(c);
    break;
  }
  return run;
}

void find_national_numbers(std::string_view s, std::vector<candidate>& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!is_ascii_digit(s[i]) || word_char_before(s, i)) continue;
    if (i > 0 && (s[i - 1] == '.' || s[i - 1] == '-' || s[i - 1] == '/') && i > 1 && is_ascii_digit(s[i - 2])) continue;
    auto run = scan_digit_groups(s, i, ".- ", false);
    for (const auto& c : run.cuts) {
      if (c.count > 11) break;
      if (c.count != 11) continue;
      if (c.next_sep == '.' || c.next_sep == '-') break;  // part of a longer dotted number
      if (word_char_at(s, c.end)) break;
      std::string_view d(run.digits.data(), 11);
      if (is_valid_national_number(d)) out.push_back({i, c.end, p_national});
      break;
    }
    // skip past this run's first group to avoid rescanning inside it
    while (i + 1 < s.size() && is_ascii_digit(s[i + 1])) ++i;
  }
}

bool valid_phone_digits(std::string_view d, bool international) {
  auto n = d.size();
  if (international) {
    if (d.size() >= 2 && d.substr(0, 2) == "32") return n == 10 || n == 11;
    if (d.size() >= 2 && (d.substr(0, 2) == "33" || d.substr(0, 2) == "31")) return n == 11;
    if (d.size() >= 2 && d.substr(0, 2) == "44") return n == 11 || n == 12;
    if (d.size() >= 3 && d.substr(0, 3) == "352") return n >= 9 && n <= 12;
    return n >= 9 && n <= 13;
  }
  // "0800 12 345", "0900-1234": free and paid service numbers are shorter
  if (n == 8 && (d.substr(0, 3) == "080" || d.substr(0, 3) == "090")) return true;
  return n == 9 || n == 10;
}

std::string letter_o_as_zero(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] != 'O') continue;
    bool digit_after = i + 1 < out.size() && is_ascii_digit(out[i + 1]);
    bool digit_before = i > 0 && is_ascii_digit(out[i - 1]);
    bool open_before = i == 0 || out[i - 1] == '.' || out[i - 1] == ' ' || out[i - 1] == '-' || digit_before;
    bool open_after = i + 1 >= out.size() || out[i + 1] == '.' || out[i + 1] == ' ' || digit_after;
    if ((digit_after && open_before) || (digit_before && open_after)) out[i] = '0';
  }
  return out;
}

void find_phones(std::string_view text, std::vector<candidate>& out) {
  // "01.42.16.10.O2": a letter O typed for a zero; same length, so the offsets hold
  const std::string normalised = letter_o_as_zero(text);
  std::string_view s = normalised;
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool plus = s[i] == '+' && i + 1 < s.size() && is_ascii_digit(s[i + 1]);
    bool zero = s[i] == '0';
    if (!plus && !zero) continue;
    if (word_char_before(s, i)) continue;
    if (i > 0 && (s[i - 1] == '.' || s[i - 1] == '/' || s[i - 1] == ',' || s[i - 1] == '-') && i > 1 &&
        is_ascii_digit(s[i - 2]))
      continue;
    std::size_t from = plus ? i + 1 : i;
    auto run = scan_digit_groups(s, from, " ./-", true);
    if (run.cuts.empty()) continue;
    // "01/02/2024": a date, not a phone.
    if (run.cuts.size() >= 3 && run.cuts[0].count <= 2 && run.cuts[1].count - run.cuts[0].count <= 2 &&
        run.cuts[2].count - run.cuts[1].count == 4 && run.cuts[0].next_sep != ' ' &&
        run.cuts[0].next_sep == run.cuts[1].next_sep)
      continue;
    bool international = plus;
    std::string_view digits = run.digits;
    std::size_t skip = 0;
    if (!plus && digits.size() >= 2 && digits[1] == '0') {
      international = true;
      skip = 2;
    }
    std::size_t best = npos;
    for (std::size_t k = run.cuts.size(); k-- > 0;) {
      const auto& c = run.cuts[k];
      // "01 56 83 34 26ilig": five pairs make a whole French number even when a word is typed against it
      bool five_pairs = k == 4 && c.count == 10 && !plus;
      for (std::size_t m = 0; m <= k && five_pairs; ++m)
        five_pairs = run.cuts[m].count == 2 * (m + 1) && (m == k || run.cuts[m].next_sep == ' ');
      if (word_char_at(s, c.end) && !(five_pairs && is_ascii_alpha(s[c.end]))) continue;
      // Cut only where a space separates groups, never inside a dotted or dashed number.
      if (c.next_sep != 0 && c.next_sep != ' ') continue;
      if (c.count <= skip) break;
      bool spaced_only = true;
      for (std::size_t m = 0; m < k; ++m) spaced_only = spaced_only && run.cuts[m].next_sep == ' ';
      // "+32 2 555 12 12" has one group of a single digit; "0 3 341 0 2 381" is not a phone.
      std::size_t singles = 0;
      for (std::size_t m = 0; m <= k; ++m) singles += (run.cuts[m].count - (m ? run.cuts[m - 1].count : 0)) == 1;
      // unless read out digit by digit, with spaces only ("0.5 1 1.5 2" is a scale)
      if (singles > 1 && (singles <= k || !spaced_only || digits.find_first_not_of(digits[0]) >= c.count)) continue;
      // UK forms ("07700 900123", "020 7946 0958"): eleven digits, groups of three or more
      bool uk = !international && c.count == 11 && spaced_only && k > 0 && run.cuts[0].count >= 3;
      if (uk || valid_phone_digits(digits.substr(skip, c.count - skip), international)) {
        best = c.end;
        break;
      }
    }
    // "088-75 555555": a national number with one digit too many is still a phone typed wrong, when it
    // is written as one: an area code, two to four groups of two digits or more, eleven digits
    if (best == npos && !plus && digits.size() == 11 && digits[1] != '0' && run.cuts.size() >= 2 &&
        run.cuts.size() <= 4 && !word_char_at(s, run.cuts.back().end) && run.cuts[0].count >= 2 &&
        run.cuts[0].count <= 4 && !looks_like_date_or_amount(s, run, i)) {
      bool groups = true;
      for (std::size_t m = 1; m < run.cuts.size(); ++m) groups = groups && run.cuts[m].count - run.cuts[m - 1].count >= 2;
      if (groups) best = run.cuts.back().end;
    }
    if (best != npos) {
      out.push_back({i, best, p_phone});
      i = best - 1;
    } else {
      while (i + 1 < s.size() && is_ascii_digit(s[i + 1])) ++i;
    }
  }
}

namespace {

// An area or country code before the number: "(02) ", "(0517)", "(06)-", "(33) ", "030 - ".
// Returns the position after it (and its digits), or npos.
std::size_t phone_prefix(std::string_view s, std::size_t i, std::string& digits, bool& international) {
  std::size_t j = i;
  bool paren = s[j] == '(';
  if (paren) ++j;
  std::size_t d0 = j;
  while (j < s.size() && is_ascii_digit(s[j]) && j - d0 < 4) ++j;
  std::size_t n = j - d0;
  if (n < 2 || (j < s.size() && is_ascii_digit(s[j]))) return npos;
  digits.assign(s.substr(d0, n));
  international = s[d0] != '0';
  if (paren) {
    if (j >= s.size() || s[j] != ')') return npos;
    ++j;
    if (international && (n > 3 || j >= s.size() || s[j] != ' ')) return npos;
    if (j < s.size() && (s[j] == ' ' || s[j] == '-')) ++j;
  } else {
    if (international || s.compare(j, 3, " - ") != 0) return npos;  // "030 - 5555 555"
    j += 3;
  }
  return j < s.size() && is_ascii_digit(s[j]) ? j : npos;
}

}  // namespace

void find_prefixed_phones(std::string_view s, std::vector<candidate>& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((s[i] != '(' && s[i] != '0') || word_char_before(s, i)) continue;
    if (s[i] == '0' && i > 0 && is_ascii_digit(s[i - 1])) continue;
    std::string prefix;
    bool international = false;
    std::size_t from = phone_prefix(s, i, prefix, international);
    if (from == npos) continue;
    auto run = scan_digit_groups(s, from, " .-", false);
    for (std::size_t k = run.cuts.size(); k-- > 0;) {
      const auto& c = run.cuts[k];
      if (word_char_at(s, c.end) || (c.next_sep != 0 && c.next_sep != ' ')) continue;
      std::size_t total = prefix.size() + c.count;
      bool ok = international ? (c.count >= 8 && c.count <= 10) : (total >= 8 && total <= 11);
      if (!ok) continue;
      out.push_back({i, c.end, p_phone});
      i = c.end - 1;
      break;
    }
  }
  find_north_american_phones(s, out);
}

// North American numbers: "(205) 136-2648", "(205)-136-2648", "205-136-2648", with an extension of
// one to four digits after a space ("(205)-136-2648 02 (..."). The area code opens with 2 to 9.
void find_north_american_phones(std::string_view s, std::vector<candidate>& out) {
  auto digits_at = [&](std::size_t i, std::size_t n) {
    if (i + n > s.size()) return false;
    for (std::size_t k = i; k < i + n; ++k)
      if (!is_ascii_digit(s[k])) return false;
    return true;
  };
  for (std::size_t i = 0; i + 12 <= s.size(); ++i) {
    if (word_char_before(s, i) || (i > 0 && (s[i - 1] == '-' || s[i - 1] == '/' || s[i - 1] == '.'))) continue;
    std::size_t j = i;
    bool paren = s[j] == '(';
    if (paren) ++j;
    if (!digits_at(j, 3) || s[j] < '2') continue;
    j += 3;
    if (paren) {
      if (j >= s.size() || s[j] != ')') continue;
      ++j;
      if (j < s.size() && (s[j] == ' ' || s[j] == '-')) ++j;
    } else {
      if (j >= s.size() || s[j] != '-') continue;
      ++j;
    }
    if (!digits_at(j, 3)) continue;
    j += 3;
    if (j >= s.size() || (s[j] != '-' && s[j] != '.' && s[j] != ' ')) continue;
    ++j;
    if (!digits_at(j, 4) || word_char_at(s, j + 4)) continue;
    j += 4;
    // the extension: one to four digits after one space, then no more figures
    std::size_t e = j + 1;
    while (e < s.size() && e < j + 6 && is_ascii_digit(s[e])) ++e;
    if (j < s.size() && s[j] == ' ' && e > j + 1 && e <= j + 5 && !word_char_at(s, e) &&
        !(e < s.size() && (s[e] == '/' || s[e] == ':' || s[e] == '.' || s[e] == ',') && e + 1 < s.size() &&
          is_ascii_digit(s[e + 1])))
      j = e;
    out.push_back({i, j, p_phone});
    i = j - 1;
  }
}

void note_scanner::find_cued_phones(std::vector<candidate>& out) const {
  static const word_set cues = make_set(
      "tel telephone telefoon telefoonnummer phone gsm portable mobile mobiel fax joignable joignables "
      "bereikbaar poste ext extension toestel intern interne bip bel bellen call appeler appelez");
  static const word_set fillers = make_set("au op on at le nr n numero nummer number via sur");
  for (std::size_t i = 0; i < t_.size(); ++i) {
    if (!t_[i].is_word() || !cues.count(t_[i].fold)) continue;
    std::size_t j = i + 1;
    for (int skip = 0; skip < 3 && j < t_.size() && joined(j); ++skip) {
      const token& f = t_[j];
      bool filler = (f.is_word() && fillers.count(f.fold)) || f.is_punct(".") || f.is_punct(":") || f.is_punct("°");
      if (!filler) break;
      ++j;
    }
    if (j >= t_.size() || !joined(j) || !t_[j].is_number()) continue;
    std::size_t k = j, digits = t_[j].fold.size();
    // groups joined by one space or one dot
    while (k + 2 < t_.size() + 1 && at(k + 1) && joined(k + 1) && t_[k + 1].is_number() && !attached(k + 1) &&
           digits + t_[k + 1].fold.size() <= 10) {
      digits += t_[k + 1].fold.size();
      ++k;
    }
    while (punct_is(k + 1, ".") && attached(k + 1) && at(k + 2) && t_[k + 2].is_number() && attached(k + 2)) {
      digits += t_[k + 2].fold.size();
      k += 2;
    }
    if (digits < 4 || digits > 8) continue;
    if (at(k + 1) && attached(k + 1) && (t_[k + 1].is_word() || t_[k + 1].is_punct(":") || t_[k + 1].is_punct("/")))
      continue;  // "12h", "10:30", "3/4"
    out.push_back({t_[j].start, t_[k].end, p_phone});
    i = k;
  }
}

void find_ibans(std::string_view s, std::vector<candidate>& out) {
  for (std::size_t i = 0; i + 4 < s.size(); ++i) {
    if (!is_ascii_alpha(s[i]) || !is_ascii_alpha(s[i + 1]) || !is_ascii_digit(s[i + 2]) || !is_ascii_digit(s[i + 3]))
      continue;
    if (word_char_before(s, i)) continue;
    std::string compact;
    std::vector<std::pair<std::size_t, std::size_t>> ends;  // (byte end, compact length)
    std::size_t j = i;
    while (j < s.size() && compact.size() < 40) {
      if (is_ascii_alnum(s[j])) {
        compact += ascii_upper(s[j++]);
        if (j >= s.size() || !is_ascii_alnum(s[j])) ends.emplace_back(j, compact.size());
      } else if (s[j] == ' ' && j + 1 < s.size() && is_ascii_alnum(s[j + 1]) && !compact.empty()) {
        ++j;
      } else {
        break;
      }
    }
    for (std::size_t k = ends.size(); k-- > 0;) {
      auto [end, len] = ends[k];
      if (word_char_at(s, end)) continue;
      if (len < 15 || len > 34) continue;
      if (is_valid_iban(std::string_view(compact).substr(0, len))) {
        out.push_back({i, end, p_iban});
        i = end - 1;
        break;
      }
    }
  }
}

}  // namespace intervision::anonymiser

namespace intervision {

using namespace anonymiser;

bool is_valid_national_number(std::string_view digits) {
  if (digits.size() != 11) return false;
  for (char c : digits)
    if (!is_ascii_digit(c)) return false;
  // The first six digits are a birth date; month may be 0 (unknown) or raised by 20/40 (bis numbers).
  int month = (digits[2] - '0') * 10 + (digits[3] - '0');
  int day = (digits[4] - '0') * 10 + (digits[5] - '0');
  int m = month % 20;
  if (m > 12 || day > 31) return false;
  int check = (digits[9] - '0') * 10 + (digits[10] - '0');
  std::string body(digits.substr(0, 9));
  if (97 - mod97(body) == check) return true;
  return 97 - mod97("2" + body) == check;
}

bool is_valid_iban(std::string_view compact) {
  if (compact.size() < 15 || compact.size() > 34) return false;
  if (!is_ascii_alpha(compact[0]) || !is_ascii_alpha(compact[1]) || !is_ascii_digit(compact[2]) ||
      !is_ascii_digit(compact[3]))
    return false;
  std::string code(compact.substr(0, 2));
  code[0] = ascii_upper(code[0]);
  code[1] = ascii_upper(code[1]);
  struct length {
    const char* country;
    std::size_t len;
  };
  static constexpr std::array<length, 16> lengths = {{{"BE", 16}, {"NL", 18}, {"FR", 27}, {"DE", 22}, {"LU", 20},
                                                      {"GB", 22}, {"ES", 24}, {"IT", 27}, {"PT", 25}, {"PL", 28},
                                                      {"RO", 24}, {"TR", 26}, {"MA", 28}, {"CH", 21}, {"AT", 20},
                                                      {"IE", 22}}};
  for (const auto& l : lengths)
    if (code == l.country && compact.size() != l.len) return false;
  int r = 0;
  auto feed = [&](char c) {
    if (is_ascii_digit(c)) {
      r = (r * 10 + (c - '0')) % 97;
    } else if (is_ascii_alpha(c)) {
      int v = ascii_upper(c) - 'A' + 10;
      r = (r * 100 + v) % 97;
    } else {
      r = -1000;
    }
  };
  for (std::size_t i = 4; i < compact.size() && r >= 0; ++i) feed(compact[i]);
  for (std::size_t i = 0; i < 4 && r >= 0; ++i) feed(compact[i]);
  return r == 1;
}

}  // namespace intervision
