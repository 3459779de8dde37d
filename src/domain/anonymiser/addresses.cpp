// Street addresses in Dutch, French and English forms, with postcode and town.
#include "intervision/domain/anonymiser/detail.h"

#include <array>

namespace intervision::anonymiser {

// House number at i: "12", "12A", "12/3", "12-14", "12 bus 3", "12 bte 4"; returns the last token.
std::size_t note_scanner::parse_house_number(std::size_t i) const {
  const token* n = at(i);
  if (!n || !n->is_number() || n->fold.size() > 4) return npos;
  if (number_value(*n) < 1) return npos;
  // "Risperdal 2 mg", "Zuiderdal 3 jaar": a dose, a measure or a duration, no house number
  static const word_set units = make_set(
      "mg mcg ug \u00b5g ml kg km cm mm ui iu gouttes druppels jaar jaren ans an years year uur heures hours "
      "min keer fois times euro eur");
  if (const token* u = at(i + 1); u && u->is_word() && joined(i + 1) && units.count(u->fold)) return npos;
  std::size_t last = i;
  if (const token* l = at(i + 1); l && l->is_word() && attached(i + 1) && l->fold.size() == 1) last = i + 1;
  if ((punct_is(last + 1, "/") || punct_is(last + 1, "-")) && attached(last + 1) && at(last + 2) &&
      attached(last + 2) && (t_[last + 2].is_number() || (t_[last + 2].is_word() && t_[last + 2].fold.size() <= 2)))
    last += 2;
  std::size_t k = last + 1;
  if (punct_is(k, ",")) ++k;
  if (const token* b = at(k); b && b->is_word() &&
                              (b->fold == "bus" || b->fold == "bte" || b->fold == "boite" || b->fold == "bt" ||
                               b->fold == "b" || b->fold == "box" || b->fold == "apt")) {
    std::size_t m = k + 1;
    if (punct_is(m, ".") || punct_is(m, ":")) ++m;
    if (const token* v = at(m); v && (v->is_number() || (v->is_word() && v->fold.size() <= 3))) last = m;
  }
  return last;
}

// ", 1000 Brussel" / "2000 Antwerpen" / "B-1000 Bruxelles" / ", 75011 Paris" after token `last`.
std::size_t note_scanner::parse_postcode_city(std::size_t last) const {
  std::size_t k = last + 1;
  if (punct_is(k, ",")) ++k;
  if (word_is(k, "b") && punct_is(k + 1, "-") && attached(k + 1)) k += 2;
  const token* pc = at(k);
  if (!pc || !pc->is_number() || (pc->fold.size() != 4 && pc->fold.size() != 5) || pc->fold[0] == '0') return last;
  std::size_t m = k + 1;
  std::size_t end = npos;
  for (int words = 0; words < 3 && m < t_.size(); ++words) {
    if (t_[m].is_word() && t_[m].cap && joined(m)) {
      end = m;
      ++m;
      if (is_apostrophe(m) && attached(m) && at(m + 1) && t_[m + 1].is_word() && attached(m + 1)) {
        end = m + 1;
        m += 2;
      }
      continue;
    }
    break;
  }
  return end == npos ? last : end;
}

bool note_scanner::dutch_street_word(const token& t, bool& standalone, bool& sure) const {
  static const std::array<std::string_view, 44> suffixes = {
      "straat", "straatje", "laan", "steenweg", "weg", "lei", "plein", "pleintje", "dreef", "kaai", "baan",
      "dijk", "markt", "singel", "pad", "hof", "voer", "vest", "gracht", "kade", "wal", "berg", "veld",
      "dal", "park", "plaats", "poort", "ring", "gang", "hoek", "heide", "bos", "steeg", "dam", "meir",
      "vliet", "rei", "brug", "burg", "kouter", "hoeve", "kerkhof", "boulevard", "square"};
  if (!t.is_word() || !t.cap) return false;
  for (auto suf : suffixes) {
    if (!ends_with(t.fold, suf)) continue;
    standalone = t.fold.size() == suf.size();
    if (!standalone && t.fold.size() < suf.size() + 3) continue;
    sure = !standalone && (suf == "straat" || suf == "steenweg" || suf == "laan" || suf == "dreef" ||
                           suf == "singel" || suf == "gracht" || suf == "straatje");
    return true;
  }
  return false;
}

bool note_scanner::street_prefix_word(std::size_t i) const {
  static const word_set s = make_set(
      "grote groot kleine klein oude oud nieuwe nieuw koning koningin prins prinses sint onze lieve vrouw "
      "burgemeester pastoor dokter kardinaal generaal kapitein hoge lange korte");
  return i < t_.size() && t_[i].is_word() && s.count(t_[i].fold);
}

void note_scanner::find_addresses(std::vector<candidate>& out) const {
  static const word_set french = make_set(
      "rue avenue av boulevard bd bld chaussee chee place square quai chemin allee impasse route dreve clos "
      "rond-point galerie passage parvis sentier venelle cite residence esplanade promenade voie rempart");
  static const word_set french_without_number = make_set("rue avenue boulevard chaussee impasse allee dreve");
  static const word_set french_linkers =
      make_set("de du des la le les l d aux au a sur sous van der den et en lez");
  static const word_set english = make_set(
      "street road rd avenue ave lane drive close crescent terrace way place square gardens court boulevard "
      "grove row mews walk");
  for (std::size_t i = 0; i < t_.size(); ++i) {
    const token& t = t_[i];
    if (!t.is_word()) continue;
    bool standalone = false, sure = false;
    // Dutch: Kerkstraat 12, Grote Markt 1, Koning Albertlaan 5 bus 2, 3000 Leuven
    if (dutch_street_word(t, standalone, sure)) {
      std::size_t begin = i;
      while (begin > 0 && t_[begin - 1].is_word() && t_[begin - 1].cap && joined(begin) &&
             (!t_[begin - 1].sentence_start || street_prefix_word(begin - 1)) &&
             !determiners().count(t_[begin - 1].fold) && i - begin < 3)
        --begin;
      std::size_t k = (standalone && begin == i) ? npos : i + 1;
      if (k != npos && punct_is(k, ",")) ++k;
      std::size_t last = k == npos ? npos : parse_house_number(k);
      if (last != npos && joined(k)) {
        last = parse_postcode_city(last);
        out.push_back({t_[begin].start, t_[last].end, p_address});
        i = last;
        continue;
      }
      if (k != npos && sure && !t.sentence_start) {
        std::size_t end = parse_postcode_city(i);
        out.push_back({t_[begin].start, t_[end].end, p_address});
        i = end;
        continue;
      }
    }
    // French: rue de la Loi 16, 12 rue des Lilas, avenue Louise 54 bte 3, 1050 Ixelles
    if (french.count(t.fold)) {
      std::size_t j = i + 1;
      if ((t.fold == "av" || t.fold == "bd" || t.fold == "bld" || t.fold == "chee") && punct_is(j, ".")) ++j;
      std::size_t name_end = npos;
      bool any_cap = false;
      for (int n = 0; n < 8 && j < t_.size() && joined(j); ++n) {
        const token& w = t_[j];
        if (w.is_word() && w.cap) {
          any_cap = true;
          name_end = j;
          ++j;
        } else if (w.is_word() && french_linkers.count(w.fold) && !any_cap) {
          ++j;
        } else if (w.is_word() && french_linkers.count(w.fold) && any_cap && at(j + 1) && t_[j + 1].cap) {
          ++j;
        } else if (is_apostrophe(j) && attached(j)) {
          ++j;
        } else {
          break;
        }
      }
      if (any_cap && name_end != npos) {
        std::size_t begin = i;
        // number first: "12, rue des Lilas" / "12 rue des Lilas"
        std::size_t b = i;
        if (b > 0 && punct_is(b - 1, ",")) --b;
        if (b > 0 && t_[b - 1].is_number() && t_[b - 1].fold.size() <= 4 && number_value(t_[b - 1]) >= 1) begin = b - 1;
        std::size_t k = name_end + 1;
        if (punct_is(k, ",")) ++k;
        std::size_t last = begin == i ? parse_house_number(k) : npos;
        if (last != npos) {
          last = parse_postcode_city(last);
        } else if (begin != i || french_without_number.count(t.fold)) {
          last = parse_postcode_city(name_end);
        }
        if (last != npos && (begin != i || last != name_end || french_without_number.count(t.fold))) {
          out.push_back({t_[begin].start, t_[last].end, p_address});
          i = last;
          continue;
        }
      }
    }
    // English: 221B Baker Street, 10 Downing Street, London
    if (t.cap && english.count(t.fold) && i > 0 && t_[i - 1].name_like()) {
      std::size_t b = i - 1;
      while (b > 0 && t_[b - 1].name_like() && i - b < 3) --b;
      std::size_t begin = npos;
      if (b > 0 && t_[b - 1].is_number() && t_[b - 1].fold.size() <= 4) begin = b - 1;
      if (b > 1 && t_[b - 1].is_word() && t_[b - 1].fold.size() == 1 && t_[b - 2].is_number() && attached(b - 1))
        begin = b - 2;
      std::size_t last = i;
      if (begin == npos) {
        std::size_t k = i + 1;
        if (punct_is(k, ",")) ++k;
        std::size_t hn = parse_house_number(k);
        if (hn == npos) continue;
        begin = b;
        last = hn;
      }
      last = parse_postcode_city(last);
      out.push_back({t_[begin].start, t_[last].end, p_address});
      i = last;
    }
  }
}

}  // namespace intervision::anonymiser
