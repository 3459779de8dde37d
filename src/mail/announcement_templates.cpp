#include "intervision/mail/announcement_templates.h"

#include <fmt/format.h>

namespace intervision {

namespace {

#define NBSP "\u00A0"

struct texts {
  const char* confirm_subject;
  const char* confirm_body;  // {link} {days} {years}
  const char* subject;       // {cycle}
  const char* intro;         // {cycle}
  const char* line;          // {title} {n} {first}
  const char* see;           // {link}
  const char* why;           // {years}
  const char* unsubscribe;   // {link}
  const char* sign_off;
};

const texts french = {
    "Confirmez" NBSP ": l'annonce des nouvelles intervisions",
    "Bonjour,\n\n"
    "Quelqu'un, sans doute vous, a demandé à recevoir un e-mail quand de nouvelles intervisions de PAT (Smes) sont publiées.\n\n"
    "Pour confirmer, ouvrez ce lien et appuyez sur le bouton" NBSP ":\n{link}\n\n"
    "Sans confirmation dans les {days} jours, la demande et votre adresse sont effacées. Si vous n'avez rien demandé, "
    "ignorez ce message.\n\n"
    "Nous ne gardons que votre adresse et votre langue, jusqu'à votre désinscription ou {years} ans après la dernière annonce "
    "envoyée, à part de toute inscription à une intervision.",
    "Nouvelles intervisions" NBSP ": cycle {cycle}",
    "Bonjour,\n\nLes intervisions du cycle {cycle} sont publiées" NBSP ":",
    "- {title}" NBSP ": {n} séances, la première le {first}",
    "Voir les séances et s'inscrire" NBSP ": {link}",
    "Vous recevez ce message parce que vous l'avez demandé. Nous gardons votre adresse jusqu'à votre désinscription, ou {years} "
    "ans après la dernière annonce.",
    "Ne plus recevoir ces annonces" NBSP ": {link}",
    "Bien cordialement,\nL'équipe PAT de Smes",
};

const texts dutch = {
    "Bevestig: aankondiging van nieuwe intervisies",
    "Hallo,\n\n"
    "Iemand, wellicht u, vroeg om een e-mail te krijgen wanneer nieuwe intervisies van PAT (Smes) gepubliceerd worden.\n\n"
    "Open deze link en druk op de knop om te bevestigen:\n{link}\n\n"
    "Zonder bevestiging binnen {days} dagen worden de aanvraag en uw adres gewist. Hebt u niets gevraagd, negeer dan dit bericht.\n\n"
    "We bewaren alleen uw adres en uw taal, tot u zich uitschrijft of tot {years} jaar na de laatste verstuurde aankondiging, los van "
    "elke inschrijving voor een intervisie.",
    "Nieuwe intervisies: cyclus {cycle}",
    "Hallo,\n\nDe intervisies van de cyclus {cycle} zijn gepubliceerd:",
    "- {title}: {n} sessies, de eerste op {first}",
    "Bekijk de sessies en schrijf u in: {link}",
    "U krijgt dit bericht omdat u erom vroeg. We bewaren uw adres tot u zich uitschrijft, of {years} jaar na de laatste aankondiging.",
    "Geen aankondigingen meer ontvangen: {link}",
    "Met vriendelijke groet,\nHet PAT-team van Smes",
};

const texts english = {
    "Confirm: announcements of new intervision sessions",
    "Hello,\n\n"
    "Someone, probably you, asked to receive an email when new intervision sessions of PAT (Smes) are published.\n\n"
    "To confirm, open this link and press the button:\n{link}\n\n"
    "Without confirmation within {days} days, the request and your address are deleted. If you asked for nothing, ignore this "
    "message.\n\n"
    "We keep only your address and your language, until you unsubscribe or {years} years after the last announcement sent, apart "
    "from any registration for a session.",
    "New intervision sessions: cycle {cycle}",
    "Hello,\n\nThe intervision sessions of cycle {cycle} are published:",
    "- {title}: {n} sessions, the first on {first}",
    "See the sessions and register: {link}",
    "You receive this message because you asked for it. We keep your address until you unsubscribe, or {years} years after the last "
    "announcement.",
    "Stop receiving these announcements: {link}",
    "Kind regards,\nThe PAT team of Smes",
};

const texts& texts_for(const std::string& language) {
  if (language == "fr") return french;
  if (language == "nl") return dutch;
  return english;
}

// 730 -> "2", 365 -> "1", 548 -> "1.5": the retention in years, as configured in days.
std::string years_of(int days) {
  if (days % 365 == 0) return std::to_string(days / 365);
  return fmt::format("{:.1f}", days / 365.0);
}

}  // namespace

mail_message compose_announcement_confirmation(const std::string& language, const std::string& confirm_link, int confirm_days,
                                               int retention_days) {
  const auto& t = texts_for(language);
  mail_message m;
  m.subject = t.confirm_subject;
  m.text = fmt::format(fmt::runtime(std::string(t.confirm_body) + "\n\n" + t.sign_off + "\n"), fmt::arg("link", confirm_link),
                       fmt::arg("days", confirm_days), fmt::arg("years", years_of(retention_days)));
  return m;
}

mail_message compose_announcement(const announcement_content& c) {
  const auto& t = texts_for(c.language);
  mail_message m;
  m.subject = fmt::format(fmt::runtime(t.subject), fmt::arg("cycle", c.cycle));
  std::string text = fmt::format(fmt::runtime(t.intro), fmt::arg("cycle", c.cycle)) + "\n\n";
  for (const auto& s : c.series)
    text += fmt::format(fmt::runtime(t.line), fmt::arg("title", s.title), fmt::arg("n", s.sessions), fmt::arg("first", s.first_when)) + "\n";
  text += "\n" + fmt::format(fmt::runtime(t.see), fmt::arg("link", c.sessions_link)) + "\n\n";
  text += fmt::format(fmt::runtime(t.why), fmt::arg("years", years_of(c.retention_days))) + "\n";
  text += fmt::format(fmt::runtime(t.unsubscribe), fmt::arg("link", c.unsubscribe_link)) + "\n\n";
  text += std::string(t.sign_off) + "\n";
  m.text = std::move(text);
  m.headers.emplace_back("List-Unsubscribe", "<" + c.one_click_url + ">");
  m.headers.emplace_back("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  return m;
}

}  // namespace intervision
