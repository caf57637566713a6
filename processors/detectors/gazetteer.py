"""Countries, blocs, capitals-as-metonyms, government bodies, and people.

Everything maps to the short country names the event model uses ("US",
"China", "EU", ...). People are recognised two ways: a list of heads of
state/government and senior trade officials (past and present) with their
aliases, and, for anybody else, their title ("President X", "Prime Minister
X", "Trade Minister X", "X, the trade minister").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------- countries
# short name -> names, adjectives, capitals and seats of government (metonyms).
_COUNTRIES: dict[str, list[str]] = {
    "US": ["United States", "United States of America", "U.S.A.", "U.S.", "US", "USA", "America",
           "American", "Americans", "Washington", "White House", "Pentagon", "State Department",
           "Commerce Department", "Treasury Department", "Reagan administration",
           "Trump administration", "Biden administration", "Bush administration",
           "Obama administration", "Clinton administration", "USTR"],
    "China": ["China", "Chinese", "People's Republic of China", "PRC", "Beijing", "Peking",
              "Zhongnanhai", "MOFCOM"],
    "Japan": ["Japan", "Japanese", "Tokyo", "MITI", "METI", "Kantei"],
    "EU": ["European Union", "European Community", "European Economic Community", "EC", "EEC",
           "EU", "Brussels", "European Commission", "EC Commission", "Twelve"],
    "UK": ["United Kingdom", "U.K.", "UK", "Britain", "Great Britain", "British", "London",
           "Downing Street", "Whitehall"],
    "Canada": ["Canada", "Canadian", "Canadians", "Ottawa"],
    "Mexico": ["Mexico", "Mexican", "Mexicans", "Mexico City"],
    "South Korea": ["South Korea", "South Korean", "Republic of Korea", "Korea", "Korean", "Seoul",
                    "Blue House"],
    "North Korea": ["North Korea", "North Korean", "Pyongyang"],
    "Taiwan": ["Taiwan", "Taiwanese", "Taipei", "Republic of China"],
    "Brazil": ["Brazil", "Brazilian", "Brasilia"],
    "India": ["India", "Indian", "New Delhi"],
    "Russia": ["Russia", "Russian", "Russians", "Soviet Union", "Soviet", "Soviets", "USSR",
               "U.S.S.R.", "Moscow", "Kremlin"],
    "Germany": ["Germany", "German", "West Germany", "West German", "Federal Republic", "Bonn",
                "Berlin"],
    "East Germany": ["East Germany", "East German"],
    "France": ["France", "French", "Paris", "Elysee", "Élysée", "Franco"],
    "Italy": ["Italy", "Italian", "Rome"],
    "Spain": ["Spain", "Spanish", "Madrid"],
    "Portugal": ["Portugal", "Portuguese", "Lisbon"],
    "Netherlands": ["Netherlands", "Dutch", "Holland", "The Hague"],
    "Belgium": ["Belgium", "Belgian"],
    "Switzerland": ["Switzerland", "Swiss", "Berne", "Bern"],
    "Austria": ["Austria", "Austrian", "Vienna"],
    "Sweden": ["Sweden", "Swedish", "Stockholm"],
    "Norway": ["Norway", "Norwegian", "Oslo"],
    "Denmark": ["Denmark", "Danish", "Copenhagen"],
    "Finland": ["Finland", "Finnish", "Helsinki"],
    "Ireland": ["Ireland", "Irish", "Dublin"],
    "Greece": ["Greece", "Greek", "Athens"],
    "Poland": ["Poland", "Polish", "Warsaw"],
    "Hungary": ["Hungary", "Hungarian", "Budapest"],
    "Czechoslovakia": ["Czechoslovakia", "Czechoslovak"],
    "Czech Republic": ["Czech Republic", "Czechia", "Czech", "Prague"],
    "Romania": ["Romania", "Romanian", "Bucharest"],
    "Ukraine": ["Ukraine", "Ukrainian", "Kyiv", "Kiev"],
    "Turkey": ["Turkey", "Turkish", "Ankara", "Turkiye", "Türkiye"],
    "Israel": ["Israel", "Israeli", "Jerusalem"],
    "Iran": ["Iran", "Iranian", "Tehran"],
    "Iraq": ["Iraq", "Iraqi", "Baghdad"],
    "Saudi Arabia": ["Saudi Arabia", "Saudi", "Riyadh"],
    "UAE": ["United Arab Emirates", "UAE", "Emirati", "Abu Dhabi"],
    "Egypt": ["Egypt", "Egyptian", "Cairo"],
    "South Africa": ["South Africa", "South African", "Pretoria"],
    "Nigeria": ["Nigeria", "Nigerian", "Lagos", "Abuja"],
    "Kenya": ["Kenya", "Kenyan", "Nairobi"],
    "Australia": ["Australia", "Australian", "Canberra"],
    "New Zealand": ["New Zealand", "Wellington"],
    "Indonesia": ["Indonesia", "Indonesian", "Jakarta"],
    "Malaysia": ["Malaysia", "Malaysian", "Kuala Lumpur"],
    "Thailand": ["Thailand", "Thai", "Bangkok"],
    "Philippines": ["Philippines", "Philippine", "Filipino", "Manila"],
    "Vietnam": ["Vietnam", "Vietnamese", "Hanoi"],
    "Singapore": ["Singapore", "Singaporean"],
    "Hong Kong": ["Hong Kong"],
    "Pakistan": ["Pakistan", "Pakistani", "Islamabad"],
    "Bangladesh": ["Bangladesh", "Bangladeshi", "Dhaka"],
    "Argentina": ["Argentina", "Argentine", "Argentinian", "Buenos Aires"],
    "Chile": ["Chile", "Chilean", "Santiago"],
    "Peru": ["Peru", "Peruvian", "Lima"],
    "Colombia": ["Colombia", "Colombian", "Bogota"],
    "Venezuela": ["Venezuela", "Venezuelan", "Caracas"],
    "Bolivia": ["Bolivia", "Bolivian", "La Paz"],
    "Ecuador": ["Ecuador", "Ecuadorean", "Ecuadorian", "Quito"],
    "Uruguay": ["Uruguay", "Uruguayan", "Montevideo"],
    "Cuba": ["Cuba", "Cuban", "Havana"],
    "Nicaragua": ["Nicaragua", "Nicaraguan", "Managua"],
    "Chad": ["Chad", "Chadian"],
    "Libya": ["Libya", "Libyan", "Tripoli"],
    "Zaire": ["Zaire"],
    "Iceland": ["Iceland", "Icelandic"],
    "Senegal": ["Senegal"],
    "Tunisia": ["Tunisia", "Tunisian"],
    "Morocco": ["Morocco", "Moroccan"],
    "Algeria": ["Algeria", "Algerian"],
    "Kuwait": ["Kuwait", "Kuwaiti"],
    "Qatar": ["Qatar", "Qatari", "Doha"],
    "Syria": ["Syria", "Syrian", "Damascus"],
    "Jordan": ["Jordanian", "Amman"],
    "Lebanon": ["Lebanon", "Lebanese", "Beirut"],
    "Afghanistan": ["Afghanistan", "Afghan", "Kabul"],
    "Sri Lanka": ["Sri Lanka", "Sri Lankan", "Colombo"],
    "Cambodia": ["Cambodia", "Cambodian", "Phnom Penh"],
    "Myanmar": ["Myanmar", "Burma", "Burmese"],
    "Luxembourg": ["Luxembourg"],
    "Costa Rica": ["Costa Rica"],
    "Honduras": ["Honduras"],
    "Guatemala": ["Guatemala"],
    "Panama": ["Panama"],
    "Dominican Republic": ["Dominican Republic"],
    "Papua New Guinea": ["Papua New Guinea"],
    "Yugoslavia": ["Yugoslavia", "Yugoslav", "Belgrade"],
    "Serbia": ["Serbia", "Serbian"],
    "Bulgaria": ["Bulgaria", "Bulgarian", "Sofia"],
    "Kazakhstan": ["Kazakhstan"],
    "ASEAN": ["ASEAN", "Association of Southeast Asian Nations"],
    "OPEC": ["OPEC", "Organization of Petroleum Exporting Countries"],
    "ATPC": ["ATPC", "Association of Tin Producing Countries"],
}
# Blocs: count as parties but are not a "country" for location purposes.
BLOCS = {"EU", "ASEAN", "OPEC", "ATPC"}
# Seats of government / institutions that are metonyms but not places.
_NON_PLACES = {"White House", "Pentagon", "State Department", "Commerce Department",
               "Treasury Department", "Reagan administration", "Trump administration",
               "Biden administration", "Bush administration", "Obama administration",
               "Clinton administration", "USTR", "MITI", "METI", "Kantei", "Zhongnanhai",
               "MOFCOM", "Kremlin", "Downing Street", "Whitehall", "Elysee", "Élysée",
               "Blue House", "European Commission", "EC Commission", "Twelve", "Franco"}
# Capitals and cities usable as meeting locations.
CITY_COUNTRY: dict[str, str] = {}
_ADJECTIVES: set[str] = set()
ALIAS_TO_COUNTRY: dict[str, str] = {}
for _short, _names in _COUNTRIES.items():
    for _n in _names:
        ALIAS_TO_COUNTRY[_n] = _short
for _short, _names in _COUNTRIES.items():
    for _n in _names[1:]:
        if _n.endswith(("an", "ese", "ish", "ian", "ic", "i", "ch", "ss", "ek", "ai", "ino")) and _n not in (
                "Washington", "Tehran", "Pakistan", "Afghanistan", "Kazakhstan", "Japan", "Taiwan",
                "Iran", "Oman", "Sudan", "Amman", "Manila", "Beirut") and " " not in _n:
            _ADJECTIVES.add(_n)
_ADJECTIVES |= {"West German", "East German", "South Korean", "North Korean", "South African",
                "Sri Lankan", "New Zealand", "Saudi", "Thai", "Swiss", "Dutch", "Danish", "Irish",
                "Greek", "Turkish", "Franco", "Emirati", "Filipino"}
ADJECTIVES = frozenset(_ADJECTIVES)
_EXTRA_CITIES = {
    "Geneva": "Switzerland", "Venice": "Italy", "Punta del Este": "Uruguay", "Osaka": "Japan",
    "Shanghai": "China", "Gyeongju": "South Korea", "Busan": "South Korea", "Davos": "Switzerland",
    "Toronto": "Canada", "Montreal": "Canada", "New York": "US", "Camp David": "US",
    "Mar-a-Lago": "US", "Hiroshima": "Japan", "Rio de Janeiro": "Brazil", "Sao Paulo": "Brazil",
    "Taupo": "New Zealand", "Oruro": "Bolivia", "Dalian": "China", "Stockholm": "Sweden",
    "Luxembourg": "Luxembourg", "Saarbruecken": "Germany", "Frankfurt": "Germany",
    "Reykjavik": "Iceland", "Helsinki": "Finland", "Strasbourg": "France", "Naples": "Italy",
    "Hamburg": "Germany", "Munich": "Germany", "Sydney": "Australia", "Hanoi": "Vietnam",
    "Jeddah": "Saudi Arabia", "Istanbul": "Turkey", "Anchorage": "US", "Alaska": "US",
    "Honolulu": "US", "Hawaii": "US", "Vladivostok": "Russia", "St Petersburg": "Russia",
    # cities that host leaders' meetings and trade talks today
    "Tianjin": "China", "Hangzhou": "China", "Guangzhou": "China", "Shenzhen": "China", "Xi'an": "China",
    "Chengdu": "China", "Kyoto": "Japan", "Nagoya": "Japan", "Incheon": "South Korea", "Jeju": "South Korea",
    "Mumbai": "India", "Bengaluru": "India", "Kolkata": "India", "Ho Chi Minh City": "Vietnam",
    "Da Nang": "Vietnam", "Karachi": "Pakistan", "Lahore": "Pakistan", "Dubai": "UAE", "Sharm el-Sheikh": "Egypt",
    "Kananaskis": "Canada", "Vancouver": "Canada", "Quebec City": "Canada", "Calgary": "Canada",
    "Monterrey": "Mexico", "Guadalajara": "Mexico", "Belem": "Brazil", "Belém": "Brazil",
    "Los Angeles": "US", "San Francisco": "US", "Chicago": "US", "Miami": "US", "Palm Beach": "US",
    "Seattle": "US", "Boston": "US", "Houston": "US", "Zurich": "Switzerland",
    "Lugano": "Switzerland", "Milan": "Italy", "Florence": "Italy", "Barcelona": "Spain", "Seville": "Spain",
    "Marseille": "France", "Toulon": "France", "Lyon": "France", "Chequers": "UK",
    "Edinburgh": "UK", "Manchester": "UK", "Turnberry": "UK", "Windsor": "UK", "Aberdeen": "UK",
    "Cologne": "Germany", "Bonn": "Germany", "Amsterdam": "Netherlands",
    "Antwerp": "Belgium", "Krakow": "Poland", "Gdansk": "Poland", "Vilnius": "Lithuania", "Riga": "Latvia",
    "Tallinn": "Estonia", "Astana": "Kazakhstan", "Almaty": "Kazakhstan", "Tashkent": "Uzbekistan",
    "Minsk": "Belarus", "Yerevan": "Armenia", "Baku": "Azerbaijan", "Tbilisi": "Georgia",
    "Muscat": "Oman", "Manama": "Bahrain", "Putrajaya": "Malaysia",
    "Bali": "Indonesia", "Nusa Dua": "Indonesia", "Cebu": "Philippines", "Auckland": "New Zealand",
    "Melbourne": "Australia", "Brisbane": "Australia", "Perth": "Australia", "Johannesburg": "South Africa",
    "Cape Town": "South Africa", "Addis Ababa": "Ethiopia", "Kigali": "Rwanda", "Accra": "Ghana",
}
for _short, _names in _COUNTRIES.items():
    for _n in _names:
        if _n in _NON_PLACES or _n in ADJECTIVES or _short in BLOCS:
            continue
        CITY_COUNTRY[_n] = _short
CITY_COUNTRY.update(_EXTRA_CITIES)
COUNTRY_PLACE_NAMES = {n for s, names in _COUNTRIES.items() for n in names[:1]}

# Words that, right after a country word, make it something other than the country
# acting ("U.S. dollar", "Japanese yen", "American Express").
_NOT_ACTOR_AFTER = re.compile(
    r"\s*(?:dollars?|dlrs?|yen|marks?|francs?|pounds?|sterling|won|lira|currency|unit|"
    r"Express|Airlines?|Motors|Steel|Bank(?!\s+of)|banks|banking|market|markets|Stock Exchange|stocks?|"
    r"bonds?|Treasury\s+bonds?|Treasur(?:y|ies)\s+(?:bills?|notes?|market)|Grain|Soybean Association)\b",
    re.I)

def trie_pattern(words) -> str:
    """A regex body matching any of `words`, built as a character trie so that
    the engine never tries the alternatives one by one (longest match first)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        end = "" in node
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        if len(alts) == 1 and not end:
            return alts[0]
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if end else body

    return build(trie)


def names_regex(names) -> re.Pattern:
    """Whole-word occurrences of any of the names, with an optional "'s"."""
    # One branch per first letter, each starting with that letter as a literal:
    # a pattern that starts with literals lets the engine skip ahead over the
    # text in C (a leading look-around does not). The "not inside a word" test
    # comes right after the first letter, as a look-behind over two characters.
    groups: dict[str, list[str]] = {}
    for n in names:
        groups.setdefault(n[0], []).append(n[1:])
    alts = []
    for ch in sorted(groups):
        rest = [r for r in groups[ch] if r]
        body = trie_pattern(rest) if rest else ""
        if body and len(rest) < len(groups[ch]):  # a one-letter name as well
            body = "(?:" + body + ")?"
        alts.append(re.escape(ch) + r"(?<![\w.'’].)" + body)
    return re.compile("(?:" + "|".join(alts) + r")(?![^\W_])(?:'s)?")


# Country names, adjectives and metonyms ("Korea" in 1987 copy means South Korea).
COUNTRY_RE = names_regex(ALIAS_TO_COUNTRY)


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    country: str
    actor: bool  # can be the subject of a government act


_CITY_COMMA = re.compile(r"([A-Z][\w-]*(?:\s+(?:del\s+)?[A-Z][\w-]*)*),\s*$")


def find_countries(sentence: str) -> list[Mention]:
    """Country mentions in a sentence, in order."""
    out: list[Mention] = []
    for m in COUNTRY_RE.finditer(sentence):
        raw = m.group(0)
        start, end = m.span()
        name = raw[:-2] if raw.endswith("'s") else raw
        if name == "US" and not _us_is_country(sentence, start):
            continue
        if name == "Twelve" and "the Twelve" not in sentence:
            continue
        country = ALIAS_TO_COUNTRY[name]
        if name == "EC" and sentence[end:end + 1] == "U":  # "ECU"
            continue
        actor = not _NOT_ACTOR_AFTER.match(sentence, end)
        if name == "Uruguay" and sentence[end:end + 6].lower() == " round":
            continue
        # the last non-blank character before the name is a comma ("Punta del Este, Uruguay")
        j = start - 1
        while j >= 0 and sentence[j].isspace():
            j -= 1
        if j >= 0 and sentence[j] == ",":
            pre = _CITY_COMMA.search(sentence, max(0, start - 60), start)
            if pre and pre.group(1) in CITY_COUNTRY:
                actor = False  # "Punta del Este, Uruguay": a place
        out.append(Mention(start, end, name, country, actor))
    return out


def _us_is_country(sentence: str, pos: int) -> bool:
    # "US" in upper case headlines is a country; "us" pronoun is lower case
    # and never matches. Guard against "US$".
    return sentence[pos + 2:pos + 3] != "$"


# ------------------------------------------------------------------- people
@dataclass(frozen=True, slots=True)
class Person:
    name: str
    country: str
    role: str  # "leader" or "official"


# Heads of state / government, past and present: full name -> country.
_LEADERS: dict[str, str] = {
    # United States
    "Donald Trump": "US", "Joe Biden": "US", "Barack Obama": "US", "George W. Bush": "US",
    "Bill Clinton": "US", "George Bush": "US", "Ronald Reagan": "US", "Jimmy Carter": "US",
    "Gerald Ford": "US", "Richard Nixon": "US",
    # China
    "Xi Jinping": "China", "Li Qiang": "China", "Li Keqiang": "China", "Hu Jintao": "China",
    "Wen Jiabao": "China", "Jiang Zemin": "China", "Zhu Rongji": "China", "Li Peng": "China",
    "Zhao Ziyang": "China", "Deng Xiaoping": "China", "Hu Yaobang": "China", "Yang Shangkun": "China",
    "Li Xiannian": "China",
    # Japan
    "Sanae Takaichi": "Japan", "Shigeru Ishiba": "Japan", "Fumio Kishida": "Japan",
    "Yoshihide Suga": "Japan", "Shinzo Abe": "Japan", "Yoshihiko Noda": "Japan",
    "Junichiro Koizumi": "Japan", "Yasuhiro Nakasone": "Japan", "Noboru Takeshita": "Japan",
    "Emperor Hirohito": "Japan", "Emperor Naruhito": "Japan",
    # Europe
    "Margaret Thatcher": "UK", "John Major": "UK", "Tony Blair": "UK", "Gordon Brown": "UK",
    "David Cameron": "UK", "Theresa May": "UK", "Boris Johnson": "UK", "Liz Truss": "UK",
    "Rishi Sunak": "UK", "Keir Starmer": "UK", "King Charles": "UK", "Queen Elizabeth": "UK",
    "Helmut Kohl": "Germany", "Gerhard Schroeder": "Germany", "Angela Merkel": "Germany",
    "Olaf Scholz": "Germany", "Friedrich Merz": "Germany", "Richard von Weizsaecker": "Germany",
    "Richard Von Weizsaecker": "Germany", "Frank-Walter Steinmeier": "Germany",
    "Francois Mitterrand": "France", "Jacques Chirac": "France", "Nicolas Sarkozy": "France",
    "Francois Hollande": "France", "Emmanuel Macron": "France", "Edouard Balladur": "France",
    "Bettino Craxi": "Italy", "Amintore Fanfani": "Italy", "Giovanni Goria": "Italy",
    "Francesco Cossiga": "Italy", "Giorgia Meloni": "Italy", "Mario Draghi": "Italy",
    "Silvio Berlusconi": "Italy", "Felipe Gonzalez": "Spain", "Pedro Sanchez": "Spain",
    "Ruud Lubbers": "Netherlands", "Mark Rutte": "Netherlands", "Dick Schoof": "Netherlands",
    "Wilfried Martens": "Belgium", "Ingvar Carlsson": "Sweden", "Olof Palme": "Sweden",
    "Ulf Kristersson": "Sweden", "Gro Harlem Brundtland": "Norway", "Poul Schlueter": "Denmark",
    "Mette Frederiksen": "Denmark", "Mauno Koivisto": "Finland", "Franz Vranitzky": "Austria",
    "Kurt Waldheim": "Austria", "Garret FitzGerald": "Ireland", "Charles Haughey": "Ireland",
    "Andreas Papandreou": "Greece", "Anibal Cavaco Silva": "Portugal", "Mario Soares": "Portugal",
    "Mikhail Gorbachev": "Russia", "Boris Yeltsin": "Russia", "Vladimir Putin": "Russia",
    "Dmitry Medvedev": "Russia", "Nikolai Ryzhkov": "Russia", "Andrei Gromyko": "Russia",
    "Volodymyr Zelensky": "Ukraine", "Volodymyr Zelenskiy": "Ukraine",
    "Wojciech Jaruzelski": "Poland", "Erich Honecker": "East Germany", "Janos Kadar": "Hungary",
    "Nicolae Ceausescu": "Romania", "Todor Zhivkov": "Bulgaria", "Gustav Husak": "Czechoslovakia",
    "Viktor Orban": "Hungary", "Recep Tayyip Erdogan": "Turkey", "Turgut Ozal": "Turkey",
    "Ursula von der Leyen": "EU", "Jacques Delors": "EU",
    # Americas
    "Brian Mulroney": "Canada", "Pierre Trudeau": "Canada", "Justin Trudeau": "Canada",
    "Stephen Harper": "Canada", "Mark Carney": "Canada", "Jean Chretien": "Canada",
    "Miguel de la Madrid": "Mexico", "Carlos Salinas": "Mexico", "Andres Manuel Lopez Obrador": "Mexico",
    "Claudia Sheinbaum": "Mexico", "Enrique Pena Nieto": "Mexico",
    "Jose Sarney": "Brazil", "Luiz Inacio Lula da Silva": "Brazil", "Lula da Silva": "Brazil",
    "Jair Bolsonaro": "Brazil", "Raul Alfonsin": "Argentina", "Javier Milei": "Argentina",
    "Alan Garcia": "Peru", "Victor Paz Estenssoro": "Bolivia", "Jaime Lusinchi": "Venezuela",
    "Virgilio Barco": "Colombia", "Leon Febres Cordero": "Ecuador", "Augusto Pinochet": "Chile",
    "Fidel Castro": "Cuba", "Daniel Ortega": "Nicaragua", "Nicolas Maduro": "Venezuela",
    "Gustavo Petro": "Colombia", "Gabriel Boric": "Chile",
    # Asia-Pacific, Middle East, Africa
    "Chun Doo Hwan": "South Korea", "Chun Doo-hwan": "South Korea", "Roh Tae-woo": "South Korea",
    "Lho Shin-yong": "South Korea", "Moon Jae-in": "South Korea", "Yoon Suk Yeol": "South Korea",
    "Lee Jae-myung": "South Korea", "Kim Il-sung": "North Korea", "Kim Jong Un": "North Korea",
    "Li Gun-mo": "North Korea", "Chiang Ching-kuo": "Taiwan", "Lai Ching-te": "Taiwan",
    "Tsai Ing-wen": "Taiwan", "Bob Hawke": "Australia", "Anthony Albanese": "Australia",
    "Scott Morrison": "Australia", "David Lange": "New Zealand", "Christopher Luxon": "New Zealand",
    "Rajiv Gandhi": "India", "Narendra Modi": "India", "Manmohan Singh": "India",
    "Zia ul-Haq": "Pakistan", "Shehbaz Sharif": "Pakistan", "Corazon Aquino": "Philippines",
    "Ferdinand Marcos": "Philippines", "Ferdinand Marcos Jr": "Philippines", "Suharto": "Indonesia",
    "Joko Widodo": "Indonesia", "Prabowo Subianto": "Indonesia", "Mahathir Mohamad": "Malaysia",
    "Anwar Ibrahim": "Malaysia", "Lee Kuan Yew": "Singapore", "Lee Hsien Loong": "Singapore",
    "Lawrence Wong": "Singapore", "Prem Tinsulanonda": "Thailand", "Paetongtarn Shinawatra": "Thailand",
    "Anutin Charnvirakul": "Thailand", "Hun Sen": "Cambodia", "Hun Manet": "Cambodia",
    "Yitzhak Shamir": "Israel", "Shimon Peres": "Israel", "Benjamin Netanyahu": "Israel",
    "Hosni Mubarak": "Egypt", "Abdel Fattah al-Sisi": "Egypt", "King Fahd": "Saudi Arabia",
    "King Hussein": "Jordan", "Mohammed bin Salman": "Saudi Arabia", "Ali Khamenei": "Iran",
    "Masoud Pezeshkian": "Iran", "Saddam Hussein": "Iraq", "Muammar Gaddafi": "Libya",
    "Hissene Habre": "Chad", "P.W. Botha": "South Africa", "Cyril Ramaphosa": "South Africa",
    "Nelson Mandela": "South Africa", "Ibrahim Babangida": "Nigeria", "Bola Tinubu": "Nigeria",
    "William Ruto": "Kenya", "Ali Khamenei ": "Iran",
}
# Surnames that on their own designate a leader (unambiguous enough in news text).
_LEADER_SURNAMES = {
    "Trump": "US", "Biden": "US", "Obama": "US", "Reagan": "US", "Xi": "China",
    "Nakasone": "Japan", "Kishida": "Japan", "Ishiba": "Japan", "Takaichi": "Japan",
    "Thatcher": "UK", "Starmer": "UK", "Kohl": "Germany", "Merkel": "Germany", "Scholz": "Germany",
    "Merz": "Germany", "Mitterrand": "France", "Chirac": "France", "Macron": "France",
    "Mulroney": "Canada", "Trudeau": "Canada", "Gorbachev": "Russia", "Putin": "Russia",
    "Zelensky": "Ukraine", "Zelenskiy": "Ukraine", "Modi": "India", "Lula": "Brazil",
    "Sheinbaum": "Mexico", "Albanese": "Australia", "Meloni": "Italy", "Erdogan": "Turkey",
    "Netanyahu": "Israel", "Deng": "China", "Weizsaecker": "Germany", "Hawke": "Australia",
    "Lange": "New Zealand", "Carlsson": "Sweden", "Lubbers": "Netherlands", "Craxi": "Italy",
    "Fanfani": "Italy", "Sarney": "Brazil", "Alfonsin": "Argentina", "Aquino": "Philippines",
    "Suharto": "Indonesia", "Mahathir": "Malaysia", "Mubarak": "Egypt", "Shamir": "Israel",
    "Honecker": "East Germany", "Ceausescu": "Romania", "Jaruzelski": "Poland",
    "Lusinchi": "Venezuela", "Anwar": "Malaysia", "Prabowo": "Indonesia",
}
# Senior trade/economic officials past and present: full name -> country.
_OFFICIALS: dict[str, str] = {
    "Scott Bessent": "US", "Jamieson Greer": "US", "Howard Lutnick": "US", "Gina Raimondo": "US",
    "Katherine Tai": "US", "Robert Lighthizer": "US", "Steven Mnuchin": "US", "Wilbur Ross": "US",
    "Janet Yellen": "US", "Marco Rubio": "US", "Antony Blinken": "US", "Mike Pompeo": "US",
    "Clayton Yeutter": "US", "Malcolm Baldrige": "US", "Richard Lyng": "US", "James Baker": "US",
    "George Shultz": "US", "Daniel Amstutz": "US", "Michael Samuels": "US", "Carla Hills": "US",
    "Mickey Kantor": "US", "Charlene Barshefsky": "US", "Robert Zoellick": "US",
    "Jim Murphy": "US", "Warren Lavorel": "US", "Michael Armacost": "US", "David Mulford": "US",
    "He Lifeng": "China", "Liu He": "China", "Wang Wentao": "China", "Li Chenggang": "China",
    "Wang Yi": "China", "Zheng Tuobin": "China", "Wu Yi": "China", "Bo Xilai": "China",
    "Zhong Shan": "China", "Gao Hucheng": "China",
    "Tsutomu Hata": "Japan", "Tsomu Hata": "Japan", "Hajime Tamura": "Japan", "Mutsuki Kato": "Japan",
    "Ryosei Akazawa": "Japan", "Kiyoshi Miyazawa": "Japan", "Kiichi Miyazawa": "Japan",
    "Shunjiro Karasawa": "Japan", "Yoshiji Nogami": "Japan",
    "Willy de Clercq": "EU", "Willy De Clercq": "EU", "Frans Andriessen": "EU", "Pascal Lamy": "EU",
    "Cecilia Malmstrom": "EU", "Phil Hogan": "EU", "Valdis Dombrovskis": "EU",
    "Maros Sefcovic": "EU", "Tran Van-Thinh": "EU",
    "Pat Carney": "Canada", "Chrystia Freeland": "Canada", "Dominic LeBlanc": "Canada",
    "Michael Howard": "UK", "Paul Channon": "UK", "Nigel Lawson": "UK", "Liam Fox": "UK",
    "Jonathan Reynolds": "UK", "Peter Kyle": "UK",
    "John Dawkins": "Australia", "Don Farrell": "Australia", "Piyush Goyal": "India",
    "Marcelo Ebrard": "Mexico", "Yeo Han-koo": "South Korea", "Ahn Duk-geun": "South Korea",
    "Rha Woong Bae": "South Korea", "Vincent Siew": "Taiwan", "Tengku Zafrul Aziz": "Malaysia",
}
_OFFICIAL_SURNAMES = {"Bessent": "US", "Greer": "US", "Lutnick": "US", "Lighthizer": "US",
                      "Mnuchin": "US", "Yeutter": "US", "Baldrige": "US", "Lyng": "US",
                      "He Lifeng": "China", "Sefcovic": "EU", "Dombrovskis": "EU",
                      "Akazawa": "Japan", "Siew": "Taiwan"}

PEOPLE: dict[str, Person] = {}
for _n, _c in _LEADERS.items():
    PEOPLE[_n.strip()] = Person(_n.strip(), _c, "leader")
for _n, _c in _OFFICIALS.items():
    PEOPLE[_n] = Person(_n, _c, "official")
SURNAMES: dict[str, Person] = {}
for _s, _c in _LEADER_SURNAMES.items():
    SURNAMES[_s] = Person(_s, _c, "leader")
for _s, _c in _OFFICIAL_SURNAMES.items():
    SURNAMES[_s] = Person(_s, _c, "official")

# ------------------------------------------------------------------- titles
# Heads of state or government.
LEADER_TITLE = (r"(?:President|Prime\s+Minister|Premier|Chancellor|King|Queen|Emperor|Sultan|Emir|"
                r"General\s+Secretary|Secretary[- ]General\s+of\s+the\s+Communist\s+Party|"
                r"(?:Communist\s+)?Party\s+(?:leader|chief)|[Ll]eader|Taoiseach|Shah|Crown\s+Prince)")
# Senior officials that negotiate trade.
OFFICIAL_TITLE = (
    r"(?:Vice[- ]Premier|Deputy\s+Prime\s+Minister|Vice[- ]President|"
    r"(?:Special\s+|Assistant\s+(?:Special\s+)?|Deputy\s+)?(?:U\.S\.\s+)?Trade\s+Representative|"
    r"(?:[A-Z][a-z]+\s+(?:and\s+[A-Z][a-z]+\s+)?)?(?:Minister|Secretary|Commissioner|Ambassador|"
    r"Envoy|Negotiator|negotiator|minister|secretary|commissioner|ambassador|envoy|official)"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][a-z]+(?:\s+(?:and|of)\s+[A-Z][a-z]+)*)?)")
_NAME_PART = r"(?:[A-Z][a-z'’]+(?:-[A-Za-z][a-z]+)?|[A-Z]\.|[A-Z][a-z]*[A-Z][a-z]+)"
_PARTICLE = r"(?:de\s+la|de|del|da|van|von|Von|der|bin|al-|ul-|le|Le|La|di)"
NAME = rf"(?:{_NAME_PART}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_PART}){{0,3}})"
# Words that look like names but are not people.
NOT_NAMES = frozenset("""
The A An He She It They We His Her Its Their This That These Those In On At For And But Or
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
June July August September October November December Reuters Reuter Said Says Told Mr Mrs
Ms Dr Sir Lord General Agreement Trade Tariffs Office Department Ministry Council Committee
House Senate Congress Parliament Government Commission Community Bank Fund Group Round
Association Federation Union Corp Co Inc Ltd Plc Exchange Board Minister President Premier
Chancellor Secretary Commissioner Ambassador Representative Treasury Agriculture Commerce
Finance Foreign Industry International Economic Affairs Corporate Posts Telecommunications
Affair Uruguay GATT WTO EC EU Summit Organisation Organization Party Cabinet Diet Assembly
Administration Justice State Defence Defense Energy Mining Mines Power Steel Trade-and-Industry
Special Assistant Deputy Vice Chief Executive Director Governor Spokesman Spokeswoman Official
Officials Republic People Peoples Islamic National Federal Central Asia Pacific Economic
Cooperation APEC ASEAN Summit Sunday Today Tomorrow Yesterday Hill Capitol Two Three
""".split())
ORG_BEFORE_TITLE = re.compile(
    r"(?:Bank|Fund|Council|Association|Federation|Committee|Institute|Corp|Company|Co|Inc|Ltd|Plc|"
    r"University|Club|Union|Board|Exchange|Chamber|Foundation|Group|Bundesbank|Reserve|Industries|"
    r"Motors|Society|League|Party|Organisation|Organization|Agency|Authority|Commission|Court|"
    r"Coalition|Congress|Senate|Assembly)\s*$")
COUNTRY_NAMES = frozenset(_COUNTRIES)
