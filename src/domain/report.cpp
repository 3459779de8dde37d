#include "intervision/domain/report.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include <fmt/format.h>

namespace intervision {

namespace {

struct words {
  const char* fr;
  const char* nl;
  const char* en;
  const char* in(std::string_view language) const { return language == "nl" ? nl : language == "en" ? en : fr; }
};

struct count_text {
  words label;
  words definition;
};

// The one written definition of each count. Person counts are summed over held sessions.
const std::map<std::string, count_text, std::less<>>& count_texts() {
  static const std::map<std::string, count_text, std::less<>> texts = {
      {"sessions_held",
       {{"Séances tenues", "Gehouden sessies", "Sessions held"},
        {"Séances dans l'état « tenue » : elles ont eu lieu et leur présence a été prise (automatiquement une fois la séance terminée avec sa liste de présence, ou marquée tenue par son animateur·rice).",
         "Sessies in de toestand 'gehouden': ze vonden plaats en hun aanwezigheidslijst werd opgemaakt (automatisch zodra de sessie met haar lijst voorbij is, of door de begeleider als gehouden gemarkeerd).",
         "Sessions in the state held: they took place and their roll was taken (automatically once the session ended with its roll, or marked held by its facilitator)."}}},
      {"sessions_cancelled",
       {{"Séances annulées", "Geannuleerde sessies", "Sessions cancelled"},
        {"Séances annulées avant d'avoir lieu, ou marquées « non tenue » après leur début.",
         "Sessies die geannuleerd werden voor ze plaatsvonden, of na hun begin als 'niet gehouden' gemarkeerd.",
         "Sessions cancelled before they took place, or marked not held after their start."}}},
      {"sessions_roll_missing",
       {{"Présences manquantes", "Aanwezigheden ontbreken", "Roll missing"},
        {"Séances terminées dont personne n'a encore pris la présence ; leurs chiffres ne sont pas dans les totaux.",
         "Afgelopen sessies waarvan nog niemand de aanwezigheden opnam; hun cijfers zitten niet in de totalen.",
         "Sessions that have ended but whose roll nobody has taken yet; their counts are not in the totals."}}},
      {"sessions_scheduled",
       {{"Séances à venir", "Geplande sessies", "Sessions to come"},
        {"Séances prévues qui ne sont pas encore terminées.", "Geplande sessies die nog niet voorbij zijn.",
         "Scheduled sessions that have not ended yet."}}},
      {"registered",
       {{"Inscrit·es", "Ingeschreven", "Registered"},
        {"Personnes dont l'inscription était confirmée au début de la séance (séances tenues).",
         "Personen van wie de inschrijving bevestigd was bij het begin van de sessie (gehouden sessies).",
         "People whose registration was confirmed at the start of the session (held sessions)."}}},
      {"waitlisted",
       {{"En liste d'attente", "Op de wachtlijst", "Waitlisted"},
        {"Personnes encore sur la liste d'attente au début de la séance.",
         "Personen die bij het begin van de sessie nog op de wachtlijst stonden.",
         "People still on the waiting list at the start of the session."}}},
      {"cancelled",
       {{"Désinscriptions", "Annuleringen", "Cancelled"},
        {"Inscriptions annulées avant le début de la séance ; une personne qui a effacé ses données avant le début n'est comptée nulle part.",
         "Inschrijvingen die voor het begin van de sessie geannuleerd werden; wie zijn gegevens voor het begin liet wissen, telt nergens mee.",
         "Registrations cancelled before the start of the session; a person who erased their data before the start is counted nowhere."}}},
      {"walk_ins",
       {{"Sans inscription", "Zonder inschrijving", "Walk-ins"},
        {"Personnes ajoutées à la liste de présence par un·e animateur·rice après le début de la séance.",
         "Personen die een begeleider na het begin van de sessie aan de aanwezigheidslijst toevoegde.",
         "People added to the roll by a facilitator after the session started."}}},
      {"present",
       {{"Présent·es", "Aanwezig", "Present"},
        {"Personnes marquées présentes sur la liste de présence (sans inscription comprises).",
         "Personen die op de aanwezigheidslijst als aanwezig gemarkeerd werden (ook zonder inschrijving).",
         "People marked present on the roll (walk-ins included)."}}},
      {"absent",
       {{"Absent·es", "Afwezig", "Absent"},
        {"Personnes marquées absentes sur la liste de présence.", "Personen die op de aanwezigheidslijst als afwezig gemarkeerd werden.",
         "People marked absent on the roll."}}},
      {"excused",
       {{"Excusé·es", "Verontschuldigd", "Excused"},
        {"Personnes marquées excusées (absentes après avoir prévenu) sur la liste de présence.",
         "Personen die op de aanwezigheidslijst als verontschuldigd (afwezig met bericht) gemarkeerd werden.",
         "People marked excused (absent with notice) on the roll."}}},
      {"unmarked",
       {{"Non marqué·es", "Niet aangeduid", "Not marked"},
        {"Personnes sur la liste sans marque : inscrit·es plus sans inscription, moins présent·es, absent·es et excusé·es.",
         "Personen op de lijst zonder aanduiding: ingeschreven plus zonder inschrijving, min aanwezig, afwezig en verontschuldigd.",
         "People on the roll with no mark: registered plus walk-ins, minus present, absent and excused."}}},
      {"erased_since",
       {{"Effacé·es depuis", "Sindsdien gewist", "Erased since"},
        {"Personnes comptées à la séance dont les données personnelles ont été effacées depuis (à leur demande ou par la purge du cycle) : toujours comptées, jamais nommées.",
         "Personen die bij de sessie geteld werden en van wie de persoonsgegevens sindsdien gewist werden (op hun vraag of door de opschoning van de cyclus): nog steeds geteld, nooit genoemd.",
         "People counted at the session whose personal data was erased since (at their request or by the cycle's purge): still counted, never named."}}},
      {"first_time_share",
       {{"Première participation", "Eerste deelname", "First time"},
        {"Part des présent·es qui n'avaient été présent·es à aucune séance antérieure du même cycle.",
         "Aandeel van de aanwezigen die op geen enkele eerdere sessie van dezelfde cyclus aanwezig waren.",
         "Share of the people present who had not been present at any earlier session of the same cycle."}}},
      {"returning_share",
       {{"Retour", "Terugkerend", "Returning"},
        {"Part des présent·es qui avaient déjà été présent·es à une séance antérieure du même cycle.",
         "Aandeel van de aanwezigen die al op een eerdere sessie van dezelfde cyclus aanwezig waren.",
         "Share of the people present who had already been present at an earlier session of the same cycle."}}},
      {"theme_sessions",
       {{"Séances", "Sessies", "Sessions"},
        {"Nombre de séances tenues pour lesquelles un·e animateur·rice a noté ce thème.",
         "Aantal gehouden sessies waarvoor een begeleider dit thema noteerde.",
         "Number of held sessions for which a facilitator logged the theme."}}},
      {"notes",
       {{"Notes de cas anonymisées", "Geanonimiseerde casusnotities", "Anonymised case notes"},
        {"Notes de cas anonymisées écrites pour les séances du cycle.", "Geanonimiseerde casusnotities geschreven voor de sessies van de cyclus.",
         "Anonymised case notes written for the cycle's sessions."}}},
  };
  return texts;
}

const std::map<std::string, words, std::less<>>& other_words() {
  static const std::map<std::string, words, std::less<>> w = {
      {"title", {"Rapport annuel anonymisé", "Geanonimiseerd jaarverslag", "Anonymised annual report"}},
      {"cycle", {"Cycle", "Cyclus", "Cycle"}},
      {"series", {"Série", "Reeks", "Series"}},
      {"quarter", {"Trimestre", "Kwartaal", "Quarter"}},
      {"sector", {"Secteur", "Sector", "Sector"}},
      {"role", {"Rôle", "Rol", "Role"}},
      {"theme", {"Thème", "Thema", "Theme"}},
      {"session", {"Séance", "Sessie", "Session"}},
      {"date", {"Date", "Datum", "Date"}},
      {"state", {"État", "Toestand", "State"}},
      {"count", {"Mesure", "Telling", "Count"}},
      {"value", {"Valeur", "Waarde", "Value"}},
      {"previous", {"Cycle précédent", "Vorige cyclus", "Previous cycle"}},
      {"definition", {"Définition", "Definitie", "Definition"}},
      {"all", {"Toutes les séries", "Alle reeksen", "All series"}},
      {"state.scheduled", {"prévue", "gepland", "scheduled"}},
      {"state.held", {"tenue", "gehouden", "held"}},
      {"state.cancelled", {"annulée", "geannuleerd", "cancelled"}},
      {"state.roll_missing", {"présences manquantes", "aanwezigheden ontbreken", "roll missing"}},
      {"role.peer_helper", {"Pair-aidant·e", "Ervaringsdeskundige", "Peer helper"}},
      {"role.coordinator", {"Coordinateur·rice de projet ZTG", "ZTG-projectcoördinator", "ZTG project coordinator"}},
      {"table.totals", {"Totaux", "Totalen", "Totals"}},
      {"table.series", {"Par série", "Per reeks", "By series"}},
      {"table.quarters", {"Par trimestre", "Per kwartaal", "By quarter"}},
      {"table.sectors", {"Par secteur", "Per sector", "By sector"}},
      {"table.roles", {"Par rôle", "Per rol", "By role"}},
      {"table.sessions", {"Par séance", "Per sessie", "By session"}},
      {"table.themes", {"Thèmes par série", "Thema's per reeks", "Themes by series"}},
      {"table.definitions", {"Définitions", "Definities", "Definitions"}},
  };
  return w;
}

}  // namespace

tally& tally::operator+=(const tally& o) {
  registered += o.registered;
  waitlisted += o.waitlisted;
  cancelled += o.cancelled;
  walk_ins += o.walk_ins;
  present += o.present;
  absent += o.absent;
  excused += o.excused;
  first_time += o.first_time;
  returning += o.returning;
  return *this;
}

const std::vector<std::string>& report_count_names() {
  static const std::vector<std::string> names = {"sessions_held", "sessions_cancelled", "sessions_roll_missing", "sessions_scheduled",
                                                 "registered",    "waitlisted",         "cancelled",             "walk_ins",
                                                 "present",       "absent",             "excused",               "unmarked",
                                                 "erased_since",  "first_time_share",   "returning_share",       "theme_sessions",
                                                 "notes"};
  return names;
}

std::string report_definition(std::string_view count, std::string_view language) {
  auto it = count_texts().find(count);
  return it == count_texts().end() ? std::string() : it->second.definition.in(language);
}

std::string report_count_label(std::string_view count, std::string_view language) {
  auto it = count_texts().find(count);
  return it == count_texts().end() ? std::string(count) : it->second.label.in(language);
}

std::string report_word(std::string_view key, std::string_view language) {
  auto it = other_words().find(key);
  return it == other_words().end() ? std::string(key) : it->second.in(language);
}

int percent_of(int part, int whole) {
  if (whole <= 0) return -1;
  return static_cast<int>((200LL * part + whole) / (2LL * whole));
}

int cycle_quarter(const cycle& c, date::year_month_day day) {
  auto months = (date::year_month{day.year(), day.month()} - date::year_month{c.first_day.year(), c.first_day.month()}).count();
  return static_cast<int>(std::clamp<long long>(months / 3 + 1, 1, 4));
}

std::string cycle_quarter_label(const cycle& c, int quarter, std::string_view language) {
  auto first = date::year_month{c.first_day.year(), c.first_day.month()} + date::months{3 * (quarter - 1)};
  auto last = first + date::months{2};
  auto ym = [](date::year_month m) { return fmt::format("{:04}-{:02}", static_cast<int>(m.year()), static_cast<unsigned>(m.month())); };
  std::string q = language == "fr" || (language != "nl" && language != "en") ? "T" : language == "nl" ? "K" : "Q";
  return fmt::format("{}{} ({} – {})", q, quarter, ym(first), ym(last));
}

std::vector<std::vector<bool>> suppress_small(const std::vector<std::vector<int>>& cells, const nested_columns& nested,
                                              std::vector<std::vector<bool>> initial) {
  std::vector<std::vector<bool>> hidden;
  std::size_t columns = 0;
  for (std::size_t r = 0; r < cells.size(); ++r) {
    const auto& row = cells[r];
    hidden.emplace_back(row.size(), false);
    columns = std::max(columns, row.size());
    for (std::size_t c = 0; c < row.size(); ++c)
      hidden.back()[c] = (row[c] > 0 && row[c] < 3) || (r < initial.size() && c < initial[r].size() && initial[r][c]);
  }
  auto at = [&](std::size_t r, std::size_t c) { return c < cells[r].size() ? cells[r][c] : 0; };
  for (bool changed = true; changed;) {
    changed = false;
    // A published pair whose difference is 1 or 2 names that few people: hide the subset count.
    for (std::size_t r = 0; r < cells.size(); ++r)
      for (auto [a, b] : nested) {
        if (a >= cells[r].size() || b >= cells[r].size() || hidden[r][a] || hidden[r][b]) continue;
        int d = cells[r][a] - cells[r][b];
        if (d > 0 && d < 3) hidden[r][b] = changed = true;
      }
    // A column with one hidden cell gives it away through its total: hide a second one, the
    // smallest positive published cell (a zero one when there is none).
    for (std::size_t c = 0; c < columns; ++c) {
      int count = 0;
      for (std::size_t r = 0; r < cells.size(); ++r) count += c < hidden[r].size() && hidden[r][c];
      if (count != 1) continue;
      std::optional<std::size_t> pick;
      for (std::size_t r = 0; r < cells.size(); ++r) {
        if (c >= hidden[r].size() || hidden[r][c]) continue;
        bool better = !pick || (at(r, c) > 0 && (at(*pick, c) == 0 || at(r, c) < at(*pick, c)));
        if (better) pick = r;
      }
      if (pick) hidden[*pick][c] = changed = true;
    }
  }
  return hidden;
}

void suppress_linked(suppressed_table& parent, std::vector<suppressed_table>& children, const nested_columns& nested) {
  parent.hidden = suppress_small(parent.cells, nested, parent.hidden);
  for (auto& child : children) child.hidden = suppress_small(child.cells, nested, child.hidden);
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t r = 0; r < parent.cells.size(); ++r)
      for (std::size_t c = 0; c < parent.cells[r].size(); ++c) {
        int unknown = parent.hidden[r][c] ? 1 : 0;
        std::optional<std::size_t> smallest;
        for (std::size_t k = 0; k < children.size(); ++k) {
          const auto& ch = children[k];
          if (r >= ch.cells.size() || c >= ch.cells[r].size()) continue;
          if (ch.hidden[r][c]) ++unknown;
          else if (ch.cells[r][c] > 0 && (!smallest || ch.cells[r][c] < children[*smallest].cells[r][c])) smallest = k;
        }
        if (unknown != 1) continue;
        if (!parent.hidden[r][c]) {
          parent.hidden[r][c] = true;
          parent.hidden = suppress_small(parent.cells, nested, parent.hidden);
        } else if (smallest) {
          auto& ch = children[*smallest];
          ch.hidden[r][c] = true;
          ch.hidden = suppress_small(ch.cells, nested, ch.hidden);
        } else {
          continue;  // the parent's cell is hidden and every child's is 0: nothing to work out
        }
        changed = true;
      }
  }
}

std::string csv_cell(std::string_view value) {
  std::string out = "\"";
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' || value[0] == '\t' || value[0] == '\r'))
    out += '\'';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string csv_line(const std::vector<std::string>& cells, char sep) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += sep;
    out += csv_cell(cells[i]);
  }
  return out + "\r\n";
}

}  // namespace intervision
