// Dates and birth dates, read over tokens.
#include "intervision/domain/anonymiser/detail.h"

#include <algorithm>
#include <array>

namespace intervision::anonymiser {

int note_scanner::month_number(std::size_t i) const {
  if (i >= t_.size() || !t_[i].is_word()) return 0;
  static const std::array<std::string_view, 12> nl = {"januari", "februari", "maart",     "april",
                                                      "mei",     "juni",     "juli",      "augustus",
                                                      "september", "oktober", "november", "december"};
  static const std::array<std::string_view, 12> fr = {"janvier", "fevrier", "mars",      "avril",
                                                      "mai",     "juin",    "juillet",   "aout",
                                                      "septembre", "octobre", "novembre", "decembre"};
  static const std::array<std::string_view, 12> en = {"january", "february", "march",     "april",
                                                      "may",     "june",     "july",      "august",
                                                      "september", "october", "november", "december"};
  static const std::array<std::string_view, 12> ab = {"jan", "feb", "mrt", "apr", "mei", "jun",
                                                      "jul", "aug", "sep", "okt", "nov", "dec"};
  const std::string& w = t_[i].fold;
  for (int m = 0; m < 12; ++m)
    if (w == nl[m] || w == fr[m] || w == en[m] || w == ab[m]) return m + 1;
  if (w == "janv") return 1;
  if (w == "fev" || w == "fevr") return 2;
  if (w == "mar" || w == "maa") return 3;
  if (w == "avr") return 4;
  if (w == "juil") return 7;
  if (w == "sept") return 9;
  if (w == "oct") return 10;
  return 0;
}

int note_scanner::number_value(const token& t) {
  if (t.fold.size() > 4) return -1;
  int v = 0;
  for (char c : t.fold) v = v * 10 + (c - '0');
  return v;
}

// A date starting at token i; returns the index of its last token, or npos.
std::size_t note_scanner::parse_date(std::size_t i) const {
  const token* a = at(i);
  if (!a) return npos;
  if (a->is_number()) {
    // numeric: dd/mm/yyyy, dd-mm-yy, dd.mm.yyyy; yyyy-mm-dd
    const token* s1 = at(i + 1);
    const token* b = at(i + 2);
    const token* s2 = at(i + 3);
    const token* c = at(i + 4);
    // tight ("18/02/1965") or spaced around both separators ("08 . 04 . 1941")
    bool tight = attached(i + 1) && attached(i + 2) && attached(i + 3) && attached(i + 4);
    bool spaced = !attached(i + 1) && !attached(i + 2) && !attached(i + 3) && !attached(i + 4) && joined(i + 1) &&
                  joined(i + 2) && joined(i + 3) && joined(i + 4);
    if (s1 && b && s2 && c && (tight || spaced) && s1->kind == token_kind::punct &&
        (s1->fold == "/" || s1->fold == "-" || s1->fold == "." || s1->fold == "|") &&
        s2->fold == s1->fold && b->is_number() && c->is_number()) {
      int x = number_value(*a), y = number_value(*b), z = number_value(*c);
      bool dmy = a->fold.size() <= 2 && b->fold.size() <= 2 && (c->fold.size() == 4 || c->fold.size() == 2) &&
                 x >= 1 && x <= 31 && y >= 1 && y <= 31 && (x <= 12 || y <= 12);
      bool ymd = a->fold.size() == 4 && b->fold.size() <= 2 && c->fold.size() <= 2 && y >= 1 && y <= 12 &&
                 z >= 1 && z <= 31;
      if (dmy || ymd) return i + 4;
    }
    // written: 3 maart 1975, 1er février 1980, 3rd of March 1975
    if (a->fold.size() > 2) return npos;
    int day = number_value(*a);
    if (day < 1 || day > 31) return npos;
    std::size_t j = i + 1;
    if (const token* suf = at(j); suf && suf->is_word() && attached(j) &&
                                  (suf->fold == "er" || suf->fold == "e" || suf->fold == "st" ||
                                   suf->fold == "nd" || suf->fold == "rd" || suf->fold == "th" ||
                                   suf->fold == "ste" || suf->fold == "de"))
      ++j;
    if (word_is(j, "of")) ++j;
    if (punct_is(j, ",") && month_number(j + 1)) ++j;  // "12, mai 1973"
    if (!month_number(j)) return npos;
    std::size_t last = j;
    if (punct_is(j + 1, ".") && attached(j + 1)) last = ++j;
    std::size_t k = j + 1;
    if (punct_is(k, ",")) ++k;
    if (const token* y = at(k); y && y->is_number() && y->fold.size() == 4) last = k;
    return last;
  }
  if (month_number(i)) {
    // March 3, 1975 / March 3rd 1975
    std::size_t j = i + 1;
    if (punct_is(j, ".") && attached(j)) ++j;
    const token* d = at(j);
    if (!d || !d->is_number() || d->fold.size() > 2) return npos;
    int day = number_value(*d);
    if (day < 1 || day > 31) return npos;
    std::size_t last = j;
    if (const token* suf = at(j + 1);
        suf && suf->is_word() && attached(j + 1) &&
        (suf->fold == "st" || suf->fold == "nd" || suf->fold == "rd" || suf->fold == "th"))
      last = ++j;
    std::size_t k = j + 1;
    if (punct_is(k, ",")) ++k;
    if (const token* y = at(k); y && y->is_number() && y->fold.size() == 4) last = k;
    return last;
  }
  return npos;
}

// A number written out in words, one part of it: "deux", "soixante-cinq", "negentienhonderd".
bool note_scanner::number_word(std::size_t i) const {
  static const word_set words = make_set(
      "un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt "
      "vingts trente quarante cinquante soixante septante huitante octante nonante cent cents mille et premier "
      "een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien zestien "
      "zeventien achttien negentien twintig dertig veertig vijftig zestig zeventig tachtig negentig honderd "
      "duizend eerste one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
      "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
      "hundred thousand and first second third fourth fifth sixth seventh eighth ninth tenth");
  if (i >= t_.size() || !t_[i].is_word()) return false;
  std::string_view f = t_[i].fold;
  if (f.rfind("negentienhonderd", 0) == 0 || f.rfind("tweeduizend", 0) == 0) return true;
  std::size_t p = 0;
  while (p <= f.size()) {
    std::size_t q = f.find('-', p);
    if (q == std::string_view::npos) q = f.size();
    if (!words.count(f.substr(p, q - p))) return false;
    p = q + 1;
  }
  return true;
}

// A date written out: "deux janvier mille neuf cent soixante-dix-huit", "2 février mille neuf cent
// cinquante deux", "the second of March nineteen seventy". Returns its last token, or npos.
std::size_t note_scanner::parse_spelled_date(std::size_t i) const {
  std::size_t j = i;
  if (word_is(j, "the")) ++j;
  bool day = (at(j) && t_[j].is_number() && t_[j].fold.size() <= 2) || number_word(j);
  if (!day) return npos;
  while (number_word(j + 1) && !month_number(j + 1)) ++j;  // "vingt et un"
  ++j;
  if (word_is(j, "of")) ++j;
  if (!month_number(j)) return npos;
  std::size_t last = npos;
  for (std::size_t k = j + 1; k < t_.size() && k < j + 12 && joined(k); ++k) {
    if (number_word(k)) last = k;
    else if (!punct_is(k, "-")) break;
  }
  return last;
}

// Length in tokens of a birth-date trigger at i (0 if none).
std::size_t note_scanner::birth_trigger(std::size_t i) const {
  const token& t = t_[i];
  // "° 12/03/1975", not "n° 2013-1066" (a number sign)
  if (t.is_punct("\u00B0")) return i > 0 && attached(i) && (t_[i - 1].fold == "n" || t_[i - 1].fold == "no") ? 0 : 1;
  if (!t.is_word()) return 0;
  const std::string& w = t.fold;
  if (w == "geboren" || w == "born" || w == "geboortedatum" || w == "birthdate" || w == "dob" ||
      w == "naissance" || w == "geboortedag" || w == "ddn" || w == "nais" || w == "nait" || w == "naquit" ||
      w == "geboortejaar" || w == "birthday" || (w == "monde" && i >= 2 && word_is(i - 1, "au")))
    return (punct_is(i + 1, ".") || punct_is(i + 1, ":")) ? 2 : 1;
  if (w == "geb" && punct_is(i + 1, ".")) return 2;
  if (w == "ne" || w == "nee") {
    // "né" / "née", not the French negation "ne"
    std::string_view r = raw(i);
    if (r == "ne" || r == "Ne" || r == "NE") return 0;
    if (punct_is(i + 1, "(") && word_is(i + 2, "e") && punct_is(i + 3, ")")) return 4;
    return 1;
  }
  if (w == "birth" && i > 0 && word_is(i - 1, "of")) return 1;  // date of birth
  if (w == "birth" && word_is(i + 1, "date")) return 2;
  if (w == "d" && punct_is(i + 1, ".") && word_is(i + 2, "o") && punct_is(i + 3, ".") && word_is(i + 4, "b"))
    return punct_is(i + 5, ".") ? 6 : 5;
  return 0;
}

// "01/02", "30.04": a day and a month without a year; the last token, or npos.
std::size_t note_scanner::day_month_end(std::size_t i) const {
  if (!at(i + 2) || !t_[i].is_number() || t_[i].fold.size() > 2) return npos;
  if (!(punct_is(i + 1, "/") || punct_is(i + 1, ".")) || !attached(i + 1) || !attached(i + 2) || !t_[i + 2].is_number() ||
      t_[i + 2].fold.size() > 2)
    return npos;
  int d = number_value(t_[i]), m = number_value(t_[i + 2]);
  if (d < 1 || d > 31 || m < 1 || m > 12) return npos;
  if (at(i + 3) && attached(i + 3) && (t_[i + 3].is_number() || (t_[i + 3].kind == token_kind::punct && at(i + 4) &&
                                                                 t_[i + 4].is_number() && attached(i + 4))))
    return npos;  // a year follows: a whole date
  return i + 2;
}

void note_scanner::find_birth_dates(std::vector<candidate>& out) const {
  for (std::size_t i = 0; i < t_.size(); ++i) {
    std::size_t n = birth_trigger(i);
    if (!n) continue;
    std::size_t j = i + n;
    std::size_t limit = t_[i].end + 80;
    for (int steps = 0; j < t_.size() && steps < 14 && t_[j].start <= limit; ++j, ++steps) {
      const token& t = t_[j];
      if (t.kind == token_kind::punct && (t.fold == "!" || t.fold == "?" || t.fold == ";")) break;
      if (t.is_punct(".") && (j + 1 >= t_.size() || t_[j + 1].cap || t_[j + 1].newline_before)) break;
      std::size_t last = parse_date(j);
      if (last == npos) last = parse_spelled_date(j);
      if (last != npos) {
        out.push_back({t.start, t_[last].end, p_birth});
        i = last;
        break;
      }
      // "née entre le 01/02 et le 02/02/1952", "geboren tussen 30/04 en 01/05/1988": a birth between
      // two days; the first is written without its year
      if (std::size_t dm = day_month_end(j); dm != npos) {
        std::size_t k = dm + 1;
        static const word_set connectors = make_set("et ou and or en of op tot au");
        if (at(k) && t_[k].is_word() && connectors.count(t_[k].fold)) {
          ++k;
          if (at(k) && t_[k].is_word() && (determiners().count(t_[k].fold) || t_[k].fold == "het")) ++k;
          std::size_t second = at(k) ? parse_date(k) : npos;
          if (second != npos) {
            out.push_back({t.start, t_[dm].end, p_birth});
            out.push_back({t_[k].start, t_[second].end, p_birth});
            i = second;
            break;
          }
        }
      }
      // "né en novembre 1975", "born in March 1975"
      if (month_number(j) && at(j + 1) && t_[j + 1].is_number() && t_[j + 1].fold.size() == 4 && joined(j + 1)) {
        out.push_back({t.start, t_[j + 1].end, p_birth});
        i = j + 1;
        break;
      }
      // "geboren in 1975", "né en 1980"
      if ((t.fold == "in" || t.fold == "en") && at(j + 1) && t_[j + 1].is_number() && t_[j + 1].fold.size() == 4) {
        int y = number_value(t_[j + 1]);
        if (y >= 1900 && y <= 2099) {
          out.push_back({t_[j + 1].start, t_[j + 1].end, p_birth});
          i = j + 1;
          break;
        }
      }
    }
  }
}

// A date written out in words with a twentieth-century year is a birth date wherever it stands:
// notes write the dates of events in figures ("deux janvier mille neuf cent soixante-dix-huit").
void note_scanner::find_spelled_birth_dates(std::vector<candidate>& out) const {
  for (std::size_t i = 0; i < t_.size(); ++i) {
    std::size_t last = parse_spelled_date(i);
    if (last == npos) continue;
    bool old_year = false;
    for (std::size_t k = i; k <= last; ++k) {
      const std::string& f = t_[k].fold;
      old_year = old_year || f.rfind("negentienhonderd", 0) == 0 || f == "nineteen" ||
                 (f == "cent" && k > i && t_[k - 1].fold == "neuf");
    }
    if (old_year) out.push_back({t_[i].start, t_[last].end, p_birth});
    if (old_year) i = last;
  }
}

// A full date after a sex marker between separators is a birth date, as in the header lines of a
// record: "M. DAUBERT 01 23 45 67 89 | F | 10/05/1986", "Peeters Jan, M, 22/01/1965".
void note_scanner::find_birth_dates_after_sex(std::vector<candidate>& out) const {
  static const word_set sex = make_set("m f h v x male female homme femme man vrouw");
  auto separator = [&](std::size_t k) {
    return punct_is(k, "|") || punct_is(k, ",") || punct_is(k, ";") || punct_is(k, "/") || punct_is(k, "(") ||
           punct_is(k, ")");
  };
  for (std::size_t i = 1; i + 2 < t_.size(); ++i) {
    if (!t_[i].is_word() || !sex.count(t_[i].fold) || (t_[i].fold.size() == 1 && !t_[i].cap) || !separator(i - 1) ||
        !separator(i + 1))
      continue;
    std::size_t j = i + 2;
    if (!joined(j) || !t_[j].is_number()) continue;
    std::size_t last = parse_date(j);
    if (last == npos || !t_[last].is_number() || t_[last].fold.size() != 4) continue;
    out.push_back({t_[j].start, t_[last].end, p_birth});
    i = last;
  }
}

// A full date right after a name, with only punctuation or a sex marker between them, is that
// person's birth date: "Marie Dubois, 12/03/1975", "DUPONT Jean | M | 22/01/1965".
void note_scanner::find_birth_dates_after_names(std::vector<candidate>& out) const {
  std::vector<candidate> added;
  for (const auto& c : out) {
    if (c.prio != p_name) continue;
    auto it = std::lower_bound(t_.begin(), t_.end(), c.end, [](const token& t, std::size_t e) { return t.start < e; });
    std::size_t j = static_cast<std::size_t>(it - t_.begin());
    for (int skipped = 0; j < t_.size() && skipped < 5; ++j, ++skipped) {
      const token& t = t_[j];
      bool filler = t.is_punct(",") || t.is_punct("|") || t.is_punct("(") || t.is_punct(")") || t.is_punct("-") ||
                    t.is_punct(":") || (t.is_word() && t.fold.size() <= 2 && t.cap);
      if (!filler) break;
    }
    if (j >= t_.size() || !t_[j].is_number()) continue;
    std::size_t last = parse_date(j);
    if (last == npos || t_[last].fold.size() != 4 || !t_[last].is_number()) continue;
    // on the next line only as a record's header: the name ends its line, the date fills the next
    if (t_[j].newline_before && (j != static_cast<std::size_t>(it - t_.begin()) || (last + 1 < t_.size() && !t_[last + 1].newline_before)))
      continue;
    added.push_back({t_[j].start, t_[last].end, p_birth});
  }
  out.insert(out.end(), added.begin(), added.end());
}

}  // namespace intervision::anonymiser
