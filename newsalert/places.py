"""Names of countries, blocs and people, and their aliases: the one gazetteer of newsalert.

The detectors (processors/detectors/gazetteer.py builds its patterns from these) and the subscription
filters (CLI, REST API, slash command: `canonical_country`, `canonical_person`) read the same data, so
"United States", "U.S." and "USA" are the same country to both. Short country names ("US", "China",
"EU", ...) are what events carry.
"""

from __future__ import annotations

import difflib

# short name -> names, adjectives, capitals and seats of government (metonyms).
COUNTRIES: dict[str, list[str]] = {
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
    # The other sovereign states (names, adjectives, capitals that name nothing else): news of any of them
    # must find them ("a 15% tariff on originating goods of North Macedonia"). Left out as ambiguous:
    # Georgia (a US state), Guinea on its own, capitals shared with other places.
    "Albania": ["Albania", "Albanian", "Tirana"],
    "Andorra": ["Andorra"],
    "Angola": ["Angola", "Angolan", "Luanda"],
    "Antigua and Barbuda": ["Antigua and Barbuda", "Antigua"],
    "Armenia": ["Armenia", "Armenian", "Yerevan"],
    "Azerbaijan": ["Azerbaijan", "Azerbaijani", "Baku"],
    "Bahamas": ["Bahamas", "Bahamian", "Nassau"],
    "Bahrain": ["Bahrain", "Bahraini", "Manama"],
    "Barbados": ["Barbados", "Barbadian", "Bridgetown"],
    "Belarus": ["Belarus", "Belarusian", "Minsk"],
    "Belize": ["Belize", "Belizean"],
    "Benin": ["Benin", "Beninese", "Porto-Novo"],
    "Bhutan": ["Bhutan", "Bhutanese", "Thimphu"],
    "Bosnia and Herzegovina": ["Bosnia and Herzegovina", "Bosnia", "Bosnian", "Sarajevo"],
    "Botswana": ["Botswana", "Gaborone"],
    "Brunei": ["Brunei", "Bruneian", "Bandar Seri Begawan"],
    "Burkina Faso": ["Burkina Faso", "Burkinabe", "Ouagadougou"],
    "Burundi": ["Burundi", "Burundian", "Gitega"],
    "Cameroon": ["Cameroon", "Cameroonian", "Yaounde", "Yaoundé"],
    "Cape Verde": ["Cape Verde", "Cabo Verde", "Cape Verdean", "Praia"],
    "Central African Republic": ["Central African Republic", "Bangui"],
    "Comoros": ["Comoros", "Comorian", "Moroni"],
    "Congo": ["Democratic Republic of the Congo", "DR Congo", "DRC", "Republic of the Congo", "Congo",
              "Congolese", "Kinshasa", "Brazzaville"],
    "Croatia": ["Croatia", "Croatian", "Zagreb"],
    "Cyprus": ["Cyprus", "Cypriot", "Nicosia"],
    "Djibouti": ["Djibouti", "Djiboutian"],
    "Dominica": ["Dominica", "Roseau"],
    "El Salvador": ["El Salvador", "Salvadoran", "Salvadorian", "San Salvador"],
    "Equatorial Guinea": ["Equatorial Guinea", "Equatoguinean", "Malabo"],
    "Eritrea": ["Eritrea", "Eritrean", "Asmara"],
    "Estonia": ["Estonia", "Estonian", "Tallinn"],
    "Eswatini": ["Eswatini", "Swaziland", "Mbabane"],
    "Ethiopia": ["Ethiopia", "Ethiopian", "Addis Ababa"],
    "Fiji": ["Fiji", "Fijian", "Suva"],
    "Gabon": ["Gabon", "Gabonese", "Libreville"],
    "Gambia": ["Gambia", "Gambian", "Banjul"],
    "Ghana": ["Ghana", "Ghanaian", "Accra"],
    "Grenada": ["Grenada", "Grenadian"],
    "Guinea-Bissau": ["Guinea-Bissau", "Bissau"],
    "Guyana": ["Guyana", "Guyanese"],
    "Haiti": ["Haiti", "Haitian", "Port-au-Prince"],
    "Ivory Coast": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire", "Ivorian", "Abidjan", "Yamoussoukro"],
    "Jamaica": ["Jamaica", "Jamaican"],
    "Kiribati": ["Kiribati", "Tarawa"],
    "Kosovo": ["Kosovo", "Kosovar", "Pristina"],
    "Kyrgyzstan": ["Kyrgyzstan", "Kyrgyz", "Bishkek"],
    "Laos": ["Laos", "Lao", "Laotian", "Vientiane"],
    "Latvia": ["Latvia", "Latvian", "Riga"],
    "Lesotho": ["Lesotho", "Maseru"],
    "Liberia": ["Liberia", "Liberian", "Monrovia"],
    "Liechtenstein": ["Liechtenstein", "Vaduz"],
    "Lithuania": ["Lithuania", "Lithuanian", "Vilnius"],
    "Madagascar": ["Madagascar", "Malagasy", "Antananarivo"],
    "Malawi": ["Malawi", "Malawian", "Lilongwe"],
    "Maldives": ["Maldives", "Maldivian"],
    "Mali": ["Mali", "Malian", "Bamako"],
    "Malta": ["Malta", "Maltese", "Valletta"],
    "Mauritania": ["Mauritania", "Mauritanian", "Nouakchott"],
    "Mauritius": ["Mauritius", "Mauritian", "Port Louis"],
    "Moldova": ["Moldova", "Moldovan", "Chisinau"],
    "Monaco": ["Monaco", "Monegasque"],
    "Mongolia": ["Mongolia", "Mongolian", "Ulaanbaatar", "Ulan Bator"],
    "Montenegro": ["Montenegro", "Montenegrin", "Podgorica"],
    "Mozambique": ["Mozambique", "Mozambican", "Maputo"],
    "Namibia": ["Namibia", "Namibian", "Windhoek"],
    "Nepal": ["Nepal", "Nepalese", "Nepali", "Kathmandu"],
    "Niger": ["Niger", "Nigerien", "Niamey"],
    "North Macedonia": ["North Macedonia", "Macedonia", "Macedonian", "Skopje"],
    "Oman": ["Oman", "Omani", "Muscat"],
    "Paraguay": ["Paraguay", "Paraguayan", "Asuncion", "Asunción"],
    "Rwanda": ["Rwanda", "Rwandan", "Kigali"],
    "Seychelles": ["Seychelles", "Seychellois"],
    "Sierra Leone": ["Sierra Leone", "Sierra Leonean", "Freetown"],
    "Slovakia": ["Slovakia", "Slovak", "Bratislava"],
    "Slovenia": ["Slovenia", "Slovenian", "Ljubljana"],
    "Somalia": ["Somalia", "Somali", "Mogadishu"],
    "South Sudan": ["South Sudan", "South Sudanese", "Juba"],
    "Sudan": ["Sudan", "Sudanese", "Khartoum"],
    "Suriname": ["Suriname", "Surinamese", "Paramaribo"],
    "Tajikistan": ["Tajikistan", "Tajik", "Dushanbe"],
    "Tanzania": ["Tanzania", "Tanzanian", "Dodoma", "Dar es Salaam"],
    "Togo": ["Togo", "Togolese", "Lome", "Lomé"],
    "Tonga": ["Tonga", "Tongan", "Nuku'alofa"],
    "Trinidad and Tobago": ["Trinidad and Tobago", "Trinidad", "Port of Spain"],
    "Turkmenistan": ["Turkmenistan", "Turkmen", "Ashgabat"],
    "Uganda": ["Uganda", "Ugandan", "Kampala"],
    "Uzbekistan": ["Uzbekistan", "Uzbek", "Tashkent"],
    "Vanuatu": ["Vanuatu", "Port Vila"],
    "Yemen": ["Yemen", "Yemeni", "Sanaa", "Sana'a"],
    "Zambia": ["Zambia", "Zambian", "Lusaka"],
    "Zimbabwe": ["Zimbabwe", "Zimbabwean", "Harare"],
    "ASEAN": ["ASEAN", "Association of Southeast Asian Nations"],
    "OPEC": ["OPEC", "Organization of Petroleum Exporting Countries"],
    "ATPC": ["ATPC", "Association of Tin Producing Countries"],
}

# Heads of state / government, past and present: full name -> country.
LEADERS: dict[str, str] = {
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
    "Ursula von der Leyen": "EU", "Jacques Delors": "EU", "Jean-Claude Juncker": "EU", "Charles Michel": "EU",
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
    "Lee Jae-myung": "South Korea", "Kim Il-sung": "North Korea", "Kim Jong Un": "North Korea", "Kim Jong-un": "North Korea",
    "Kim Jong-il": "North Korea", "Kim Jong Il": "North Korea",
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
LEADER_SURNAMES = {
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
    "Lusinchi": "Venezuela", "Anwar": "Malaysia", "Prabowo": "Indonesia", "Juncker": "EU",
}
# Senior trade/economic officials past and present: full name -> country.
OFFICIALS: dict[str, str] = {
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
OFFICIAL_SURNAMES = {"Bessent": "US", "Greer": "US", "Lutnick": "US", "Lighthizer": "US",
                      "Mnuchin": "US", "Yeutter": "US", "Baldrige": "US", "Lyng": "US",
                      "He Lifeng": "China", "Sefcovic": "EU", "Dombrovskis": "EU",
                      "Akazawa": "Japan", "Siew": "Taiwan"}


# Members of the EU's customs union and the year they joined it: their tariffs are the EU's, so a tariff on
# French or German goods is one on the EU's (LABELING.md: no labelled tariff targets a member state). The UK,
# a member until 2020, is left out: tariffs of its member years were reported, and labelled, as on the UK.
EU_CUSTOMS_UNION_SINCE: dict[str, int] = {
    "France": 1958, "Germany": 1958, "Italy": 1958, "Netherlands": 1958, "Belgium": 1958, "Luxembourg": 1958,
    "Denmark": 1973, "Ireland": 1973, "Greece": 1981, "Spain": 1986, "Portugal": 1986, "Austria": 1995,
    "Finland": 1995, "Sweden": 1995, "Cyprus": 2004, "Czech Republic": 2004, "Estonia": 2004, "Hungary": 2004,
    "Latvia": 2004, "Lithuania": 2004, "Malta": 2004, "Poland": 2004, "Slovakia": 2004, "Slovenia": 2004,
    "Bulgaria": 2007, "Romania": 2007, "Croatia": 2013,
}


def customs_territory(country: str | None, year: int) -> str | None:
    """Whose tariffs apply to a country's goods in `year`: 'EU' for a member of the EU's customs union."""
    since = EU_CUSTOMS_UNION_SINCE.get(country or "")
    return "EU" if since is not None and year >= since else country


def union_members(union: str, year: int) -> set[str]:
    """The members of a customs union in `year` (an empty set for a country): a subscriber to Germany wants the
    EU's tariffs, talks and meetings too, as the events name the union, not its members."""
    if union != "EU":
        return set()
    return {country for country, since in EU_CUSTOMS_UNION_SINCE.items() if year >= since}


def _build_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for short, names in COUNTRIES.items():
        aliases[short.casefold()] = short
        for name in names:
            aliases.setdefault(name.casefold(), short)
    return aliases


_COUNTRY_ALIASES = _build_aliases()
_PEOPLE = {name.strip().casefold(): name.strip() for name in (*LEADERS, *OFFICIALS)}
_SURNAMES = {name.casefold(): name for name in (*LEADER_SURNAMES, *OFFICIAL_SURNAMES)}


def country_names() -> list[str]:
    """The short names events use, in the gazetteer's order."""
    return list(COUNTRIES)


def country_aliases(short: str) -> list[str]:
    return list(COUNTRIES.get(short, []))


def canonical_country(name: str) -> str:
    """The short name events use for `name` ("United States", "u.s.", "USA", "Washington" -> "US").

    ValueError names the closest known names when `name` is none of them."""
    text = " ".join(str(name).split())
    found = _COUNTRY_ALIASES.get(text.casefold())
    if found:
        return found
    close = difflib.get_close_matches(text.casefold(), list(_COUNTRY_ALIASES), n=3, cutoff=0.75)
    hint = f"; did you mean {' or '.join(repr(_COUNTRY_ALIASES[c]) for c in dict.fromkeys(close))}?" if close else ""
    raise ValueError(f"unknown country {text!r}{hint} (`newsalert channels --countries` lists the names)")


def canonical_person(name: str) -> str:
    """A known person's name as events spell it ("xi jinping" -> "Xi Jinping", "trump" -> "Trump").

    Anyone else is kept as written (the detectors also find people by their title), unless the name is
    one letter or two off a known one: then ValueError asks whether that was meant."""
    text = " ".join(str(name).split())
    key = text.casefold()
    if key in _PEOPLE:
        return _PEOPLE[key]
    if key in _SURNAMES:
        return _SURNAMES[key]
    close = difflib.get_close_matches(key, [*_PEOPLE, *_SURNAMES], n=1, cutoff=0.8)
    if close:
        suggestion = _PEOPLE.get(close[0]) or _SURNAMES[close[0]]
        raise ValueError(f"unknown person {text!r}; did you mean {suggestion!r}?")
    return text


def country_key(name: str) -> str:
    """Lenient `canonical_country` for matching: a known alias as its short name, anything else as written."""
    text = " ".join(str(name).split())
    return _COUNTRY_ALIASES.get(text.casefold(), text)
