// Record numbers: social-security, patient, eID card, BSN, dossier numbers. Any run of seven or
// more digits, in groups joined by one separator, that is not a phone number (the phone finder
// types those), a date, a range or an amount. National numbers whose check digit is wrong keep
// their type when they have the national number's shape (YY.MM.DD-SSS.CC).
#include "intervision/domain/anonymiser/detail.h"

#include <algorithm>

namespace intervision::anonymiser {

namespace {

std::size_t group_size(const digit_run& run, std::size_t k) {
  return run.cuts[k].count - (k == 0 ? 0 : run.cuts[k - 1].count);
}

bool currency_near(std::string_view s, std::size_t start, std::size_t end) {
  std::size_t b = start;
  while (b > 0 && s[b - 1] == ' ') --b;
  if (b >= 3 && s.substr(b - 3, 3) == "\u20AC") return true;
  if (b >= 1 && s[b - 1] == '$') return true;
  std::size_t e = end;
  if (e < s.size() && s[e] == ',' && e + 1 < s.size() && is_ascii_digit(s[e + 1])) return true;  // 1.250.000,50
  while (e < s.size() && s[e] == ' ') ++e;
  if (s.substr(e, 3) == "\u20AC" || (e < s.size() && s[e] == '$')) return true;
  return ieq_at(s, e, "eur") || ieq_at(s, e, "usd");
}

// The groups [0, n) of run as a date ("18/02/2019", "2019-02-18", "18.02.19").
bool date_shape(const digit_run& run, std::size_t n) {
  if (n != 3 || run.cuts[0].next_sep != run.cuts[1].next_sep || run.cuts[0].next_sep == ' ') return false;
  std::size_t a = group_size(run, 0), b = group_size(run, 1), c = group_size(run, 2);
  return (a <= 2 && b <= 2 && (c == 4 || c == 2)) || (a == 4 && b <= 2 && c <= 2);
}

// "8/12/20000", "20181966-07-24": a date with a slip of the finger in its year is still a date:
// three groups joined by one same separator, the middle one and one other of one or two digits.
bool mistyped_date_shape(const digit_run& run, std::size_t n) {
  if (n != 3 || run.cuts[0].next_sep != run.cuts[1].next_sep || run.cuts[0].next_sep == ' ') return false;
  std::size_t a = group_size(run, 0), b = group_size(run, 1), c = group_size(run, 2);
  return b <= 2 && (a <= 2 || c <= 2);
}

// "2019-2020", "10.30-12.00", "1-3": a range of short numbers.
bool range_shape(const digit_run& run, std::size_t n) {
  bool dash = false;
  std::size_t part = 0;
  for (std::size_t k = 0; k < n; ++k) {
    part += group_size(run, k);
    if (part > 4) return false;
    char sep = k + 1 < n ? run.cuts[k].next_sep : 0;
    if (sep == '-' || sep == '/') {
      dash = true;
      part = 0;
    }
  }
  return dash;
}

// "1.250.000", "12 500 000": thousands.
bool thousands_shape(const digit_run& run, std::size_t n) {
  if (n < 2 || group_size(run, 0) > 3) return false;
  for (std::size_t k = 1; k < n; ++k) {
    if (group_size(run, k) != 3) return false;
    char sep = run.cuts[k - 1].next_sep;
    if (sep != '.' && sep != ' ' && sep != ',') return false;
  }
  return true;
}

bool national_shape(const digit_run& run, std::size_t n) {
  if (n != 5 || run.cuts[n - 1].count != 11) return false;
  static constexpr std::size_t sizes[] = {2, 2, 2, 3, 2};
  for (std::size_t k = 0; k < 5; ++k)
    if (group_size(run, k) != sizes[k]) return false;
  int month = (run.digits[2] - '0') * 10 + (run.digits[3] - '0');
  int day = (run.digits[4] - '0') * 10 + (run.digits[5] - '0');
  return month % 20 <= 12 && day <= 31;
}

// "1 8 5 0 5 7 8", "1 85 05 78 006 084 36": digit groups joined by single spaces only, 7 to 32
// single digits (a number read out, or two of them; a house number after them is not theirs), or
// 9 to 15 digits in three groups or more with at most one single digit. Longer runs are tables.
// Returns how many groups of run make the number, 0 if none.
std::size_t spaced_number(std::string_view s, const digit_run& run) {
  std::size_t n = run.cuts.size();
  if (n < 3) return 0;
  std::size_t singles = 0, leading_singles = 0;
  bool same = true;
  for (std::size_t k = 0; k < n; ++k) {
    if (k + 1 < n && run.cuts[k].next_sep != ' ') return 0;
    bool one = group_size(run, k) == 1;
    singles += one;
    if (one && leading_singles == k) leading_singles = k + 1;
    same = same && run.digits[k] == run.digits[0];
  }
  if (leading_singles >= 7) {
    bool all_same = run.digits.find_first_not_of(run.digits[0]) >= leading_singles;
    return leading_singles <= 32 && !all_same ? leading_singles : 0;
  }
  std::size_t total = run.digits.size();
  if (singles > 1 || total < 9 || total > 15) return 0;  // "1 85 05 ..." opens with one digit
  std::size_t end = run.cuts[n - 1].end;
  if (end < s.size() && (s[end] == ':' || s[end] == 'h')) return 0;  // a time follows
  return n;
}

}  // namespace

bool looks_like_date_or_amount(std::string_view s, const digit_run& run, std::size_t start) {
  std::size_t n = run.cuts.size();
  return date_shape(run, n) || mistyped_date_shape(run, n) || range_shape(run, n) || thousands_shape(run, n) ||
         currency_near(s, start, run.cuts[n - 1].end);
}

void find_record_numbers(std::string_view s, std::vector<candidate>& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!is_ascii_digit(s[i]) || (i > 0 && is_ascii_digit(s[i - 1]))) continue;
    auto run = scan_digit_groups(s, i, " .-/", false);
    // The groups joined without spaces, and the whole run with spaces.
    std::size_t tight = 0;
    while (tight < run.cuts.size() && run.cuts[tight].next_sep != ' ' && run.cuts[tight].next_sep != 0) ++tight;
    tight = std::min(tight + 1, run.cuts.size());
    std::size_t n = spaced_number(s, run);
    if (!n && run.cuts[tight - 1].count >= 7 && run.cuts[tight - 1].count <= 20) n = tight;
    // "0000000", "00 00 00 00 00": a blank form's zeros, no number
    if (n && run.digits.find_first_not_of('0') >= run.cuts[n - 1].count) n = 0;
    std::size_t last = n ? run.cuts[n - 1].end : i;
    if (n) {
      digit_run part = run;
      part.cuts.resize(n);
      if (!looks_like_date_or_amount(s, part, i) && !word_char_at(s, last))
        out.push_back({i, last, national_shape(part, n) ? p_national : p_identifier});
    }
    i = std::max(i + 1, n ? last : run.cuts[0].end) - 1;
  }
}

// "42bg98765", "2003H847569", "IPPN11232344": record numbers with letters in them. A run of letters
// and digits with six digits or more and at most four letters.
void find_alphanumeric_records(std::string_view s, std::vector<candidate>& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!is_ascii_alnum(s[i]) || word_char_before(s, i)) continue;
    std::size_t j = i, digits = 0, letters = 0;
    while (j < s.size() && is_ascii_alnum(s[j])) (is_ascii_digit(s[j++]) ? digits : letters) += 1;
    bool whole = !word_char_at(s, j) && !(j < s.size() && s[j] == '@');
    if (whole && digits >= 6 && letters >= 1 && letters <= 4) {
      // "IPPN11232344": the cue written against the number stays readable
      std::size_t from = i;
      for (std::string_view cue : {"ipp", "nda", "nip"})
        if (j - i >= cue.size() + 6 && ieq_at(s, i, cue)) from = i + cue.size();
      out.push_back({from, j, p_identifier});
    }
    i = j;
  }
}

void note_scanner::find_cued_record_numbers(std::vector<candidate>& out) const {
  static const word_set cues = make_set(
      "ipp nda dossier dossiernummer patientnummer rijksregister niss nss secu bsn insz "
      "rrn matricule");
  static const word_set fillers = make_set("est is n nr no num numero nummer number le du de van :");
  for (std::size_t i = 0; i < t_.size(); ++i) {
    if (!t_[i].is_word() || !cues.count(t_[i].fold)) continue;
    std::size_t j = i + 1;
    for (int k = 0; k < 3 && j < t_.size() && joined(j); ++k) {
      const token& f = t_[j];
      if (!((f.is_word() && fillers.count(f.fold)) || f.is_punct(":") || f.is_punct(".") || f.is_punct("\u00B0"))) break;
      ++j;
    }
    if (j >= t_.size() || !joined(j) || !t_[j].is_number() || t_[j].fold.size() < 4) continue;
    if (int y = number_value(t_[j]); y >= 1900 && y <= 2099) continue;  // "dossier de 2024": a year
    if (t_[j].fold.find_first_not_of('0') == std::string::npos) continue;  // "0000000": none yet
    if (at(j + 1) && attached(j + 1) && !t_[j + 1].is_punct(".") && !t_[j + 1].is_punct(",") &&
        !t_[j + 1].is_punct(")") && !t_[j + 1].is_punct(";"))
      continue;  // "12/03", "10:30", "2024-5"
    out.push_back({t_[j].start, t_[j].end, p_identifier});
    i = j;
  }
}

// Steps over the digit groups joined by single spaces on either side of [start, end).
number_row measure_number_row(std::string_view s, std::size_t start, std::size_t end) {
  std::size_t from = start;
  while (from >= 2 && s[from - 1] == ' ' && is_ascii_digit(s[from - 2])) {
    from -= 1;
    while (from > 0 && is_ascii_digit(s[from - 1])) --from;
  }
  std::size_t to = end;
  while (to + 1 < s.size() && s[to] == ' ' && is_ascii_digit(s[to + 1])) {
    to += 1;
    while (to < s.size() && is_ascii_digit(s[to])) ++to;
  }
  number_row row;
  for (std::size_t i = from; i < to; ++i) {
    if (!is_ascii_digit(s[i])) continue;
    ++row.digits;
    if (i == from || !is_ascii_digit(s[i - 1])) ++row.groups;
  }
  return row;
}

// A French social-security number in its groups: sex, year, month, department, commune, order,
// key ("1 85 05 78 006 084 36"); the month may be 20 or more for a number given without a birth date.
bool secu_shape(std::string_view s, std::size_t start, std::size_t end) {
  static constexpr std::size_t sizes[] = {1, 2, 2, 2, 3, 3, 2};
  std::size_t k = 0, len = 0;
  std::string digits;
  for (std::size_t i = start; i <= end; ++i) {
    if (i < end && is_ascii_digit(s[i])) {
      ++len;
      digits += s[i];
      continue;
    }
    if (k >= 7 || len != sizes[k]) return false;
    ++k;
    len = 0;
  }
  if (k < 6 || (digits[0] != '1' && digits[0] != '2' && digits[0] != '7' && digits[0] != '8')) return false;
  int month = (digits[3] - '0') * 10 + (digits[4] - '0');
  return (month >= 1 && month <= 12) || month >= 20;
}

bool in_number_table(std::string_view s, std::size_t start, std::size_t end) {
  // "01.41.29.00.35", "(33) 01-32-39": written as a phone, whatever stands beside it
  for (std::size_t i = start; i < end; ++i)
    if (!is_ascii_digit(s[i]) && s[i] != ' ') return false;
  if (secu_shape(s, start, end)) return false;
  // "1 4 2 3 8 5 6 8 3 7 8 3 5 3 0 9 0 1": a number read out digit by digit, not figures
  std::size_t own_digits = 0;
  for (std::size_t i = start; i < end; ++i) own_digits += is_ascii_digit(s[i]);
  if (own_digits >= 7 && s.substr(start, end - start).find("  ") == std::string_view::npos &&
      end - start == 2 * own_digits - 1)
    return false;
  auto row = measure_number_row(s, start, end);
  return row.groups >= 7 && row.digits >= 16;
}

void drop_number_tables(std::string_view s, std::vector<candidate>& found) {
  found.erase(std::remove_if(found.begin(), found.end(),
                             [&](const candidate& c) {
                               return (c.prio == p_phone || c.prio == p_identifier || c.prio == p_national) &&
                                      in_number_table(s, c.start, c.end);
                             }),
              found.end());
}

}  // namespace intervision::anonymiser
