// Token tests the name finder relies on: titles, name words, first names, ambiguous words.
#include "intervision/domain/anonymiser/detail.h"

#include "intervision/domain/first_names.h"

namespace intervision::anonymiser {

bool note_scanner::preceded_by_determiner(std::size_t i) const {
  if (i == 0) return false;
  if (t_[i - 1].is_word() && determiners().count(t_[i - 1].fold) && joined(i)) return true;
  // l'Espoir, d'Hoop: the elided article
  if (i >= 2 && is_apostrophe(i - 1) && (t_[i - 2].fold == "l" || t_[i - 2].fold == "d")) return true;
  return false;
}

bool note_scanner::title_at(std::size_t i, std::size_t& next) const {
  const token& t = t_[i];
  if (!t.is_word()) return false;
  const std::string& w = t.fold;
  bool dot = punct_is(i + 1, ".") && attached(i + 1);
  next = dot ? i + 2 : i + 1;
  if (w == "m") return t.cap && dot;
  if (w == "mr" || w == "mrs" || w == "ms" || w == "miss" || w == "mister") return t.cap;
  return title_words().count(w) > 0;
}

// Name words from i on: capitalised words, particles followed by one, "d'Hondt", an initial "M.".
// Returns the last token of the name or npos. Stops at words that are not names.
std::size_t note_scanner::take_name_words(std::size_t i, bool allow_all_caps, int max_words, std::vector<std::string>& words) const {
  std::size_t last = npos;
  int count = 0;
  std::size_t j = i;
  while (j < t_.size() && count < max_words) {
    if (j > i && !joined(j)) break;
    const token& w = t_[j];
    if (!w.is_word()) break;
    if (j == i && w.fold.size() == 1 && w.cap && at(j + 1) && joined(j + 1) && t_[j + 1].is_word() &&
        t_[j + 1].all_caps && caps_surname(t_[j + 1])) {
      words.push_back(w.fold);  // "Dr H FERDOIN": an initial without its dot
      last = j;
      ++j;
      continue;
    }
    if (std::size_t e = initials_end(j); e != npos) {
      words.push_back(w.fold);
      // initials open a name ("Dr Z. AL BAHIRT", "A.B. Visser") or end it ("Inès M.")
      bool more = at(e + 1) && joined(e + 1) && t_[e + 1].is_word() &&
                  (t_[e + 1].cap || particle_abbreviation_end(e + 1) != npos);
      if (j > i || !more) return e;
      last = e;
      j = e + 1;
      continue;
    }
    // "v.d. Sluis", "v/d Berg": the particles abbreviated
    if (std::size_t a = particle_abbreviation_end(j); a != npos && at(a + 1) && joined(a + 1) && t_[a + 1].is_word() &&
                                                      t_[a + 1].cap && !not_name_words().count(t_[a + 1].fold)) {
      words.push_back("vd");
      j = a + 1;
      continue;
    }
    // "Oude Nijhuis", "Oude Elferink": a Dutch surname that opens with "Oude"
    if (w.fold == "oude" && w.cap && at(j + 1) && joined(j + 1) && t_[j + 1].name_like() &&
        !ordinary_only(t_[j + 1]) && !not_name_words().count(t_[j + 1].fold)) {
      words.push_back(w.fold);
      ++j;
      continue;
    }
    bool particle = particles().count(w.fold) > 0 || w.fold == "d" || w.fold == "o";
    if (particle) {
      // "d'Hondt", "O'Brien"
      if ((w.fold == "d" || w.fold == "o") && is_apostrophe(j + 1) && attached(j + 1) && at(j + 2) &&
          t_[j + 2].is_word() && t_[j + 2].cap && attached(j + 2)) {
        words.push_back(w.fold + "'" + t_[j + 2].fold);
        last = j + 2;
        j += 3;
        ++count;
        continue;
      }
      // particles only count when a capitalised word follows ("van der Meer", "de la Fontaine")
      std::size_t k = j + 1;
      while (k < t_.size() && k < j + 3 && t_[k].is_word() && particles().count(t_[k].fold) && joined(k)) ++k;
      if (k < t_.size() && joined(k) && t_[k].is_word() && t_[k].cap && !particles().count(t_[k].fold) &&
          (!t_[k].all_caps || allow_all_caps || caps_surname(t_[k])) && !not_name_words().count(t_[k].fold)) {
        for (std::size_t m = j; m < k; ++m) words.push_back(t_[m].fold);
        j = k;
        continue;
      }
      break;
    }
    if (!w.cap || (w.all_caps && !allow_all_caps && !caps_surname(w)) || not_name_words().count(w.fold) ||
        w.fold.size() < 2)
      break;
    if (title_words().count(w.fold) || medical_term(w) || camel_case(j) || code_word(w)) break;
    if (count >= 2 && ordinary_only(w)) break;  // "Pierre Versailles Alain Date de naissance"
    // "O. MANON Dossier", "DIEGO Profession": after a surname in capitals, a capitalised ordinary word
    // is the next heading, not a given name (those are listed or unknown: "DUBOIS Michel")
    if (count >= 1 && !w.all_caps && t_[j - 1].all_caps && ordinary_only(w)) break;
    words.push_back(w.fold);
    last = j;
    ++j;
    ++count;
  }
  return last;
}

bool note_scanner::first_name_token(std::size_t i) const {
  const token& t = t_[i];
  if (!t.name_like() || t.fold.size() < 2) return false;
  if (is_common_first_name(t.fold)) return true;
  if (t.fold.find('-') != std::string::npos) {
    std::size_t p = 0;
    while (p <= t.fold.size()) {
      std::size_t q = t.fold.find('-', p);
      if (q == std::string::npos) q = t.fold.size();
      if (!is_common_first_name(std::string_view(t.fold).substr(p, q - p))) return false;
      p = q + 1;
    }
    return true;
  }
  return false;
}

// "St. Mary's Hospital", "Saint Pierre", "San Francisco": a place or an institution.
bool note_scanner::after_saint(std::size_t i) const {
  static const word_set saints = make_set("st ste saint sainte sint san santa sankt");
  std::size_t k = i;
  if (k > 0 && punct_is(k - 1, ".")) --k;
  return k > 0 && t_[k - 1].is_word() && t_[k - 1].cap && saints.count(t_[k - 1].fold) > 0;
}

// A word close by that gives an ambiguous name its ordinary sense: "la couleur Rose".
bool note_scanner::ordinary_sense_nearby(std::size_t i) const {
  static const word_set sense = make_set(
      "couleur couleurs kleur kleuren colour colours color colors teinte tint bloem bloemen fleur fleurs "
      "flower flowers roche rocher steen stenen stone stones rots taille carriere groeve quarry");
  std::size_t from = i >= 3 ? i - 3 : 0;
  for (std::size_t k = from; k < t_.size() && k <= i + 3; ++k) {
    if (k == i) continue;
    if (t_[k].kind == token_kind::punct && (t_[k].fold == "." || t_[k].fold == "!" || t_[k].fold == "?")) {
      if (k < i) from = k;  // other sentence: ignore what came before
      else break;
    }
    if (k > from && t_[k].is_word() && sense.count(t_[k].fold)) return true;
  }
  return false;
}

bool note_scanner::ambiguous(const token& t) const {
  if (is_ambiguous_first_name(t.fold)) return true;
  return false;
}

// Whether the capitalised ambiguous word at i is a name here ("Pierre raconte" yes, "la Pierre" no).
bool note_scanner::ambiguous_is_name(std::size_t i, const std::vector<std::size_t>& same_word_positions) const {
  if (preceded_by_determiner(i) || ordinary_sense_nearby(i)) return false;
  if (at(i + 1) && t_[i + 1].is_number() && joined(i + 1)) return false;  // "Jan 5", "Ward 3"
  if (!t_[i].sentence_start) return true;
  if (const token* n = at(i + 1); n && joined(i + 1)) {
    if (n->is_word() && verb_hints().count(n->fold)) return true;
    if (n->is_word() && !n->cap && n->fold.size() > 4 && ends_with(n->fold, "ed")) return true;  // "Will raised"
    if (n->name_like() && !not_name_words().count(n->fold)) return true;
    // apposition: "Roos, de coördinator, ..." / "Rose, une paire-aidante, ..."
    if (n->is_punct(",") && at(i + 2) && t_[i + 2].is_word() && determiners().count(t_[i + 2].fold)) return true;
  }
  for (std::size_t p : same_word_positions)
    if (p != i && !t_[p].sentence_start && !preceded_by_determiner(p)) return true;
  return false;
}

// "v.d.", "v/d", "v.d": the Dutch particles abbreviated; the last token, or npos.
std::size_t note_scanner::particle_abbreviation_end(std::size_t i) const {
  if (!word_is(i, "v") || !at(i + 2) || !attached(i + 1) || !attached(i + 2) || !word_is(i + 2, "d")) return npos;
  if (punct_is(i + 1, "/")) return i + 2;
  if (!punct_is(i + 1, ".")) return npos;
  return punct_is(i + 3, ".") && attached(i + 3) ? i + 3 : i + 2;
}

// Initials at i: "J.", "A.B.C.", "P-A.", "Z.": returns the token of the last dot, or npos.
std::size_t note_scanner::initials_end(std::size_t i) const {
  std::size_t j = i, end = npos;
  // "A.B.", and spaced ones after a first dot: "J. Th. A."
  while (j < t_.size() && t_[j].is_word() && t_[j].cap && (j == i || attached(j) || (end != npos && joined(j)))) {
    const std::string& f = t_[j].fold;
    // "J.", "P-A.", and the Dutch and French two- or three-letter ones: "Th.", "Ph.", "Chr."
    static const word_set longer = make_set("th ph chr ch jac joh wm gh fr ad hk jr");
    bool initial = f.size() == 1 || (f.size() == 3 && f[1] == '-') || (longer.count(f) && !t_[j].all_caps);
    if (!initial || !punct_is(j + 1, ".") || !attached(j + 1)) break;
    end = j + 1;
    j += 2;
  }
  return end;
}

// A word none of the word lists knows in lower case: no ordinary word, no list word, no title.
bool note_scanner::unknown_word(const token& t) const {
  if (!t.is_word() || t.fold.size() < 2) return false;
  if (not_name_words().count(t.fold) || title_words().count(t.fold) || particles().count(t.fold) ||
      determiners().count(t.fold) || sentence_openers().count(t.fold))
    return false;
  if (is_dictionary_word(t.fold)) return false;
  if (code_word(t)) return false;
  if (t.fold.find('-') != std::string::npos) {
    // "peut-être", "rendez-vous": ordinary when every part is
    std::size_t p = 0;
    bool all_ordinary = true;
    while (p <= t.fold.size() && all_ordinary) {
      std::size_t q = t.fold.find('-', p);
      if (q == std::string::npos) q = t.fold.size();
      auto part = std::string_view(t.fold).substr(p, q - p);
      all_ordinary = part.size() < 3 || is_dictionary_word(part) || particles().count(part);
      p = q + 1;
    }
    if (all_ordinary) return false;
  }
  return true;
}

// "MedicoDevices", "MonoChannel-SingleDay": a capital after a small letter joining ordinary words,
// as brands write; names that do it ("McKenna", "DeVito", "LeBlanc", "MacLeod") open with their
// particle, and two names run together ("BouclieMirelle") join no ordinary word.
bool note_scanner::camel_case(std::size_t i) const {
  static const word_set prefixes = make_set("mc mac de le la di du da van von del dal");
  if (i >= t_.size() || !t_[i].is_word()) return false;
  std::string_view w = raw(i);
  std::size_t part = 0;  // start of the hyphen-separated part
  for (std::size_t k = 1; k < w.size(); ++k) {
    if (w[k] == '-') {
      part = k + 1;
      continue;
    }
    if (!(w[k] >= 'A' && w[k] <= 'Z') || !(w[k - 1] >= 'a' && w[k - 1] <= 'z') || k == part) continue;
    std::string prefix, rest;
    for (std::size_t c = part; c < k; ++c) prefix += ascii_lower(w[c]);
    for (std::size_t c = k; c < w.size() && w[c] != '-'; ++c) rest += ascii_lower(w[c]);
    if (prefixes.count(prefix)) continue;
    // a brand joins ordinary words ("Medico" + "Devices"); two names run together are no brand
    if (is_dictionary_word(prefix) || is_dictionary_word(rest)) return true;
  }
  return false;
}

// Medicines by their international stems ("Olanzapine", "Lorazepam", "Risperidone"), Latin anatomy
// ("Brachialis", "Vena Cava Inferior"), medical specialties and procedures ("Infectiologie",
// "Néphropathie"), tumours and bruises ("Lymphome", "Mélanome", "Hématome"): capitalised in notes,
// never names.
bool note_scanner::medical_term(const token& t) const {
  static constexpr std::string_view stems[] = {
      "apine",  "azepam", "azolam", "oxetine", "pramine", "triptyline", "peridol", "idone",  "azole",
      "cillin", "cilline", "mycin", "mycine",  "statin",  "statine",    "sartan",  "olol",   "umab",
      "ximab",  "zumab",  "tinib",  "ciclovir", "profen", "semide",     "dipine",  "floxacin", "floxacine",
      "prazole", "tidine", "erior", "alis",    "aris",       "ologie",  "ologue", "pathie", "ectomie",
      "otomie", "scopie", "graphie", "algie", "analyse", "phome", "cinome", "sarcome", "anome", "elome",
      "atome"};
  if (!t.is_word() || t.fold.size() < 7) return false;
  for (auto stem : stems)
    if (ends_with(t.fold, stem)) return !is_common_first_name(t.fold);
  return false;
}

// "T21", "D10", "B12", "SCN3B", "O1": letters and digits in one word, three letters at most or a
// letter after a digit, are a code; names have no digits. A longer word glued to a number
// ("Dedoncker76 rue ...") is a name written against a house number.
bool note_scanner::code_word(const token& t) const {
  if (!t.is_word()) return false;
  std::size_t letters = 0;
  bool digit = false, letter_after_digit = false;
  for (char c : t.fold) {
    if (is_ascii_digit(c)) {
      digit = true;
    } else if (c != '-') {
      ++letters;
      letter_after_digit = letter_after_digit || digit;
    }
  }
  return digit && (letters <= 3 || letter_after_digit);
}

// A word the word lists know only as an ordinary word: no proper noun, no listed first name.
bool note_scanner::ordinary_only(const token& t) const {
  return is_dictionary_word(t.fold) && !is_dictionary_proper_noun(t.fold) && !is_common_first_name(t.fold);
}

// An ALL-CAPS word that may be a surname ("DUBOIS", "AL BAHIRT"): unknown to the word lists and
// long enough not to be an acronym ("CPAS", "ZTG", "RDV" stay).
bool note_scanner::caps_surname(const token& t) const {
  return t.all_caps && t.fold.size() >= 4 && unknown_word(t);
}

}  // namespace intervision::anonymiser
