#include "intervision/domain/first_names.h"

#include <string_view>
#include <unordered_set>

namespace intervision {

namespace {

// Folded forms (lower case, no accents). Several hundred names; ordinary words left out.
constexpr std::string_view names_text =
    // Dutch / Flemish
    "aaron adriaan alexander amber anke ann anna annelies anneleen anouk arne arno astrid axel "
    "bart bas ben benjamin bert bjorn bram britt brecht carine caroline cas charlotte christel "
    "christophe daan daisy dirk dries ellen elke els emma erik eva evi evy femke fien filip "
    "fleur floor frank freek freya frederik geert gert gerda godelieve greet griet guido gust "
    "hanne hannes hans heidi hendrik herman hilde ilse ine inge ingrid ivo jana jan jasper jef "
    "jelle jens jeroen jo joke jolien joost joris jos jozef jules julie jurgen kaat karel karen "
    "karolien kathleen katrien kenny kim koen kris kristel kristof lander lars leen lena lien "
    "lies liesbeth lieve lieven linde lisa lore lotte lowie luc lukas maarten magda marc marieke "
    "marijke mark marthe mathias mats mieke mila nele nick niels nina noor nora patrick peter "
    "piet pieter rik rita ria robbe roel roos ruben rudi rudy saskia sander sanne seppe senne "
    "sien silke sofie staf stefan steven stijn sven tamara thijs tine tinne toon tuur veerle "
    "vicky vic ward warre wannes wendy werner wim willem wout yana yannick jonas jolijn jorn "
    "kobe lucas louis liam mats milan nathan noah stan tibo tijs vincent wout xander yentl "
    "annemie marleen marianne mireille nancy nadine patricia sabine sonja yvonne conny "
    // French / Walloon / Brussels
    "adele adrien agathe alain albert alexandre alexis alice aline amandine amelie anais andre "
    "anne anne-marie annick antoine arnaud arthur audrey aurelie aurelien axelle baptiste "
    "benedicte benoit bernard brigitte bruno camille capucine carole catherine cecile celine "
    "chantal charles chloe christian christiane christine claire claude clement colette "
    "corentin corinne cyril damien daniel danielle david delphine denis didier dominique "
    "edouard elise eloise emilie emile emmanuel eric estelle etienne fabienne fabrice florence "
    "florian francis francois francoise frederic gabriel gaelle gauthier genevieve georges "
    "gerard germaine ghislain gilles ginette gisele guillaume helene henri hugo ines isabelle "
    "jacqueline jacques jean jean-claude jean-luc jean-marc jean-marie jean-pierre jeanne "
    "jerome jocelyne josiane josephine julien juliette justine laetitia laurence laurent lea "
    "leon leonie lionel louise lucie lucien ludovic manon marcel margaux marguerite marie "
    "marie-claire marie-christine marie-jeanne marine martine mathilde matthieu maxime "
    "melanie michel micheline michele monique muriel murielle nadia nathalie nicolas noemie "
    "oceane odette olivier pascal pascale patrice paul paulette pauline philippe pierre "
    "quentin raphael raymond regine remi renaud rene robert roger romain rose sabrina sandrine "
    "sebastien serge severine simon simone solange sophie stephane stephanie sylvie thibault "
    "thierry thomas valentin valerie veronique victor victoire virginie xavier yves yvette "
    "zoe celia elodie gregory jordan kevin loic mathis maxence theo timothee ugo yann "
    // Moroccan / Arabic / Berber
    "abdel abdelaziz abdelkader abdellah abdelhak abderrahim adil ahmed aicha ali amal amina "
    "amine anas asma ayman ayoub aziz bilal brahim chaima driss fadoua farid fatima fatiha "
    "fouad ghizlane hafsa hajar hakim hamid hamza hanane hassan hicham hind houda ibrahim "
    "ilham ilias ilyas imane ismael ismail jamal jamila kamal karim karima khadija khalid "
    "latifa layla leila loubna malika meryem mehdi mohamed mohammed mostafa mourad mustapha "
    "nabil nadia naima najat nawal nordin nour omar rachid rachida reda said saida salima "
    "salma samir samira sana siham soufiane souad tarik wafa walid yassine yasmina yasmine "
    "younes youssef zakaria zineb zohra nadir nassim rayan sami soukaina meriem ikram "
    // Turkish
    "ahmet aylin ayse baris berk burak busra can cem deniz derya dilek ebru ece elif emine emre "
    "erdem eren esra fatma filiz furkan gizem gul hakan hatice hulya huseyin kaan kemal kerem "
    "kubra mehmet melek merve mert murat mustafa onur orhan osman ozan ozlem omer selim selin "
    "serkan sevda sevgi sibel songul tolga tuba ugur volkan yasin yigit yunus zeynep "
    // English / international
    "abigail adam alan amanda amy andrew angela anthony ashley barbara betty brandon brian "
    "carol charlie chloe christopher cynthia deborah dennis donna dorothy douglas dylan edward "
    "elizabeth emily ethan evelyn george gloria gregory hannah harry heather helen henry "
    "isabella jack jacob james jane janet jason jeffrey jennifer jeremy jessica joan john "
    "johnny jonathan joseph joshua joyce judith julia justin karen kate katherine keith "
    "kelly kenneth kyle laura lauren linda lucy margaret maria martha mary matthew megan "
    "melissa michael michelle nancy nicholas nicole oliver olivia oscar pamela priya rachel "
    "rebecca richard ronald ruth ryan samantha samuel sarah scott sean sharon shirley steven "
    "stephen susan teresa timothy tyler victoria walter william zachary sophia amelia ava "
    "poppy archie freddie alfie leo ellie isla chris tom tim sam max bob dan danny joe mike "
    "omar zoe priya raj ravi anil sunita deepak arjun "
    // Central and Eastern European, other communities in Belgium
    "agnieszka andrzej anna ewa katarzyna krzysztof magdalena marta piotr tomasz pawel "
    "marek joanna ivan olga dmitri elena natalia irina sergei alexei andrei mihai ioana "
    "bogdan florin adriana ana luis carlos jose manuel miguel pedro antonio francesca giulia "
    "giuseppe marco matteo paolo luca alessandro mamadou moussa aminata fatou ibrahima "
    "kofi amadou awa ousmane";

// Common ordinary words in Dutch, French or English that are also first names above.
constexpr std::string_view ambiguous_text =
    "ben bas can daisy fleur floor frank gust jack jade joke lien lies lore mark pierre rose "
    "roos said staf toon ward will leen elke claire amber victoire dominique ruth hanne "
    "marie-jeanne olive violette prudence constance grace joy patience iris jan lucky";

}  // namespace

std::unordered_set<std::string_view> word_set_of(std::string_view text) {
  std::unordered_set<std::string_view> set;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    if (j > i) set.insert(text.substr(i, j - i));
    i = j;
  }
  return set;
}

bool is_common_first_name(std::string_view folded) {
  static const std::unordered_set<std::string_view> names = word_set_of(names_text);
  return names.count(folded) > 0;
}

bool is_ambiguous_first_name(std::string_view folded) {
  static const std::unordered_set<std::string_view> names = word_set_of(ambiguous_text);
  return names.count(folded) > 0;
}

}  // namespace intervision
