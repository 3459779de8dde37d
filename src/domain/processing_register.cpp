#include "intervision/domain/processing_register.h"

#include <fmt/format.h>

namespace intervision {

namespace {

struct tr {
  const char *fr, *nl, *en;
  std::string in(std::string_view l) const { return l == "nl" ? nl : l == "en" ? en : fr; }
};

// "1/9": the day and month of a date, as written in Belgium in all three languages.
std::string day_month(int month, int day) { return fmt::format("{}/{}", day, month); }

// The last day of the cycle: the day before its start (February counted as 28 days).
std::string cycle_end(int month, int day) {
  static const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > 1) return day_month(month, day - 1);
  int prev = month == 1 ? 12 : month - 1;
  return day_month(prev, lengths[prev - 1]);
}

std::string cycle_retention(const register_facts& f, std::string_view l) {
  auto start = day_month(f.cycle_start_month, f.cycle_start_day);
  auto end = cycle_end(f.cycle_start_month, f.cycle_start_day);
  auto text = fmt::format(fmt::runtime(tr{"Jusqu'à la fin du cycle annuel (du {} au {})",
                                          "Tot het einde van de jaarlijkse cyclus (van {} tot {})",
                                          "Until the end of the annual cycle ({} to {})"}.in(l)),
                          start, end);
  if (f.purge_grace_days > 0)
    text += fmt::format(fmt::runtime(tr{" plus {} jours de grâce", " plus {} dagen uitstel", " plus {} days of grace"}.in(l)), f.purge_grace_days);
  text += tr{", ou jusqu'à la demande d'effacement de la personne si elle vient avant; puis purge automatique et destruction de la clé du cycle",
             ", of tot het verzoek tot wissing van de persoon als dat eerder komt; daarna automatische verwijdering en vernietiging van de sleutel van de cyclus",
             ", or until the person asks for erasure if that comes first; then automatic purge and destruction of the cycle's key"}
              .in(l);
  return text;
}

std::string mail_recipients(const register_facts& f, std::string_view l) {
  if (f.smtp_host.empty())
    return tr{"aucun : le courrier est écrit dans un dossier", "geen: de mail wordt in een map geschreven",
              "none: mail written to a folder"}.in(l);
  return fmt::format(fmt::runtime(tr{"Relais SMTP configuré ({}), qui remet le courrier aux destinataires",
                                     "Geconfigureerde SMTP-relay ({}), die de mail aan de ontvangers bezorgt",
                                     "The configured SMTP relay ({}), which delivers the mail to its recipients"}.in(l)),
                     f.smtp_host);
}

std::string common_security(const register_facts& f, std::string_view l) {
  std::string s = f.tls ? tr{"HTTPS (TLS) par le serveur", "HTTPS (TLS) door de server", "HTTPS (TLS) served by the server"}.in(l)
                        : tr{"pas de TLS configuré sur le serveur (à assurer par un proxy)", "geen TLS ingesteld op de server (via een proxy te voorzien)",
                             "no TLS configured on the server (to be provided by a proxy)"}.in(l);
  return s + tr{"; requêtes SQL paramétrées; sauvegardes sans les clés", "; geparametriseerde SQL-query's; back-ups zonder de sleutels",
                "; parameterised SQL; backups without the keys"}.in(l);
}

processing_activity registrations(const register_facts& f, std::string_view l) {
  processing_activity a;
  a.id = "registrations";
  a.name = tr{"Inscriptions aux intervisions", "Inschrijvingen voor intervisies", "Registration for intervisions"}.in(l);
  a.purpose = tr{"Inscrire les participant·es aux séances, gérer les places et la liste d'attente, les informer des changements, tenir les présences",
                 "Deelnemers inschrijven voor sessies, plaatsen en wachtlijst beheren, hen op de hoogte houden van wijzigingen, de aanwezigheid bijhouden",
                 "Registering participants for sessions, managing seats and the waiting list, telling them of changes, taking attendance"}.in(l);
  a.data_subjects = tr{"Pair-aidant·es et coordinateur·rices de trajets ZTG qui s'inscrivent",
                       "Ervaringsdeskundigen en ZTG-coördinatoren die zich inschrijven",
                       "Peer helpers and ZTG project coordinators who register"}.in(l);
  a.data_categories = tr{"Nom, adresse e-mail, téléphone (facultatif), organisation, secteur, rôle, langue; inscriptions et présences; lien personnel; empreinte chiffrée du réseau d'origine (anti-accaparement)",
                         "Naam, e-mailadres, telefoon (optioneel), organisatie, sector, rol, taal; inschrijvingen en aanwezigheid; persoonlijke link; versleutelde vingerafdruk van het herkomstnetwerk (tegen het inpikken van plaatsen)",
                         "Name, email address, phone (optional), organisation, sector, role, language; registrations and attendance; personal link; keyed hash of the network it came from (against seat squatting)"}.in(l);
  a.special_category = false;
  a.recipients = mail_recipients(f, l);
  a.retention = cycle_retention(f, l);
  a.security = tr{"Champs personnels scellés (XChaCha20-Poly1305) avec une clé par cycle, détruite à la purge; e-mails et liens retrouvés par hachage à clé; ",
                  "Persoonsvelden verzegeld (XChaCha20-Poly1305) met een sleutel per cyclus, vernietigd bij de verwijdering; e-mails en links via sleutelhash opgezocht; ",
                  "Personal fields sealed (XChaCha20-Poly1305) with a key per cycle, destroyed at the purge; emails and links looked up by keyed hash; "}.in(l) +
               common_security(f, l);
  return a;
}

processing_activity mail(const register_facts& f, std::string_view l) {
  processing_activity a;
  a.id = "mail";
  a.name = tr{"Courriels aux participant·es", "E-mails aan deelnemers", "Mail to participants"}.in(l);
  a.purpose = fmt::format(fmt::runtime(tr{"Confirmation avec entrée de calendrier, rappel {} jours avant la séance, changements et annulations",
                                          "Bevestiging met agenda-item, herinnering {} dagen voor de sessie, wijzigingen en annuleringen",
                                          "Confirmation with a calendar entry, reminder {} days before the session, changes and cancellations"}.in(l)),
                          f.reminder_days);
  a.data_subjects = tr{"Participant·es inscrit·es", "Ingeschreven deelnemers", "Registered participants"}.in(l);
  a.data_categories = tr{"Nom, adresse e-mail, séance, lien personnel", "Naam, e-mailadres, sessie, persoonlijke link",
                         "Name, email address, session, personal link"}.in(l);
  a.recipients = mail_recipients(f, l);
  a.retention = cycle_retention(f, l);
  a.security = tr{"File d'envoi scellée avec la clé du cycle; ", "Verzendwachtrij verzegeld met de sleutel van de cyclus; ",
                  "Outbox sealed with the cycle's key; "}.in(l) +
               common_security(f, l);
  return a;
}

processing_activity announcements(const register_facts& f, std::string_view l) {
  processing_activity a;
  a.id = "announcements";
  a.name = tr{"Annonce des nouvelles séances", "Aankondiging van nieuwe sessies", "Announcements of new sessions"}.in(l);
  a.purpose = tr{"Prévenir par e-mail, à leur demande (consentement distinct, confirmé par e-mail), les personnes qui veulent savoir quand les séances d'un nouveau cycle sont publiées",
                 "Mensen die het vragen (afzonderlijke toestemming, per e-mail bevestigd) per e-mail laten weten wanneer de sessies van een nieuwe cyclus gepubliceerd zijn",
                 "Telling people who ask for it (separate consent, confirmed by email) when the sessions of a new cycle are published"}.in(l);
  a.data_subjects = tr{"Personnes qui demandent les annonces (souvent d'ancien·nes participant·es)",
                       "Mensen die de aankondigingen vragen (vaak vroegere deelnemers)",
                       "People who ask for the announcements (often past participants)"}.in(l);
  a.data_categories = tr{"Adresse e-mail et langue; dates de la demande, de la confirmation et de la dernière annonce",
                         "E-mailadres en taal; data van de aanvraag, de bevestiging en de laatste aankondiging",
                         "Email address and language; dates of the request, the confirmation and the last announcement"}.in(l);
  a.recipients = mail_recipients(f, l);
  a.retention = fmt::format(
      fmt::runtime(tr{"Jusqu'au retrait (lien dans chaque annonce, en un clic), ou {} jours après la dernière annonce envoyée; une demande non confirmée est effacée après {} jours; indépendant de la purge du cycle",
                      "Tot de intrekking (link in elke aankondiging, met één klik), of {} dagen na de laatste verstuurde aankondiging; een niet-bevestigde aanvraag wordt na {} dagen gewist; los van de verwijdering van de cyclus",
                      "Until withdrawn (a link in every announcement, one click), or {} days after the last announcement sent; an unconfirmed request is deleted after {} days; independent of the cycle's purge"}.in(l)),
      f.announcement_retention_days, f.announcement_confirm_days);
  a.security = tr{"Adresse scellée (XChaCha20-Poly1305) avec une clé propre aux annonces; retrouvée par hachage à clé; retraits notés hors de la base pour qu'une restauration ne les annule pas; ",
                  "Adres verzegeld (XChaCha20-Poly1305) met een eigen sleutel voor de aankondigingen; via sleutelhash opgezocht; intrekkingen buiten de databank genoteerd zodat een terugzetting ze niet ongedaan maakt; ",
                  "Address sealed (XChaCha20-Poly1305) with a key of its own; looked up by keyed hash; withdrawals noted outside the database so a restore cannot undo them; "}.in(l) +
               common_security(f, l);
  return a;
}

processing_activity case_log(const register_facts& f, std::string_view l) {
  processing_activity a;
  a.id = "case_log";
  a.name = tr{"Journal des séances et notes de cas", "Sessielogboek en casusnotities", "Session log and case notes"}.in(l);
  a.purpose = tr{"Garder les thèmes abordés et des notes de cas anonymisées pour le suivi des intervisions",
                 "De besproken thema's en geanonimiseerde casusnotities bewaren voor de opvolging van de intervisies",
                 "Keeping the themes discussed and anonymised case notes to follow up the intervisions"}.in(l);
  a.data_subjects = tr{"Personnes évoquées dans les situations apportées (usager·es des services)",
                       "Personen die in de ingebrachte situaties ter sprake komen (gebruikers van de diensten)",
                       "People mentioned in the situations brought (service users)"}.in(l);
  a.data_categories = tr{"Thèmes; texte de cas anonymisé avant l'enregistrement (noms, contacts, numéros, adresses et dates de naissance retirés)",
                         "Thema's; casustekst geanonimiseerd vóór opslag (namen, contactgegevens, nummers, adressen en geboortedata verwijderd)",
                         "Themes; case text anonymised before it is stored (names, contacts, numbers, addresses and birth dates removed)"}.in(l);
  a.special_category = true;
  a.special_category_note = tr{"Oui : des données de santé (soins psychiatriques, assuétudes) peuvent figurer dans les notes de cas",
                               "Ja: gezondheidsgegevens (psychiatrische zorg, verslaving) kunnen in casusnotities voorkomen",
                               "Yes: health data (psychiatric care, addiction) can occur in case notes"}.in(l);
  a.recipients = tr{"Aucun hors de l'équipe PAT", "Niemand buiten het PAT-team", "None outside the PAT team"}.in(l);
  a.retention = tr{"Conservées sous forme anonymisée; un·e admin peut les supprimer", "Geanonimiseerd bewaard; een beheerder kan ze verwijderen",
                   "Kept in anonymised form; an admin may remove them"}.in(l);
  a.security = tr{"Anonymisation avant écriture, le texte original n'est jamais écrit; accès réservé aux animateur·rices de la séance et aux admins; ",
                  "Anonimisering vóór het schrijven, de oorspronkelijke tekst wordt nooit weggeschreven; toegang enkel voor begeleiders van de sessie en beheerders; ",
                  "Anonymised before writing, the original text is never written; access for the session's facilitators and admins only; "}.in(l) +
               common_security(f, l);
  return a;
}

processing_activity staff_accounts(const register_facts& f, std::string_view l) {
  processing_activity a;
  a.id = "staff_accounts";
  a.name = tr{"Comptes du personnel", "Personeelsaccounts", "Staff accounts"}.in(l);
  a.purpose = tr{"Authentifier les animateur·rices et admins, tracer leurs actions", "Begeleiders en beheerders authenticeren, hun acties bijhouden",
                 "Authenticating facilitators and admins, keeping a trail of their actions"}.in(l);
  a.data_subjects = tr{"Personnel de PAT (animateur·rices, admins)", "PAT-personeel (begeleiders, beheerders)", "PAT staff (facilitators, admins)"}.in(l);
  a.data_categories = tr{"Nom, adresse e-mail, rôle, empreinte du mot de passe, sessions de connexion, journal d'audit (id du compte, action)",
                         "Naam, e-mailadres, rol, wachtwoordhash, aanmeldsessies, auditlogboek (account-id, actie)",
                         "Name, email address, role, password hash, sign-in sessions, audit trail (account id, action)"}.in(l);
  a.recipients = tr{"Aucun", "Geen", "None"}.in(l);
  a.retention = fmt::format(fmt::runtime(tr{"Jusqu'à la suppression du compte; sessions : {} min d'inactivité, {} h au plus",
                                            "Tot het account verwijderd wordt; sessies: {} min inactiviteit, hoogstens {} u",
                                            "Until the account is removed; sessions: {} min idle, {} h at most"}.in(l)),
                            f.session_idle_minutes, f.session_absolute_hours);
  a.security = fmt::format(fmt::runtime(tr{"Mots de passe en Argon2id; cookies HttpOnly SameSite=Strict; jetons CSRF; limitation à {} échecs de connexion par {} min; ",
                                           "Wachtwoorden met Argon2id; HttpOnly SameSite=Strict-cookies; CSRF-tokens; beperking tot {} mislukte aanmeldingen per {} min; ",
                                           "Passwords with Argon2id; HttpOnly SameSite=Strict cookies; CSRF tokens; throttling at {} failed sign-ins per {} min; "}.in(l)),
                           f.login_max_failures, f.login_window_minutes) +
               common_security(f, l);
  return a;
}

processing_activity report(const register_facts& f, std::string_view l) {
  processing_activity a;
  a.id = "report";
  a.name = tr{"Rapport annuel anonymisé", "Geanonimiseerd jaarverslag", "Anonymised annual report"}.in(l);
  a.purpose = tr{"Rendre compte aux pouvoirs subsidiants", "Verantwoording aan de subsidiërende overheden", "Reporting to funders"}.in(l);
  a.data_subjects = tr{"Participant·es (comptages seulement)", "Deelnemers (enkel tellingen)", "Participants (counts only)"}.in(l);
  a.data_categories = tr{"Comptages anonymes par séance, secteur et rôle; cases de moins de 3 personnes masquées (<3)",
                         "Anonieme tellingen per sessie, sector en rol; cellen van minder dan 3 personen verborgen (<3)",
                         "Anonymous counts by session, sector and role; cells of fewer than 3 people hidden (<3)"}.in(l);
  a.recipients = tr{"Pouvoirs subsidiants, par décision d'un·e admin", "Subsidiërende overheden, op beslissing van een beheerder",
                    "Funders, by an admin's decision"}.in(l);
  a.retention = tr{"Conservé (aucune donnée personnelle)", "Bewaard (geen persoonsgegevens)", "Kept (no personal data)"}.in(l);
  a.security = common_security(f, l);
  return a;
}

processing_activity logs(const register_facts& f, std::string_view l) {
  processing_activity a;
  a.id = "logs";
  a.name = tr{"Journaux techniques", "Technische logboeken", "Technical logs"}.in(l);
  a.purpose = tr{"Exploitation et sécurité du service", "Werking en beveiliging van de dienst", "Running and securing the service"}.in(l);
  a.data_subjects = tr{"Visiteur·euses du site", "Bezoekers van de site", "Visitors of the site"}.in(l);
  a.data_categories = fmt::format(
      fmt::runtime(tr{"Journal d'accès : heure, méthode, route, statut, durée (ni adresse IP, ni chemin, ni paramètres); adresses des clients en mémoire seulement pour la limitation ({} min)",
                      "Toegangslog: tijd, methode, route, status, duur (geen IP-adres, pad of parameters); adressen van clients enkel in het geheugen voor de beperking ({} min)",
                      "Access log: time, method, route, status, duration (no IP address, path or query); client addresses in memory only, for throttling ({} min)"}.in(l)),
      f.login_window_minutes);
  a.recipients = tr{"Aucun", "Geen", "None"}.in(l);
  a.retention = tr{"Selon la rotation du journal du système (journald); aucune donnée personnelle écrite",
                   "Volgens de rotatie van het systeemlogboek (journald); geen persoonsgegevens weggeschreven",
                   "As the system journal (journald) rotates it; no personal data written"}.in(l);
  a.security = common_security(f, l);
  return a;
}

}  // namespace

std::vector<processing_activity> processing_register(const register_facts& f, std::string_view l) {
  std::vector<processing_activity> out{registrations(f, l), mail(f, l), announcements(f, l), case_log(f, l), staff_accounts(f, l), report(f, l), logs(f, l)};
  for (auto& a : out) {
    a.transfers = tr{"Aucun transfert hors de l'UE par l'outil", "Geen doorgifte buiten de EU door de tool", "No transfer outside the EU by the tool"}.in(l);
    if (!a.special_category) a.special_category_note = tr{"Non", "Nee", "No"}.in(l);
  }
  return out;
}

std::vector<std::string> register_columns(std::string_view l) {
  return {tr{"Traitement", "Verwerking", "Processing"}.in(l),
          tr{"Finalités", "Doeleinden", "Purposes"}.in(l),
          tr{"Catégories de personnes concernées", "Categorieën van betrokkenen", "Categories of data subjects"}.in(l),
          tr{"Catégories de données", "Categorieën van gegevens", "Categories of personal data"}.in(l),
          tr{"Catégories particulières (art. 9)", "Bijzondere categorieën (art. 9)", "Special categories (art. 9)"}.in(l),
          tr{"Destinataires", "Ontvangers", "Recipients"}.in(l),
          tr{"Transferts hors UE", "Doorgiften buiten de EU", "Transfers outside the EU"}.in(l),
          tr{"Délai de conservation", "Bewaartermijn", "Retention"}.in(l),
          tr{"Mesures de sécurité", "Beveiligingsmaatregelen", "Security measures"}.in(l)};
}

std::vector<std::string> register_cells(const processing_activity& a, std::string_view) {
  return {a.name, a.purpose, a.data_subjects, a.data_categories, a.special_category_note, a.recipients, a.transfers, a.retention, a.security};
}

}  // namespace intervision
