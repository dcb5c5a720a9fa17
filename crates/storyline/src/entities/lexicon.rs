//! Word lists and the built-in gazetteer that the entity rules consult.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The three entity kinds, in the order used for votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Kind {
    Person,
    Place,
    Organisation,
}

impl Kind {
    pub(super) const ALL: [Kind; 3] = [Kind::Person, Kind::Place, Kind::Organisation];

    pub(super) fn as_str(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Place => "place",
            Kind::Organisation => "organisation",
        }
    }

    pub(super) fn index(self) -> usize {
        self as usize
    }
}

/// One gazetteer entry: a place or organisation with its canonical name.
#[derive(Debug)]
pub(super) struct GazEntry {
    pub name: String,
    pub kind: Kind,
}

/// A gazetteer key: folded tokens of one variant, and whether only all-capital text
/// matches it (acronyms such as `US`, `UN`, `EU`).
#[derive(Debug, Clone, Copy)]
pub(super) struct GazKey {
    pub entry: usize,
    pub caps_only: bool,
}

/// The compiled gazetteer.
#[derive(Debug, Default)]
pub(super) struct Gazetteer {
    pub entries: Vec<GazEntry>,
    /// Folded variant tokens joined by one space → entry.
    pub keys: HashMap<String, GazKey>,
    /// First token of any key → the largest number of tokens of a key starting with it.
    pub first: HashMap<String, usize>,
    /// Folded demonyms and similar adjectives ("russian", "western").
    pub demonyms: HashSet<String>,
}

const GAZETTEER_TXT: &str = include_str!("gazetteer.txt");

/// The built-in gazetteer, parsed once.
pub(super) fn gazetteer() -> &'static Gazetteer {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    GAZ.get_or_init(|| parse_gazetteer(GAZETTEER_TXT))
}

fn parse_gazetteer(text: &str) -> Gazetteer {
    let mut gaz = Gazetteer::default();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = line.split('|').map(str::trim);
        let kind = fields.next().unwrap_or("");
        let names: Vec<&str> = fields.filter(|f| !f.is_empty()).collect();
        let kind = match kind {
            "place" => Kind::Place,
            "organisation" => Kind::Organisation,
            "demonym" => {
                gaz.demonyms.extend(names.iter().map(|n| fold_key(n)));
                continue;
            }
            other => panic!("gazetteer.txt: unknown kind {other:?} in {line:?}"),
        };
        let Some(&canonical) = names.first() else {
            continue;
        };
        let entry = gaz.entries.len();
        gaz.entries.push(GazEntry {
            name: canonical.to_string(),
            kind,
        });
        for variant in names {
            let tokens = super::scan::key_tokens(variant);
            if tokens.is_empty() {
                continue;
            }
            let caps_only = variant
                .chars()
                .filter(|c| c.is_alphabetic())
                .all(|c| c.is_uppercase());
            let n = tokens.len();
            let key = tokens.join(" ");
            let first = tokens[0].clone();
            match gaz.keys.get_mut(&key) {
                // The same folded key from a mixed-case variant ("Nato") lifts the
                // capitals-only restriction of an acronym ("NATO").
                Some(k) if k.entry == entry => k.caps_only &= caps_only,
                Some(_) => {}
                None => {
                    gaz.keys.insert(key, GazKey { entry, caps_only });
                }
            }
            let max = gaz.first.entry(first).or_insert(0);
            *max = (*max).max(n);
        }
    }
    gaz
}

/// Folds one word the way the gazetteer and candidates are keyed: lowercase, no accents,
/// no dots (`U.S.` → `us`).
pub(super) fn fold_key(word: &str) -> String {
    if word.is_ascii() {
        let mut out = String::with_capacity(word.len());
        out.extend(
            word.chars()
                .filter(|&c| c != '.')
                .map(|c| c.to_ascii_lowercase()),
        );
        return out;
    }
    storyline_model::text::fold(word)
        .chars()
        .filter(|&c| c != '.')
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

/// Declares `pub(crate) fn $name(word: &str) -> bool`: membership in a list of folded words
/// written as one whitespace-separated string.
macro_rules! word_set {
    ($name:ident, $words:expr) => {
        pub(crate) fn $name(word: &str) -> bool {
            static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
            SET.get_or_init(|| $words.split_whitespace().collect())
                .contains(word)
        }
    };
}

// Capitalised words that are never a name on their own: function words, sentence
// adverbs, ordinals, compass points and web furniture.
word_set!(
    is_stopword,
    "a an the this that these those it its he she they we you i his her their our my your \
     him them us there here what when where why how who whom whose which while whether if \
     but and or nor so yet also however meanwhile moreover furthermore nevertheless \
     nonetheless still then thus therefore instead indeed overall separately concurrently \
     additionally earlier later today tomorrow yesterday tonight now last next following \
     according after before during since until under over among amid amidst despite \
     although though as at by for from in into on of off to with without about ahead \
     against across around between both each every all some many most more much few \
     several any no not none one two three four five six seven eight nine ten first \
     second third fourth fifth finally lastly related read advertisement subscribe share \
     click photo image video source update updated breaking live watch listen yes please \
     let such like even just only once again already perhaps maybe because unlike upon \
     within throughout toward towards via per whereas north south east west northeast \
     northwest southeast southwest central new old former current other another same said \
     says ok okay oh well thanks thank dear hello note editor copyright rights reserved \
     comment comments reply home menu search login sign continue discover check see \
     follow tags tag topics date icon page top story stories news world politics business \
     opinion analysis sport sports don't i'm it's we're they're he's she's that's there's \
     what's given asked including regarding ii iii iv vi vii viii ix xi xii key main \
     major big important latest recent early late full official"
);

// Function words: after a title they start the next sentence ("11:47 PM The company"),
// never a name. A narrower list than `is_stopword`, which also holds nouns of page
// furniture ("World", "News") that can start a name ("World Vision").
word_set!(
    is_function_word,
    "a an the this that these those it its he she they we you i his her their our my your \
     there here in on at of with under over for from by to as every each all some any no \
     yes and or but if when while"
);

word_set!(
    is_month,
    "january february march april may june july august september october november \
     december jan feb mar apr jun jul aug sep sept oct nov dec"
);

word_set!(
    is_weekday,
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur \
     thurs fri sat sun"
);

/// A US politician's party and state, as written after the name ("Sen. Charles E. Schumer
/// (D-N.Y.)", "Rep. Ron Paul, R-Texas"), folded: `d-ny`, `r-texas`, `i-vt`. Its first part
/// alone (`D-N` of "D-N.Y.") is one too.
pub(super) fn is_party_and_state(key: &str) -> bool {
    key.split_once('-').is_some_and(|(party, state)| {
        matches!(party, "d" | "r" | "i")
            && (1..=6).contains(&state.len())
            && state.bytes().all(|b| b.is_ascii_lowercase())
    })
}

/// AP-style abbreviations of US states after a place ("Grand Isle, La.", "Mobile, Ala.",
/// "Trenton, N.J."), folded with dots removed. `Some(Some(name))`: the state's folded name;
/// `Some(None)`: a state the gazetteer would name wrongly (its "Georgia" is the country,
/// its "Washington" the capital); `None`: not such an abbreviation. Only meaningful in that
/// context: "La", "Miss", "Pa" and "Mass" are other words elsewhere.
pub(super) fn ap_state(key: &str) -> Option<Option<&'static str>> {
    const STATES: &[(&str, Option<&str>)] = &[
        ("ala", Some("alabama")),
        ("ariz", Some("arizona")),
        ("ark", Some("arkansas")),
        ("calif", Some("california")),
        ("colo", Some("colorado")),
        ("conn", Some("connecticut")),
        ("del", Some("delaware")),
        ("fla", Some("florida")),
        ("ga", None),
        ("ill", Some("illinois")),
        ("ind", Some("indiana")),
        ("kan", Some("kansas")),
        ("ky", Some("kentucky")),
        ("la", Some("louisiana")),
        ("md", Some("maryland")),
        ("mass", Some("massachusetts")),
        ("mich", Some("michigan")),
        ("minn", Some("minnesota")),
        ("miss", Some("mississippi")),
        ("mo", Some("missouri")),
        ("mont", Some("montana")),
        ("neb", Some("nebraska")),
        ("nev", Some("nevada")),
        ("nh", Some("new hampshire")),
        ("nj", Some("new jersey")),
        ("nm", Some("new mexico")),
        ("ny", Some("new york")),
        ("nc", Some("north carolina")),
        ("nd", Some("north dakota")),
        ("okla", Some("oklahoma")),
        ("ore", Some("oregon")),
        ("pa", Some("pennsylvania")),
        ("ri", Some("rhode island")),
        ("sc", Some("south carolina")),
        ("sd", Some("south dakota")),
        ("tenn", Some("tennessee")),
        ("vt", Some("vermont")),
        ("va", Some("virginia")),
        ("wash", None),
        ("wis", Some("wisconsin")),
        ("wyo", Some("wyoming")),
    ];
    STATES
        .iter()
        .find(|(abbr, _)| *abbr == key)
        .map(|(_, state)| *state)
}

// Capitalised titles and their modifiers: stripped from the front of person names.
word_set!(
    is_title,
    "president vice prime minister ministers chancellor secretary foreign defence defense \
     interior finance economy justice deputy chief acting interim governor gov mayor senator \
     sen rep representative congressman congresswoman ambassador envoy special spokesman \
     spokeswoman spokesperson king queen prince princess pope general gen colonel col lt \
     lieutenant captain capt admiral adm commander cmdr sergeant sgt major marshal judge \
     attorney leader premier chairman chairwoman chair director ceo cfo head mr mrs ms \
     miss dr prof professor sir lord lady dame sheikh emir crown supreme patriarch \
     archbishop bishop cardinal speaker counsel adviser advisor aide negotiator \
     presidential opposition former late first executive senior top assistant \
     undersecretary commissioner high officer national security state chairperson mp pm \
     mep chancellor-elect president-elect secretary-general founder co-founder coach rev \
     father sister brother saint st jr sr rear"
);

// Title words after which a name follows ("President", "Minister"); modifiers such as
// "Foreign" or "Deputy" are titles only when one of these comes after them.
word_set!(
    is_title_head,
    "president minister chancellor secretary governor gov mayor senator sen rep \
     representative congressman congresswoman ambassador envoy spokesman spokeswoman \
     spokesperson king queen prince princess pope general gen colonel col lt lieutenant \
     captain capt admiral adm commander cmdr sergeant sgt marshal judge attorney leader \
     premier chairman chairwoman chair director ceo cfo mr mrs ms miss dr prof professor \
     sir lord lady dame sheikh emir patriarch archbishop bishop cardinal speaker counsel \
     adviser advisor aide negotiator undersecretary commissioner officer chairperson mp \
     pm mep chancellor-elect president-elect secretary-general founder co-founder coach \
     rev head executive"
);

// Lowercase role nouns that announce a person's name right after them
// ("spokesman Dmitry Peskov", "Putin's aide Vladimir Medinsky").
word_set!(
    is_role_noun,
    "spokesman spokeswoman spokesperson aide adviser advisor envoy minister president \
     negotiator leader chief official lawyer chancellor secretary governor mayor \
     ambassador senator commander general prosecutor judge director ceo founder analyst \
     professor journalist correspondent reporter mr mrs ms dr premier chairman chairwoman \
     candidate lawmaker deputy head colleague counterpart wife husband son daughter \
     father mother brother sister widow author writer activist dissident blogger \
     economist expert researcher scientist actor actress singer player coach captain \
     striker king queen prince princess pope emperor dictator strongman rival successor \
     predecessor ally victim suspect defendant businessman businesswoman billionaire \
     tycoon oligarch mp politician diplomat ombudsman representative speaker commissioner \
     councillor councilor pastor priest cleric imam rabbi bishop"
);

// Verbs that, right after a name, mark a speaker or actor: usually a person.
word_set!(
    is_speech_verb,
    "said says told added stated wrote tweeted posted noted remarked emphasized \
     emphasised stressed warned insisted explained argued claimed replied asked urged \
     recalled acknowledged admitted denied believes thinks hopes wants spoke speaks met \
     resigned died smiled laughed declared vowed pledged suggested revealed mentioned \
     indicated commented"
);

// Lowercase nouns that, right after a name, make it a place ("the Kherson region").
word_set!(
    is_place_noun_after,
    "region regions city province district oblast village town border area capital port \
     airport front county state governorate peninsula valley river coast island islands \
     mountains desert strait sea bay gulf lake suburb neighbourhood neighborhood \
     municipality prefecture settlement enclave exclave frontline shore"
);

// Lowercase words that, right before a name, make it a place ("in Istanbul").
word_set!(
    is_place_word_before,
    "in near outside across around inside city town village capital port island province \
     region"
);

// Lowercase nouns that, right after a name, make it an organisation ("the TASS news agency").
// Not "administration": what names it is its head ("the Bush administration").
word_set!(
    is_org_noun_after,
    "agency newspaper company firm group party broadcaster network bank channel \
     corporation militia movement outlet daily magazine website ministry government \
     organization organisation institute university faction alliance"
);

// Capitalised words that make the name they end (or contain) an organisation.
word_set!(
    is_org_head,
    "ministry agency council union commission committee parliament party army forces \
     force bank fund organisation organization association institute institution \
     university college school court department office service services company \
     corporation corp inc ltd llc plc group news times post journal press tv radio herald \
     tribune gazette telegraph guardian assembly congress senate alliance police navy \
     guard airlines airways foundation federation league club authority board bureau \
     centre center centres centers chamber coalition front movement network secretariat \
     tribunal cabinet government administration directorate command brigade battalion regiment division \
     corps intelligence media television broadcasting channel pravda izvestia kommersant \
     daily weekly review monitor observer independent express mirror wire reporters \
     partners holdings industries systems technologies motors energy petroleum oil gas \
     pharmaceuticals academy society trust mission delegation"
);

/// A word of an organisation's name in one spelling: American for British ("centre",
/// "organisation", "defence", "programme", "labour") and "center" for "centers", so
/// that the spellings of one name compare equal.
pub(super) fn org_spelling(word: &str) -> &str {
    match word {
        "centre" | "centres" | "centers" => "center",
        "organisation" => "organization",
        "organisations" => "organizations",
        "defence" => "defense",
        "programme" => "program",
        "labour" => "labor",
        other => other,
    }
}

// A firm's legal form, at the end of its name ("BP Plc", "Transocean Ltd").
word_set!(
    is_legal_form,
    "plc ltd corp corporation inc incorporated co company llc llp lp limited sa ag nv spa \
     gmbh"
);

// Capitalised words that make the name they end a place.
word_set!(
    is_place_head,
    "sea ocean river mountains mountain mount mt island islands peninsula airport street \
     square avenue province region oblast krai gulf bay lake valley desert strait canal \
     county district city town village bridge palace cathedral park plaza heights coast \
     basin channel hills plain plains highlands republic kingdom emirate territory \
     territories state sound"
);

// Place heads that name a natural feature by what follows "of" ("Gulf of Mexico", "Sea
// of Azov", "Strait of Hormuz"); "State of Israel" or "City of London" are not features
// and stay the place they name.
word_set!(
    is_feature_head,
    "sea ocean river mount island islands isle peninsula gulf bay lake strait straits \
     canal valley basin coast cape"
);

// Connectors allowed inside a name ("Ministry of Defence", "Ngũgĩ wa Thiong’o").
word_set!(
    is_connector,
    "of the de von van der den bin al el wa da del la le du dos das y ibn abu"
);

// Capitalised acronyms that are not organisations, nor any name on their own (nor their
// plurals: "MPs", "NGOs"): units, time zones, media, diseases, roles.
word_set!(
    is_common_acronym,
    "ceo cfo gdp ai tv pm am fm mp id ok ii iii iv vi vii viii ix xi usd eur gbp km kg \
     mph pdf faq rss url vip diy q a dna hiv aids covid lgbt lgbtq ufo atm gps ip it pr \
     hq ps uk us i ad bc ce bce et pt gmt utc edt est cdt cst mdt mst pdt pst cet cest \
     bst dm rt op ed re fw nb \
     asap aka etc ie eg vs wwii wwi don't icbm icbms drone uav uavs mw gw kw sms suv mr \
     mrs ms dr st jr sr hd lng co2 ppe its ep lp cd dvd npc ngo ngos"
);

// Capitalised words that end the name of an event, a law or a document, which are not
// entities ("Bastille Day", "Super Bowl", "Minsk Agreement").
word_set!(
    is_event_head,
    "day week weekend cup games olympics championship championships prix bowl series \
     festival awards award prize war wars summit conference forum agreement accord \
     accords treaty act bill law plan initiative program programme project strategy \
     doctrine declaration protocol deal talks papers report index open marathon tour \
     season election elections referendum revolution crisis attack attacks massacre \
     offensive operation storm hurricane show album film movie book novel song edition \
     version model year eve christmas easter ramadan"
);

// Lowercase words after an organisation's possessive ("Qualcomm's shares").
word_set!(
    is_org_possession,
    "shares stock stocks ceo cfo executives employees staff headquarters board products \
     customers revenue revenues profit profits sales earnings app platform website users \
     subscribers shareholders investors stores factory factories chairman founder members \
     membership secretariat charter mandate budget"
);

// Lowercase nouns that, right before a name, make it an organisation ("law firm Mossack Fonseca").
word_set!(
    is_org_noun_before,
    "firm company group agency bank newspaper broadcaster carrier airline retailer \
     chipmaker carmaker automaker maker manufacturer startup start-up insurer lender \
     party club team giant conglomerate outlet publisher network charity nonprofit \
     watchdog regulator militia organisation organization"
);

/// The formal given name an English short form stands for ("bob" → "robert", "bill" →
/// "william"), or the name itself. A short form that is a prefix of its name ("ed",
/// "chris") needs no entry: `merge` takes prefixes as the same given name.
pub(super) fn formal_given(word: &str) -> &str {
    static MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    let map = MAP.get_or_init(|| {
        // formal: its short forms
        "robert: bob bobby rob robbie | william: bill billy will willie liam | \
         james: jim jimmy jamie | michael: mike mick mickey | thomas: tom tommy | \
         richard: dick rick ricky rich richie | david: dave davy | joseph: joe joey | \
         anthony: tony | edward: ted teddy ned eddie | kenneth: ken kenny | \
         ronald: ron ronnie | donald: don donny | john: jack johnny | peter: pete | \
         stephen: steve | samuel: sam sammy | daniel: dan danny | \
         matthew: matt | andrew: andy drew | alexander: alex sandy | \
         nicholas: nick nicky | patrick: pat paddy | elizabeth: liz lizzie beth betty \
         bess | katherine: kate katie kathy kay | catherine: cathy | margaret: maggie \
         meg peggy | susan: sue susie | jennifer: jenny jen | lawrence: larry | \
         henry: harry hank | charles: chuck charlie chas | gregory: greg | \
         gerald: jerry gerry | frederick: fred freddie | benjamin: ben benny | \
         timothy: tim timmy | raymond: ray | francis: frank | eugene: gene | \
         jeffrey: jeff | walter: walt | albert: bert | nathaniel: nate nat | \
         christopher: chris kit | theodore: theo | abraham: abe | leonard: len lenny | \
         victoria: vicky | rebecca: becky | deborah: debbie deb | barbara: barb \
         barbie | dorothy: dot dottie | zachary: zach | vincent: vince | \
         douglas: doug | randolph: randy | philip: phil | terence: terry"
            .split('|')
            .flat_map(|entry| {
                let (formal, short) = entry.split_once(':').expect("formal: short forms");
                let formal = formal.trim();
                short.split_whitespace().map(move |s| (s, formal))
            })
            .collect()
    });
    map.get(word).copied().unwrap_or(word)
}
