#include "intervision/mail/templates.h"

#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "intervision/domain/brussels_time.h"
#include "intervision/domain/locale_text.h"

namespace intervision {

namespace {

// French typography wants a no-break space inside guillemets and before ":" and ";".
#define NBSP "\u00A0"

struct kind_text {
  const char* subject;  // {title}
  const char* intro;    // {title}, {n}
  const char* intro_without_position;  // when the position is unknown (waitlisted only)
  const char* outro;    // may be empty
};

// The one mail for "all remaining sessions of this series".
struct series_text {
  const char* subject;          // {title}
  const char* intro;            // {count}, {title}
  const char* count;            // ICU MessageFormat with {n}
  const char* confirmed_label;
  const char* waitlisted_label;
  const char* waitlisted_item;  // {when}, {n}
  const char* calendar_note;
};

struct language_text {
  const char* greeting;  // {name}
  const char* when_label;
  const char* where_label;
  const char* link;     // {link}
  const char* privacy;  // {date}
  const char* sign_off;
  kind_text kinds[8];
  series_text series;
  const char* days[7];  // Sunday first
  const char* months[12];
};

const language_text french = {
    "Bonjour {name},",
    "Quand" NBSP ": ",
    "Où" NBSP ": ",
    "Votre lien personnel" NBSP ": {link}\n"
    "Il vous permet de consulter votre inscription, de l'annuler, de télécharger vos données ou de "
    "les effacer. Ne le partagez pas" NBSP ": c'est votre clé.",
    "Vos données seront supprimées le {date}, à la fin du cycle annuel.",
    "Bien cordialement,\nL'équipe PAT de Smes",
    {
        {"Inscription confirmée" NBSP ": {title}",
         "Votre inscription à l'intervision «" NBSP "{title}" NBSP "» est confirmée. Nous nous "
         "réjouissons de vous y retrouver.",
         nullptr, ""},
        {"Liste d'attente" NBSP ": {title}",
         "L'intervision «" NBSP "{title}" NBSP "» est complète pour le moment" NBSP ": vous êtes sur "
         "la liste d'attente, en position {n}. Si une place se libère, elle vous sera attribuée "
         "automatiquement et nous vous préviendrons par e-mail.",
         "L'intervision «" NBSP "{title}" NBSP "» est complète pour le moment" NBSP ": vous êtes sur "
         "la liste d'attente. Si une place se libère, elle vous sera attribuée automatiquement et "
         "nous vous préviendrons par e-mail.",
         ""},
        {"Une place s'est libérée" NBSP ": {title}",
         "Bonne nouvelle" NBSP ": une place s'est libérée pour l'intervision «" NBSP "{title}" NBSP
         "» et votre inscription est maintenant confirmée.",
         nullptr, ""},
        {"Modification" NBSP ": {title}",
         "L'intervision «" NBSP "{title}" NBSP "» a été modifiée. Voici les informations à jour" NBSP
         ":",
         nullptr,
         "Si vous ne pouvez plus venir, merci d'annuler avec votre lien personnel afin que quelqu'un "
         "d'autre puisse prendre votre place."},
        {"Annulation" NBSP ": {title}",
         "Nous sommes désolés" NBSP ": l'intervision «" NBSP "{title}" NBSP "» est annulée. Votre "
         "inscription l'est donc aussi" NBSP "; vous n'avez rien à faire.",
         nullptr, ""},
        {"Rappel" NBSP ": {title}", "Petit rappel de votre intervision «" NBSP "{title}" NBSP "».", nullptr,
         "Si vous ne pouvez pas venir, merci d'annuler avec votre lien personnel afin que quelqu'un "
         "d'autre puisse prendre votre place."},
        {"Liste d'attente quittée" NBSP ": {title}",
         "Vous ne figurez plus sur la liste d'attente de l'intervision «" NBSP "{title}" NBSP "». "
         "Merci de nous avoir prévenus.",
         nullptr, ""},
        {"Désinscription" NBSP ": {title}",
         "Comme vous l'avez demandé, votre inscription à l'intervision «" NBSP "{title}" NBSP "» est "
         "annulée. Le fichier joint la retire de votre calendrier.",
         nullptr, ""},
    },
    {"Vos inscriptions" NBSP ": {title}", "Voici vos inscriptions pour {count} de la série «" NBSP "{title}" NBSP "».",
     "{n, plural, one {# séance} other {# séances}}", "Confirmées" NBSP ":",
     "Sur la liste d'attente (si une place se libère, elle vous est attribuée automatiquement et nous vous "
     "prévenons par e-mail)" NBSP ":",
     "{when} (position {n})", "Le fichier de calendrier joint contient toutes ces séances."},
    {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
    {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
     "novembre", "décembre"},
};

const language_text dutch = {
    "Beste {name},",
    "Wanneer: ",
    "Waar: ",
    "Uw persoonlijke link: {link}\n"
    "Hiermee kunt u uw inschrijving bekijken of annuleren, en uw gegevens downloaden of laten "
    "wissen. Deel deze link met niemand: het is uw sleutel.",
    "Uw gegevens worden op {date} gewist, aan het einde van de jaarcyclus.",
    "Met vriendelijke groeten,\nHet PAT-team van Smes",
    {
        {"Inschrijving bevestigd: {title}",
         "Uw inschrijving voor de intervisie “{title}” is bevestigd. We kijken ernaar uit u te zien.",
         nullptr, ""},
        {"Wachtlijst: {title}",
         "De intervisie “{title}” is momenteel volzet: u staat op de wachtlijst, op plaats {n}. Komt "
         "er een plaats vrij, dan krijgt u die automatisch en laten we het u per e-mail weten.",
         "De intervisie “{title}” is momenteel volzet: u staat op de wachtlijst. Komt er een plaats "
         "vrij, dan krijgt u die automatisch en laten we het u per e-mail weten.",
         ""},
        {"Er is een plaats vrijgekomen: {title}",
         "Goed nieuws: er is een plaats vrijgekomen voor de intervisie “{title}” en uw inschrijving "
         "is nu bevestigd.",
         nullptr, ""},
        {"Wijziging: {title}", "De intervisie “{title}” is gewijzigd. Dit zijn de nieuwe gegevens:", nullptr,
         "Kunt u niet meer komen? Annuleer dan via uw persoonlijke link, zodat iemand anders uw "
         "plaats kan innemen."},
        {"Geannuleerd: {title}",
         "Het spijt ons: de intervisie “{title}” gaat niet door. Uw inschrijving vervalt daarmee "
         "ook; u hoeft niets te doen.",
         nullptr, ""},
        {"Herinnering: {title}", "Een korte herinnering aan uw intervisie “{title}”.", nullptr,
         "Kunt u niet komen? Annuleer dan via uw persoonlijke link, zodat iemand anders uw plaats "
         "kan innemen."},
        {"U staat niet meer op de wachtlijst: {title}",
         "U staat niet meer op de wachtlijst voor de intervisie “{title}”. Bedankt om het ons te "
         "laten weten.",
         nullptr, ""},
        {"Uitgeschreven: {title}",
         "Zoals u vroeg, is uw inschrijving voor de intervisie “{title}” geannuleerd. Het bijgevoegde "
         "bestand haalt ze uit uw agenda.",
         nullptr, ""},
    },
    {"Uw inschrijvingen: {title}", "Dit zijn uw inschrijvingen voor {count} van de reeks “{title}”.",
     "{n, plural, one {# sessie} other {# sessies}}", "Bevestigd:",
     "Op de wachtlijst (komt er een plaats vrij, dan krijgt u die automatisch en laten we het u per "
     "e-mail weten):",
     "{when} (plaats {n})", "Het bijgevoegde agendabestand bevat al deze sessies."},
    {"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"},
    {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
     "november", "december"},
};

const language_text english = {
    "Dear {name},",
    "When: ",
    "Where: ",
    "Your personal link: {link}\n"
    "With it you can see your registration, cancel it, download your data or erase it. Please "
    "do not share it: it is your key.",
    "Your data will be deleted on {date}, at the end of the annual cycle.",
    "Kind regards,\nThe PAT team at Smes",
    {
        {"Registration confirmed: {title}",
         "Your place at the intervision “{title}” is confirmed. We look forward to seeing you.", nullptr,
         ""},
        {"Waiting list: {title}",
         "The intervision “{title}” is full for now, so you are on the waiting list, in position {n}. "
         "If a seat frees up, it goes to you automatically and we will let you know by email.",
         "The intervision “{title}” is full for now, so you are on the waiting list. If a seat frees "
         "up, it goes to you automatically and we will let you know by email.",
         ""},
        {"A seat is free, you are confirmed: {title}",
         "Good news: a seat has freed up at the intervision “{title}”, and your registration is now "
         "confirmed.",
         nullptr, ""},
        {"Change to {title}", "The intervision “{title}” has changed. Here are the updated details:", nullptr,
         "If you can no longer come, please cancel with your personal link so that someone else can "
         "take your seat."},
        {"Cancelled: {title}",
         "We are sorry: the intervision “{title}” has been cancelled. Your registration for it is "
         "cancelled too; there is nothing you need to do.",
         nullptr, ""},
        {"Reminder: {title}", "A short reminder of your intervision “{title}”.", nullptr,
         "If you cannot come, please cancel with your personal link so that someone else can take "
         "your seat."},
        {"You have left the waiting list: {title}",
         "You are no longer on the waiting list for the intervision “{title}”. Thank you for letting "
         "us know.",
         nullptr, ""},
        {"Cancelled as you asked: {title}",
         "As you asked, your registration for the intervision “{title}” is cancelled. The attached "
         "file removes it from your calendar.",
         nullptr, ""},
    },
    {"Your registrations: {title}", "Here are your registrations for {count} of the series “{title}”.",
     "{n, plural, one {# session} other {# sessions}}", "Confirmed:",
     "On the waiting list (if a seat frees up, it goes to you automatically and we will let you know by "
     "email):",
     "{when} (position {n})", "The attached calendar file holds every one of these sessions."},
    {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"},
};

#undef NBSP

const language_text& text_for(const std::string& language) {
  if (language == "fr") return french;
  if (language == "nl") return dutch;
  return english;
}

// Replaces every "{key}" in pattern; values are inserted verbatim (never re-scanned).
std::string fill(std::string_view pattern, std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    const auto open = pattern.find('{', pos);
    if (open == std::string_view::npos) break;
    const auto close = pattern.find('}', open);
    if (close == std::string_view::npos) break;
    const std::string_view key = pattern.substr(open + 1, close - open - 1);
    out.append(pattern.substr(pos, open - pos));
    bool found = false;
    for (const auto& [k, v] : values) {
      if (k == key) {
        out.append(v);
        found = true;
        break;
      }
    }
    if (!found) out.append(pattern.substr(open, close - open + 1));
    pos = close + 1;
  }
  out.append(pattern.substr(pos));
  return out;
}

// Titles and names come from forms: a line break in them must not break the subject or layout.
std::string one_line(const std::string& s) {
  std::string out;
  for (const char c : s) out += (c == '\r' || c == '\n' || c == '\t') ? ' ' : c;
  return out;
}

bool shows_place(mail_kind kind) {
  return kind == mail_kind::confirmation || kind == mail_kind::promoted || kind == mail_kind::reminder ||
         kind == mail_kind::session_changed;
}

// What was confirmed and what is waitlisted, each under its own heading, then the calendar note.
std::string series_body(const language_text& t, const mail_fields& fields, const std::string& title) {
  const std::string count = format_plural(t.series.count, static_cast<long>(fields.items.size()), fields.language);
  std::string body = fill(t.series.intro, {{"count", count}, {"title", title}}) + "\n\n";
  std::string confirmed, waitlisted;
  for (const auto& i : fields.items) {
    if (i.confirmed) confirmed += "- " + one_line(i.when) + "\n";
    else waitlisted += "- " + fill(t.series.waitlisted_item, {{"when", one_line(i.when)}, {"n", std::to_string(i.waitlist_position)}}) + "\n";
  }
  if (!confirmed.empty()) body += std::string(t.series.confirmed_label) + "\n" + confirmed + "\n";
  if (!waitlisted.empty()) body += std::string(t.series.waitlisted_label) + "\n" + waitlisted + "\n";
  return body + t.series.calendar_note + "\n\n";
}

}  // namespace

mail_message compose(mail_kind kind, const mail_fields& fields) {
  const language_text& t = text_for(fields.language);
  // The series mail has texts of its own (t.series); its kind_text slot is the confirmation's.
  const kind_text& k = t.kinds[kind == mail_kind::series_registration ? 0 : static_cast<int>(kind)];
  const std::string title = one_line(fields.session_title);
  const std::string position = std::to_string(fields.waitlist_position);

  mail_message m;
  m.subject = fill(k.subject, {{"title", title}});

  const char* intro = k.intro;
  if (fields.waitlist_position <= 0 && k.intro_without_position != nullptr) intro = k.intro_without_position;

  std::string body = fill(t.greeting, {{"name", one_line(fields.participant_name)}});
  body += "\n\n";
  if (kind == mail_kind::series_registration) {
    m.subject = fill(t.series.subject, {{"title", title}});
    body += series_body(t, fields, title);
  } else {
    body += fill(intro, {{"title", title}, {"n", position}});
    body += "\n\n";
  }
  std::string details;
  if (!fields.session_when.empty()) details += std::string(t.when_label) + one_line(fields.session_when) + "\n";
  if (shows_place(kind) && !fields.place.empty()) details += std::string(t.where_label) + one_line(fields.place) + "\n";
  if (!details.empty()) body += details + "\n";
  if (*k.outro != '\0') body += std::string(k.outro) + "\n\n";
  if (!fields.personal_link.empty()) body += fill(t.link, {{"link", one_line(fields.personal_link)}}) + "\n\n";
  if (!fields.deletion_date.empty()) body += fill(t.privacy, {{"date", one_line(fields.deletion_date)}}) + "\n\n";
  body += t.sign_off;
  body += "\n";
  m.text = std::move(body);
  return m;
}

std::string format_when(sys_seconds starts_at, sys_seconds ends_at, const std::string& language) {
  const auto start_day = date::floor<date::days>(utc_to_brussels(starts_at));
  const auto end_day = date::floor<date::days>(utc_to_brussels(ends_at));
  const std::string start = format_long_date(starts_at, language);
  if (start_day == end_day)
    return start + ", " + format_clock_time(starts_at, language) + "\u2013" + format_clock_time(ends_at, language);
  return start + ", " + format_clock_time(starts_at, language) + " \u2013 " + format_long_date(ends_at, language) + ", " +
         format_clock_time(ends_at, language);
}

std::string format_day(date::year_month_day day, const std::string& language) { return format_calendar_day(day, language); }

}  // namespace intervision
