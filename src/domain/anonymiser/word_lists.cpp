// Hand-kept word lists: determiners, particles, titles, relations, verbs, words that are no names.
#include "intervision/domain/anonymiser/detail.h"

#include "intervision/domain/first_names.h"

namespace intervision::anonymiser {

word_set make_set(std::string_view text) { return word_set_of(text); }

const word_set& determiners() {
  static const word_set s = make_set("de het een la le les l un une the a an du des der den dem die das");
  return s;
}

// Surname particles: "van den Broeck", "de la Fontaine", "El Amrani", "d'Hondt".
const word_set& particles() {
  static const word_set s = make_set(
      "van de der den ter ten von vom le la du des di da del della dos el al ben bin ibn op 't vanden "
      "vander vd mc");
  return s;
}

// Capitalised words that are not names: calendar words, places, institutions, usual headings,
// diseases named after people.
const word_set& not_name_words() {
  static const word_set s = make_set(
      "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag lundi mardi mercredi jeudi vendredi "
      "samedi dimanche monday tuesday wednesday thursday friday saturday sunday "
      "januari februari maart april mei juni juli augustus september oktober november december "
      "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
      "january february march may june july august october "
      "smes pat ztg cpas ocmw vzw asbl huis maison centrum centre center ziekenhuis hopital hospital "
      "kliniek clinique clinic psychiatrie psychiatric universiteit universite university stad ville "
      "city gemeente commune federale federal fod spf overheidsdienst service services dienst rode kruis "
      "croix rouge red cross leger armee army salvation heils sint saint st sainte notre dame onze lieve "
      "vrouw grote groot kleine oude nieuwe new nieuw markt gare station justice justitie paleis palais "
      "brussel bruxelles brussels antwerpen anvers antwerp gent gand ghent leuven louvain liege luik "
      "namur namen charleroi mons bergen brugge bruges mechelen malines hasselt anderlecht schaerbeek "
      "schaarbeek molenbeek ixelles elsene etterbeek uccle ukkel forest vorst jette evere belgie belgique "
      "belgium vlaanderen flandre flanders wallonie wallonia europe europa paris london amsterdam "
      "god dieu allah christmas kerstmis noel pasen paques easter ramadan covid whatsapp facebook "
      "alzheimer parkinson huntington crohn asperger tourette korsakov korsakoff "
      "instagram google teams zoom signal messenger mental health care zorg sante mentale geestelijke "
      "gezondheid team equipe groupe group groep project projet thema theme question vraag discussion "
      "discussie intervisie intervision peer pair aidant helper ervaringsdeskundige coordinator "
      "coordinatrice coordinateur ok oke merci bedankt thanks dank hallo bonjour hello hi dear beste "
      "cher chere geachte regards groeten salutations mvg commission committee council comite conseil raad "
      "commissie federation association vereniging fondation stichting foundation fund fonds network netwerk "
      "reseau platform plateforme house home quality kwaliteit qualite office bureau agency agence "
      "ministry ministerie ministere court tribunal rechtbank hof police politie prison gevangenis "
      "nederlands frans engels francais anglais neerlandais english french dutch flemish vlaams "
      "arabe arabic arabisch turc turkish turks marokkaans marocain moroccan belge belgian belgisch "
      "aa na ggz cgg chu chr uz az ocmw samusocial rijksregister registre national unit unite afdeling "
      "service internet wifi sms email mail tel gsm telefoon telephone phone "
      "nee geb geboren born dob ddn naissance nais geboortedatum "
      // record headings and abbreviations written after a name: "Dr O. MARTIN Dossier", "J-L ABRAS Dx"
      "rdv rdvs cr crh dx id ipp nda nip ne dossier profession rpps finess adeli sd "
      // medical specialties and teams, abbreviated or plural: "Pneumo - Ortho - MPU", "Drs Cliniques Juniors"
      "neuro ortho psycho cardio pneumo gastro uro onco hemato rhumato endo gyneco pedo cliniques junior "
      "juniors senior seniors "
      // liver tests written in capitals, which read like a surname and a given name: "ASAT, ALAT"
      "asat alat sgot sgpt "
      // countries, in French (the French word list has no proper nouns) and in Dutch
      "france belgique allemagne espagne italie portugal suisse luxembourg pays-bas angleterre irlande "
      "ecosse pologne roumanie bulgarie hongrie grece turquie russie ukraine albanie kosovo serbie croatie "
      "bosnie macedoine maroc algerie tunisie libye egypte syrie irak iran afghanistan pakistan inde chine "
      "japon vietnam congo cameroun senegal guinee mali niger nigeria ghana erythree ethiopie somalie soudan "
      "rwanda burundi angola bresil colombie venezuela perou argentine mexique canada liban palestine "
      "jordanie tchetchenie armenie azerbaidjan frankrijk duitsland spanje italie polen roemenie bulgarije "
      "hongarije griekenland turkije rusland oekraine albanie marokko algerije tunesie libie egypte syrie "
      "irak eritrea ethiopie somalie soedan nederland engeland");
  return s;
}

// Words that often open a sentence and are never a first name, so that "Later Karim came" or
// "Gisteren Xhevdet vertelde" is not read as a two-word name (rule 4c).
const word_set& sentence_openers() {
  static const word_set s = make_set(
      "later yesterday today tomorrow then afterwards finally also meanwhile now next first last after before "
      "when while since because but and so yet still again here there maybe perhaps sometimes often "
      "gisteren vandaag morgen daarna nadien later toen dan ook nu eerst eerder vervolgens ondertussen "
      "intussen hier daar misschien soms vaak nog al maar en want omdat toch ten slotte tenslotte "
      "hier aujourd demain ensuite puis enfin alors apres avant aussi maintenant parfois souvent encore "
      "mais et donc car pourtant quand lorsque depuis peut etre ici la");
  return s;
}

const word_set& title_words() {
  // Titles that may be written in lower case in running text.
  static const word_set s = make_set(
      "meneer mevrouw madame monsieur mademoiselle dokter docteur doctor professor professeur juffrouw "
      "mevr dhr dr mme mlle mej prof mevrouwe heer nurse zuster soeur pater broeder imam maitre meester sir "
      "pr mijnheer mijnheer drs ir dokteur juf meneertje mesdames messieurs");
  return s;
}

// Relations after which a capitalised word is a person: "haar zoon Minh", "son ami Karim".
const word_set& kinship_words() {
  static const word_set s = make_set(
      "zoon dochter broer zus zuster moeder vader man vrouw partner vriend vriendin collega neef nicht oom "
      "tante opa oma kleinzoon kleindochter echtgenoot echtgenote ex buurman buurvrouw "
      "fils fille frere soeur mere pere mari femme compagnon compagne ami amie copain copine collegue cousin "
      "cousine oncle tante neveu niece voisin voisine epoux epouse "
      "son daughter brother sister mother father husband wife friend boyfriend girlfriend colleague "
      "cousin uncle aunt nephew niece neighbour neighbor grandson granddaughter");
  return s;
}

// Verbs and auxiliaries that, right after a capitalised ambiguous word at the start of a sentence,
// show that the word is somebody's name ("Pierre raconte", "Ben refused").
const word_set& verb_hints() {
  static const word_set s = make_set(
      "a est etait avait sera dit raconte explique vient va fait pense veut peut doit se s ne n travaille "
      "demande trouve sait parle propose souhaite refuse accompagne aime connait habite vit "
      "is was heeft had zegt zei vertelt vertelde vraagt vroeg wil wou kan kon moet werkt gaat ging komt "
      "kwam vindt vond denkt dacht voelt voelde weet wist krijgt kreeg bracht brengt wordt werd woont "
      "has says said asked asks wants wanted told tells works worked feels felt thinks thought went goes "
      "will would can could does did refused explained explains called calls came comes lives lived "
      "shared shares knows knew "
      "passe reste arrive revient part sort dort mange pleure rit crie appelle montre commence continue "
      "semble raconte ajoute repond blijft zit loopt praat lacht huilt belt slaapt eet drinkt begint "
      "antwoordt stays sits walks talks laughs cries sleeps eats drinks seems starts answered");
  return s;
}

}  // namespace intervision::anonymiser
