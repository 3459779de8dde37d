// Named institutions where care or justice happens: hospitals, psychiatric centres, forensic units,
// prisons, shelters, with their proper name ("PZ Duffel", "CHU Saint-Pierre", "EDS Paifve", "de
// gevangenis van Haren", "Sint-Jozefkliniek", "Erasmus MC"). The generic word alone stays
// ("het ziekenhuis", "l'hôpital de jour", "le CPAS", "Housing First"): only a proper name makes
// the institution, and so the place, identifying.
#include "intervision/domain/anonymiser/detail.h"

#include "intervision/domain/first_names.h"

namespace intervision::anonymiser {

namespace {

// Words that open an institution's name: "PZ Duffel", "Hôpital Erasme", "prison de Haren".
// Acronyms count in capitals only ("PI Vught": a Dutch prison, penitentiaire inrichting); the words for a centre or a home only when capitalised ("au
// centre de Bruxelles" stays); hospitals and prisons also in lower case ("het ziekenhuis van Duffel").
enum class head { none, acronym, capitalised, any_case };

head institution_head(const token& t) {
  static const word_set acronyms = make_set(
      "pz upc uz az chu chr chrs ch chp ggz opz fpc fpk eds umc wzc ehpad hop gh ghu chi chs chru pi chj chn");
  static const word_set capitalised = make_set(
      "centrum centre center rusthuis woonzorgcentrum vluchthuis opvangcentrum shelter refuge foyer asile "
      "sanatorium revalidatiecentrum psychiatrie gasthuis");
  static const word_set any_case = make_set(
      "ziekenhuis hospitaal kliniek hopital hospital clinique clinic polyclinique gevangenis prison "
      "strafinrichting justitiehuis gemeenschapsinstelling jeugdinstelling");
  if (!t.is_word()) return head::none;
  if (acronyms.count(t.fold)) return t.all_caps ? head::acronym : head::none;
  if (capitalised.count(t.fold)) return t.cap ? head::capitalised : head::none;
  if (any_case.count(t.fold)) return head::any_case;
  return head::none;
}

// Words that close one: "Jan Yperman Ziekenhuis", "Erasmus MC", "Sint-Jozefkliniek", "Meander
// Medisch Centrum"; in lower case after a name: "Isala kliniek", "Compas huisartsenpraktijk".
const word_set& tail_words() {
  static const word_set s = make_set(
      "ziekenhuis kliniek hospitaal gasthuis hospital clinic mc umc infirmary centrum huisartsenpraktijk "
      "huisartspraktijk groepspraktijk praktijk huisartsen revalidatiecentrum");
  return s;
}

bool institution_tail(const token& t) {
  if (!t.is_word() || !t.cap) return false;
  if (tail_words().count(t.fold)) return true;
  for (std::string_view suf : {"ziekenhuis", "kliniek", "gasthuis", "hospitaal"})
    if (t.fold.size() > suf.size() + 2 && ends_with(t.fold, suf)) return true;
  return false;
}

bool calendar_word(const token& t) {
  static const word_set s = make_set(
      "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag lundi mardi mercredi jeudi vendredi samedi "
      "dimanche monday tuesday wednesday thursday friday saturday sunday");
  return s.count(t.fold) > 0;
}

const word_set& institution_linkers() {
  static const word_set s = make_set(
      "van de du des la le l d of the t sint saint st ste sainte hospitalier psychiatrique psychiatrisch "
      "universitaire penitentiaire regional medisch medical europeen europees european general algemeen");
  return s;
}

// Dutch and English heads are part of the name: "Academisch Ziekenhuis Utrecht", "Universitair
// Ziekenhuis Gent", "Kliniek Vogelzang". French ones, and the French acronyms, are common nouns
// that stay readable before the name: "l'Hôpital [Erasme]", "au CHU [Kremlin-Bicêtre]", "le CHU de
// [Lille]", "l'EDS [Paifve]"; "HOP", which only abbreviates a hospital's own name, goes with it.
bool head_in_name(const token& t, head h) {
  static const word_set dutch = make_set(
      "ziekenhuis hospitaal kliniek gevangenis strafinrichting justitiehuis hospital clinic");
  static const word_set french_acronyms = make_set("chu chr chrs ch chp eds ehpad gh ghu chi chs chru chj chn");
  if (h == head::any_case) return t.cap && dutch.count(t.fold) > 0;
  if (h == head::acronym) return french_acronyms.count(t.fold) == 0;
  return true;
}

// A capitalised word that may go on an institution's name after a listed one: a site or a
// department ("Altrecht Bipolair", "Isala Zwolle"); no given name, title or calendar word.
bool name_continuation(const token& t) {
  return t.is_word() && t.cap && !t.sentence_start && t.fold.size() >= 3 && !is_common_first_name(t.fold) &&
         !title_words().count(t.fold) && !calendar_word(t) && !determiners().count(t.fold) &&
         !not_name_words().count(t.fold);
}

}  // namespace

// Before a found name: the adjectives that open it ("Academisch Ziekenhuis ...", "Centraal Militair
// Hospitaal") and a capitalised article ("Het Lange Land Ziekenhuis", "'t Lange Land Ziekenhuis").
// A lower-case article stays: "het [Jessa Ziekenhuis]".
std::size_t note_scanner::institution_start(std::size_t begin) const {
  static const word_set modifiers = make_set(
      "centraal academisch universitair algemeen regionaal psychiatrisch medisch stedelijk militair "
      "provinciaal openbaar forensisch penitentiaire");
  for (int n = 0; n < 3 && begin > 0 && joined(begin) && t_[begin - 1].is_word() && t_[begin - 1].cap &&
                  modifiers.count(t_[begin - 1].fold);
       ++n)
    --begin;
  if (begin > 0 && joined(begin) && t_[begin].name_like()) {
    const token& a = t_[begin - 1];
    if (a.is_word() && a.cap && (a.fold == "het" || a.fold == "de")) return begin - 1;
    if (a.is_word() && a.fold == "t" && begin >= 2 && is_apostrophe(begin - 2) && attached(begin - 1)) return begin - 2;
  }
  return begin;
}

// After a found name: the kind of place ("Isala kliniek", "De Hoogstraat Revalidatiecentrum", "St.
// Mary's Hospital"), what
// the practice is for ("Compas praktijk voor Pedagogiek en Psychologie"), and the town after a
// dash ("Zorgcentrum na Seksueel Geweld - Gent").
std::size_t note_scanner::institution_end(std::size_t last) const {
  std::size_t j = last + 1;
  // "St. Mary's Hospital": the possessive before the kind of place
  if (j + 2 < t_.size() && is_apostrophe(j) && attached(j) && word_is(j + 1, "s") && attached(j + 1) &&
      joined(j + 2) && t_[j + 2].is_word() && tail_words().count(t_[j + 2].fold))
    j += 2;
  if (j < t_.size() && joined(j) && t_[j].is_word() && tail_words().count(t_[j].fold)) last = j++;
  static const word_set purpose = make_set("voor for pour");
  static const word_set connectors = make_set("en and et");
  if (j + 1 < t_.size() && joined(j) && t_[j].is_word() && !t_[j].cap && purpose.count(t_[j].fold) &&
      joined(j + 1) && t_[j + 1].is_word() && t_[j + 1].cap) {
    last = ++j;
    ++j;
    while (j + 1 < t_.size() && joined(j) && joined(j + 1) && t_[j + 1].is_word() && t_[j + 1].cap &&
           ((t_[j].is_word() && connectors.count(t_[j].fold)) || punct_is(j, "&") || punct_is(j, ","))) {
      last = j + 1;
      j += 2;
    }
  }
  if (j + 1 < t_.size() && joined(j) && t_[j].space_before && (punct_is(j, "-") || punct_is(j, "\u2013")) &&
      joined(j + 1) && t_[j + 1].space_before && t_[j + 1].name_like() && !ordinary_only(t_[j + 1]) &&
      !calendar_word(t_[j + 1]) && !title_words().count(t_[j + 1].fold))
    last = j + 1;
  return last;
}

// After a head word: linkers and capitalised words; the last capitalised word, or npos.
std::size_t note_scanner::institution_name_end(std::size_t j) const {
  std::size_t last = npos;
  for (int n = 0; n < 6 && j < t_.size() && joined(j); ++n, ++j) {
    const token& w = t_[j];
    if (is_apostrophe(j) && attached(j)) continue;
    if (w.is_word() && title_words().count(w.fold)) break;  // "Clinique ... Dr Verlinden": a person follows
    if (w.is_word() && w.cap && !calendar_word(w) && !month_number(j) && w.fold.size() >= 2) {
      last = j;
      continue;
    }
    if (w.is_word() && !w.cap && institution_linkers().count(w.fold) && (last == npos || n < 4)) continue;
    break;
  }
  return last;
}

// "Jan Yperman Ziekenhuis", "Erasmus MC", "Sint-Jozefkliniek", "Daan en Van Ardenne Huisartsen": the
// first word of a name that ends in the kind of place at i, or npos when no name comes before it.
std::size_t note_scanner::named_before_tail(std::size_t i) const {
  const token& t = t_[i];
  std::size_t begin = i;
  static const word_set connectors = make_set("en and et");
  while (begin > 0 && i - begin < 5 && joined(begin)) {
    const token& p = t_[begin - 1];
    if (p.is_word() && p.cap && !determiners().count(p.fold)) {
      --begin;
      continue;
    }
    // "Daan en Van Ardenne", "Daan & Van Ardenne": a connector between two capitalised words
    bool connector = (p.is_word() && !p.cap && connectors.count(p.fold)) || p.is_punct("&");
    if (connector && begin < i && begin >= 2 && joined(begin - 1) && t_[begin - 2].is_word() && t_[begin - 2].cap &&
        !determiners().count(t_[begin - 2].fold)) {
      begin -= 2;
      continue;
    }
    break;
  }
  bool compound = t.fold.size() > 10 && institution_head(t) == head::none;
  // "Medisch Centrum", "Algemeen Ziekenhuis" alone are kinds of place: a name must be in it
  bool named = compound;
  for (std::size_t k = begin; k < i && !named; ++k) named = t_[k].is_word() && !ordinary_only(t_[k]);
  if ((begin < i && named) || compound) return begin;
  return npos;
}

void note_scanner::find_institutions(std::vector<candidate>& out) const {
  static const word_set feasts = make_set("maarten nicolaas niklaas nicolas valentin valentijn valentine patrick sylvestre");
  auto push = [&](std::size_t b, std::size_t e) { out.push_back({t_[b].start, t_[e].end, p_institution}); };
  for (std::size_t i = 0; i < t_.size(); ++i) {
    const token& t = t_[i];
    if (!t.is_word()) continue;
    // "Isala", "Zon en Schild", "UMCU", "Altrecht Bipolair", "Centraal Militair Hospitaal"
    std::size_t listed = listed_institution_end(i);
    if (listed == npos && hospital_acronym(t)) listed = i;
    if (listed != npos) {
      std::size_t last = listed;
      if (last + 1 < t_.size() && joined(last + 1) && name_continuation(t_[last + 1]) && !tail_words().count(t_[last + 1].fold))
        ++last;
      last = institution_end(last);
      push(institution_start(i), last);
      i = last;
      continue;
    }
    // "Sint [Antonius]", "St. [Antonius]": a saint's name apart from its "Sint" names a hospital or a
    // place (the hyphenated town names, "Sint-Niklaas", are one word); not the feasts ("Sint
    // Maarten"). "Sint" stays readable, as "het ziekenhuis" does.
    if ((t.fold == "sint" || t.fold == "st") && t.cap) {
      std::size_t n = i + 1;
      if (punct_is(n, ".") && attached(n)) ++n;
      if (n < t_.size() && joined(n) && t_[n].space_before && t_[n].name_like() && t_[n].fold.size() >= 3 &&
          !ordinary_only(t_[n]) && !feasts.count(t_[n].fold) && !calendar_word(t_[n])) {
        std::size_t last = institution_end(n);
        // the whole name when it says what the place is: "Sint Antoniusziekenhuis", "St. Mary's Hospital"
        push(last > n || institution_tail(t_[n]) ? i : n, last);
        i = last;
        continue;
      }
    }
    // "PZ Duffel", "CHU Saint-Pierre", "het ziekenhuis van Duffel", "Psychiatrisch Centrum Sint-Jan"
    if (head h = institution_head(t); h != head::none) {
      std::size_t last = institution_name_end(i + 1);
      if (last != npos) {
        std::size_t begin = i;
        if (!head_in_name(t, h)) {
          // from the name on, with its article or adjective: "Hôpital [la Timone]", "[européen
          // Georges-Pompidou]"; a preposition stays outside: "de gevangenis van [Haren]"
          static const word_set prepositions = make_set("van de du des d of the in te");
          begin = i + 1;
          while (begin < last && (is_apostrophe(begin) || (t_[begin].is_word() && !t_[begin].cap &&
                                                           prepositions.count(t_[begin].fold))))
            ++begin;
        }
        if (h == head::any_case) {
          // "Réunion Clinique Multidisciplinaire", "Chefs de Clinique Assistants": no name in it
          // only adjectives and participles after the head ("Multidisciplinaire", "Assistants") make no
          // name; an ordinary noun does ("Hôpital Tenon", "la Citadelle")
          bool named = false;
          for (std::size_t k = i + 1; k <= last && !named; ++k) {
            const token& w = t_[k];
            if (!w.is_word() || !w.cap) continue;
            bool adjective = ordinary_only(w) && (ends_with(w.fold, "aire") || ends_with(w.fold, "ique") ||
                                                  ends_with(w.fold, "ale") || ends_with(w.fold, "ants") ||
                                                  ends_with(w.fold, "ents"));
            named = !adjective;
          }
          if (!named) continue;
          if (begin == i) begin = institution_start(i);  // "[Universitair Ziekenhuis Gent]"
          push(begin, last);
          i = last;
          continue;
        }
        // "Centre de Santé Mentale" is a kind of place; "Centre de Santé de Belleville" has a name
        bool named = h != head::capitalised;
        for (std::size_t k = i + 1; k <= last && !named; ++k)
          named = t_[k].is_word() && t_[k].cap && !is_dictionary_word(t_[k].fold);
        if (!named) continue;
        if (begin == i && i > 0 && t_[i - 1].is_word() && t_[i - 1].cap && joined(i) && !t_[i - 1].sentence_start &&
            !determiners().count(t_[i - 1].fold))
          --begin;  // "Psychiatrisch Centrum ..."
        last = institution_end(last);
        push(begin, last);
        i = last;
        continue;
      }
    }
    // "Isala kliniek", "Jefferson university hospital": a name, then the kind of place in lower case;
    // a practice when it says what for: "Canté praktijk voor Pedagogiek"
    bool practice_for = t.fold == "praktijk" && i + 2 < t_.size() && joined(i + 1) && joined(i + 2) &&
                        (word_is(i + 1, "voor") || word_is(i + 1, "for")) && t_[i + 2].name_like();
    if (!t.cap && tail_words().count(t.fold) && t.fold != "centrum" && (t.fold != "praktijk" || practice_for)) {
      static const word_set between = make_set("university universitair universitaire academisch algemeen medisch regional");
      std::size_t b = i;
      while (b > 0 && i - b < 2 && t_[b - 1].is_word() && !t_[b - 1].cap && between.count(t_[b - 1].fold) && joined(b)) --b;
      if (b > 0 && joined(b) && t_[b - 1].name_like() && !ordinary_only(t_[b - 1]) && !determiners().count(t_[b - 1].fold) &&
          !not_name_words().count(t_[b - 1].fold)) {
        std::size_t last = institution_end(i);
        push(institution_start(b - 1), last);
        i = last;
        continue;
      }
    }
    // "Jan Yperman Ziekenhuis", "Erasmus MC", "Sint-Jozefkliniek", "Daan en Van Ardenne Huisartsen"
    if (institution_tail(t)) {
      if (std::size_t begin = named_before_tail(i); begin != npos) {
        std::size_t last = institution_end(i);
        push(institution_start(begin), last);
        i = last;
      }
    }
  }
}

}  // namespace intervision::anonymiser
