"""Plain modern news (2023-2025) in the styles of several outlets: every type
and status, and negatives that must yield nothing.

Each case is (published date, text, expected events). The check is strict per
article: the detectors must find exactly the expected number of events of each
type (so false alarms fail too), and each expected event must match one found
event on the slots it lists (a tuple lists acceptable values; a set is compared
unordered).
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from newsalert.models import Article
from processors.detectors import detect_events, rule_events

T, M, X, K, R = "tariff_action", "leader_meeting", "export_control", "trade_talks", "trade_truce"

BUSAN = ("US President Donald Trump met Chinese President Xi Jinping in Busan, South Korea, on Thursday, the first "
         "meeting between the two leaders since 2019.\nThe two leaders met for about 100 minutes on the sidelines of "
         "the APEC summit, officials from both countries said.\nAfter the meeting, the two sides agreed to extend "
         "their trade truce for one year, until November 10, 2026, according to the White House.\nChina's commerce "
         "ministry said it would suspend the rare-earth export controls it announced earlier this month for one year.")

# Whole articles: news mixed with background, reactions, opinion and quotes.
ART_MEXICO = (
    "Mexico is set to impose a 35 percent tariff on steel from China beginning October 1, Economy Minister "
    "Marcelo Ebrard said on Wednesday.\n"
    "The measure is part of a broader package aimed at Asian imports, Ebrard told reporters.\n"
    "China's commerce ministry said it firmly opposed the move and urged Mexico to correct its mistakes.\n"
    "Mexico has been under pressure from Washington, which imposed 25% tariffs on many Mexican goods in March, to "
    "curb Chinese imports.\n"
    "Analysts said the tariffs could raise costs for Mexican manufacturers.")
ART_LETTERS = (
    "President Donald Trump said the U.S. will impose a 25% tariff on goods from Japan and South Korea starting "
    "Aug. 1, in letters posted on social media on Monday.\n"
    "The rates are slightly higher than the ones Trump announced in April, before he paused them for 90 days to "
    "allow for negotiations.\n"
    "Japanese Prime Minister Shigeru Ishiba called the move truly regrettable.\n"
    "Japan's chief trade negotiator Ryosei Akazawa held talks with Commerce Secretary Howard Lutnick by phone for "
    "about 40 minutes on Tuesday, the government said.")
ART_CHEQUERS = (
    "Donald Trump and Keir Starmer held talks at Chequers on Thursday on the final day of the US president's state "
    "visit to the UK.\n"
    "The two leaders signed a technology partnership, but no deal was reached on cutting the 25% tariffs on British "
    "steel.\n"
    "Starmer had hoped to secure an exemption for steel, which has faced US tariffs since June.")
ART_RARE_EARTHS = (
    "China on Thursday announced sweeping new export controls on rare earth technologies, adding five more "
    "elements to its control list.\n"
    "Foreign companies will need a licence from the commerce ministry to export products containing even small "
    "amounts of Chinese rare earths, starting December 1.\n"
    "The move comes weeks before President Xi Jinping is expected to meet U.S. President Donald Trump at the APEC "
    "summit in South Korea.\n"
    "Beijing first imposed controls on seven rare earth elements in April.")
ART_TRUCE = (
    "U.S. President Donald Trump signed an executive order extending a tariff truce with China for another 90 "
    "days, the White House said on Monday, averting triple-digit duties on Chinese goods.\n"
    "The pause had been due to expire at 12:01 a.m. on Tuesday.\n"
    "China's commerce ministry said on Tuesday it would also extend the suspension of its 24% additional tariff on "
    "U.S. goods for 90 days.\n"
    "The two countries agreed to the truce in Geneva in May and extended it in London in June.")
ART_BRAZIL = (
    "Brazilian President Luiz Inacio Lula da Silva said on Thursday that Brazil would respond with reciprocity to "
    "Trump's 50% tariff on Brazilian goods, which is due to take effect on August 1.\n"
    "Trump announced the tariff in a letter on Wednesday, citing the trial of former President Jair Bolsonaro.\n"
    "Lula said Brazil could take the case to the World Trade Organization.")
ART_KL = (
    "Trump arrived in Kuala Lumpur on Sunday for a summit of Southeast Asian leaders, where he was greeted by Prime "
    "Minister Anwar Ibrahim.\n"
    "He witnessed the signing of a ceasefire agreement between Thailand and Cambodia.\n"
    "Trump is scheduled to meet Brazilian President Luiz Inacio Lula da Silva on the sidelines of the summit later "
    "on Sunday, a meeting that could ease tensions over 50% U.S. tariffs on Brazilian goods.")
ART_GENEVA = (
    "The United States and China agreed to slash reciprocal tariffs for 90 days after talks in Geneva over the "
    "weekend, U.S. Treasury Secretary Scott Bessent said on Monday.\n"
    "U.S. duties on Chinese goods will fall to 30% from 145%, while Chinese duties on U.S. goods will drop to 10% "
    "from 125%, starting May 14.\n"
    "The truce sent stock markets sharply higher.")
ART_NVIDIA = (
    "Nvidia said on Tuesday the U.S. government had assured it would grant licences to resume sales of its H20 "
    "chips to China, reversing an April ban.\n"
    "The move eases export restrictions that Washington imposed to curb Beijing's access to advanced AI chips.")
ART_EXPLAINER = (
    "A tariff is a tax charged on goods imported from other countries.\n"
    "During his first term, Trump imposed tariffs on steel, aluminium and $370 billion of Chinese goods.\n"
    "Economists say the costs are largely passed on to consumers.\n"
    "Some experts argue tariffs could protect jobs if they are applied carefully.")

CASES: list[tuple[str, str, str, list[tuple[str, dict]]]] = [
    # ------------------------------------------------------------ tariffs
    ("mexico-set-to", "2025-09-10",
     "Mexico is set to impose a 35 percent tariff on steel from China beginning October 1, Economy Minister "
     "Marcelo Ebrard said.",
     [(T, dict(imposer="Mexico", target="China", rate="35%", goods="steel", effective_date="2025-10-01",
               status="announced"))]),
    ("mexico-postponed", "2025-09-25",
     "Mexico postponed its 35% tariff on steel imports from China until December 1, the economy ministry said on "
     "Thursday, citing talks with industry.",
     [(T, dict(imposer="Mexico", target="China", rate="35%", goods=("steel", "steel imports"),
               effective_date="2025-12-01", status="delayed"))]),
    ("us-threatened-eu", "2025-07-12",
     "President Donald Trump threatened on Saturday to impose a 30% tariff on imports from the European Union "
     "starting August 1, escalating a dispute with one of Washington's biggest trading partners.",
     [(T, dict(imposer="US", target="EU", rate="30%", effective_date="2025-08-01", status="threatened"))]),
    ("canada-will-impose", "2025-04-02",
     "Canada will impose 25% tariffs on U.S.-made vehicles starting April 9, Prime Minister Mark Carney said on "
     "Wednesday.",
     [(T, dict(imposer="Canada", target="US", rate="25%", effective_date="2025-04-09", status="announced"))]),
    ("india-plans-from", "2025-10-14",
     "India plans to impose a 12% safeguard duty on steel imports from Vietnam from next month, according to a "
     "government notification seen by Bloomberg.",
     [(T, dict(imposer="India", target="Vietnam", rate="12%", effective_date="2025-11", status="announced"))]),
    ("us-took-effect", "2025-08-07",
     "Washington's 50% tariffs on Brazilian goods took effect on Wednesday, straining ties with President Luiz "
     "Inacio Lula da Silva's government.",
     [(T, dict(imposer="US", target="Brazil", rate="50%", effective_date="2025-08-06", status="in_effect"))]),
    ("us-began-collecting", "2025-04-05",
     "U.S. customs agents began collecting a 10% baseline tariff on imports from most countries on Saturday.",
     [(T, dict(imposer="US", target=None, rate="10%", effective_date="2025-04-05", status="in_effect"))]),
    ("us-pushed-back", "2025-07-08",
     "Trump pushed back the start of 25% tariffs on goods from Japan to August 1, the White House said.",
     [(T, dict(imposer="US", target="Japan", rate="25%", effective_date="2025-08-01", status="delayed"))]),
    ("eu-delayed-until", "2025-05-23",
     "The European Union has delayed its retaliatory duties on American whiskey until next March, trade "
     "commissioner Maros Sefcovic said.",
     [(T, dict(imposer="EU", target="US", effective_date="2026-03", status="delayed"))]),
    ("china-suspended", "2025-08-12",
     "Beijing suspended its 24% additional tariff on U.S. goods for another 90 days, the tariff commission of the "
     "State Council said on Tuesday.",
     [(T, dict(imposer="China", target="US", rate="24%", status="suspended"))]),
    ("us-paused-90-days", "2025-04-10",
     "Trump paused the new tariffs on imports from Vietnam for 90 days, the White House said on Wednesday.",
     [(T, dict(imposer="US", target="Vietnam", status="suspended"))]),
    ("us-removed", "2025-11-14",
     "The White House removed tariffs on beef, coffee and bananas from Brazil on Thursday, citing rising food "
     "prices.",
     [(T, dict(imposer="US", target="Brazil", status="lifted"))]),
    ("canada-scrapped", "2025-08-22",
     "Canada scrapped many of its retaliatory tariffs on U.S. goods on Friday, Prime Minister Mark Carney said.",
     [(T, dict(imposer="Canada", target="US", status="lifted"))]),
    ("us-double-steel", "2025-05-31",
     "Trump said on Friday he will double tariffs on imported steel to 50% from 25%, effective June 4.",
     [(T, dict(imposer="US", target=None, rate="50%", effective_date="2025-06-04", status="announced"))]),
    ("uk-nikkei-cut", "2025-05-09",
     "Britain will cut its tariff on U.S. ethanol to zero under the deal announced on Thursday, the Department for "
     "Business and Trade said.",
     [(T, dict(imposer="UK", target="US", status="announced"))]),
    ("korea-anti-dumping", "2025-04-24",
     "South Korea will impose anti-dumping duties of up to 38% on steel plates from China, the finance ministry "
     "said on Thursday.",
     [(T, dict(imposer="South Korea", target="China", rate="38%", status="announced"))]),
    # ------------------------------------------------------------ meetings
    ("busan", "2025-10-30", BUSAN,
     [(M, dict(participants={"Donald Trump", "Xi Jinping"}, location=("Busan", "Busan, South Korea"),
               date="2025-10-30", status="held")),
      (R, dict(parties={"US", "China"}, action="extended", until="2026-11-10")),
      (X, dict(imposer="China", status="suspended"))]),
    ("japan-will-host", "2025-10-21",
     "Japanese Prime Minister Sanae Takaichi will host President Donald Trump in Tokyo on October 28, the "
     "government said.",
     [(M, dict(participants={"Sanae Takaichi", "Donald Trump"}, location="Tokyo", date="2025-10-28",
               status="expected"))]),
    ("modi-xi-held-talks", "2025-08-31",
     "Indian Prime Minister Narendra Modi held talks with Chinese President Xi Jinping in Tianjin on Sunday, his "
     "first visit to China in seven years.",
     [(M, dict(participants={"Narendra Modi", "Xi Jinping"}, location="Tianjin", date="2025-08-31",
               status="held"))]),
    ("kremlin-confirmed", "2025-10-17",
     "The Kremlin confirmed that President Vladimir Putin will meet President Donald Trump in Budapest.",
     [(M, dict(participants={"Vladimir Putin", "Donald Trump"}, location="Budapest", status="confirmed",
               confirmed_by=["Russia"]))]),
    ("trump-called-off", "2025-10-22",
     "President Donald Trump called off his planned summit with Russian President Vladimir Putin in Budapest on "
     "Wednesday.",
     [(M, dict(participants={"Donald Trump", "Vladimir Putin"}, location="Budapest", status="cancelled"))]),
    ("lula-invites-modi", "2025-06-20",
     "Brazilian President Luiz Inacio Lula da Silva invited Prime Minister Narendra Modi for a state visit to "
     "Brasilia, officials said.",
     [(M, dict(participants={"Luiz Inacio Lula da Silva", "Narendra Modi"}, location="Brasilia",
               status="proposed"))]),
    ("merz-expected-macron", "2025-07-21",
     "Chancellor Friedrich Merz is expected to meet President Emmanuel Macron in Paris on Wednesday.",
     [(M, dict(participants={"Friedrich Merz", "Emmanuel Macron"}, location="Paris", date="2025-07-23",
               status="expected"))]),
    ("starmer-trump-chequers", "2025-09-18",
     "Prime Minister Keir Starmer and President Donald Trump held talks at Chequers on Thursday, the second day "
     "of the state visit.",
     [(M, dict(participants={"Keir Starmer", "Donald Trump"}, date="2025-09-18", status="held"))]),
    ("albanese-arrives", "2025-10-27",
     "Australian Prime Minister Anthony Albanese arrived in Tokyo on Monday for talks with Prime Minister Sanae "
     "Takaichi.",
     [(M, dict(participants={"Anthony Albanese", "Sanae Takaichi"}, location="Tokyo", date="2025-10-27",
               status="held"))]),
    ("lee-will-meet-xi", "2025-10-28",
     "South Korean President Lee Jae-myung will meet Chinese President Xi Jinping in Gyeongju on Saturday, his "
     "office said.",
     [(M, dict(participants={"Lee Jae-myung", "Xi Jinping"}, location="Gyeongju", date="2025-11-01",
               status="expected"))]),
    ("carney-sheinbaum-met", "2025-09-19",
     "Prime Minister Mark Carney met Mexican President Claudia Sheinbaum in Mexico City on Thursday.",
     [(M, dict(participants={"Mark Carney", "Claudia Sheinbaum"}, location="Mexico City", date="2025-09-18",
               status="held"))]),
    # ------------------------------------------------------------ export controls
    ("china-announced-ec", "2025-02-04",
     "China said on Tuesday it would impose export controls on tungsten, tellurium and other metals used in "
     "defence and clean energy.",
     [(X, dict(imposer="China", status="announced"))]),
    ("us-tightened-ec", "2024-12-03",
     "The U.S. Commerce Department tightened export controls on advanced chips to China on Monday, adding 140 "
     "companies to its entity list.",
     [(X, dict(imposer="US", target="China", status="tightened"))]),
    ("japan-eased-ec", "2025-03-14",
     "Japan eased export controls on semiconductor materials to South Korea, the trade ministry said on Friday.",
     [(X, dict(imposer="Japan", target="South Korea", status="eased"))]),
    ("china-suspended-ec", "2025-11-05",
     "China will suspend export controls on gallium and germanium to the United States until November 2026, the "
     "commerce ministry said.",
     [(X, dict(imposer="China", target="US", status="suspended"))]),
    # ------------------------------------------------------------ trade talks
    ("bessent-he-kl", "2025-10-26",
     "U.S. Treasury Secretary Scott Bessent and Chinese Vice Premier He Lifeng held trade talks in Kuala Lumpur "
     "on Sunday.",
     [(K, dict(parties={"US", "China"}, negotiators={"Scott Bessent", "He Lifeng"}, location="Kuala Lumpur",
               date="2025-10-26"))]),
    ("akazawa-washington", "2025-07-21",
     "Japan's top trade negotiator Ryosei Akazawa will travel to Washington this week for tariff talks with U.S. "
     "Commerce Secretary Howard Lutnick.",
     [(K, dict(parties={"Japan", "US"}, negotiators={"Ryosei Akazawa", "Howard Lutnick"},
               location="Washington"))]),
    ("canada-us-resumed", "2025-10-01",
     "Canadian and U.S. officials resumed trade negotiations in Washington on Wednesday, Canada's trade minister "
     "Dominic LeBlanc said.",
     [(K, dict(parties={"Canada", "US"}, location="Washington", date="2025-10-01"))]),
    ("india-us-next-week", "2025-09-09",
     "Indian and U.S. negotiators will meet in New Delhi next week for talks on a bilateral trade agreement, the "
     "commerce ministry said.",
     [(K, dict(parties={"India", "US"}, location="New Delhi"))]),
    # ------------------------------------------------------------ truces
    ("truce-agreed", "2025-05-12",
     "The United States and China agreed on Monday to a 90-day trade truce, officials from both countries said in "
     "a joint statement.",
     [(R, dict(parties={"US", "China"}, action="agreed"))]),
    ("truce-extended", "2025-08-12",
     "Trump extended the tariff truce with China for another 90 days, until November 10, hours before it was due "
     "to expire.",
     [(R, dict(parties={"US", "China"}, action="extended", until="2025-11-10"))]),
    ("truce-expired", "2025-11-10",
     "The trade truce between Washington and Beijing expired on Monday with no extension announced.",
     [(R, dict(parties={"US", "China"}, action="expired"))]),
    ("truce-broken", "2025-05-31",
     "Trump said on Friday that China had violated its trade truce with the United States, reigniting tensions.",
     [(R, dict(parties={"US", "China"}, action="broken"))]),
    ("truce-proposed", "2025-10-27",
     "Negotiators from the United States and China discussed extending the trade truce beyond November 10, "
     "Treasury Secretary Scott Bessent said.",
     [(R, dict(parties={"US", "China"}, action="proposed")),
      (K, dict(parties={"US", "China"}))]),
    # ------------------------------------------------------------ several events, dates bound to clauses
    ("meeting-and-tariff", "2025-10-26",
     "Prime Minister Mark Carney will meet President Donald Trump in Washington on Tuesday. Separately, Canada "
     "will impose a 25% tariff on Chinese steel starting November 15.",
     [(M, dict(participants={"Mark Carney", "Donald Trump"}, location="Washington", date="2025-10-28",
               status="expected")),
      (T, dict(imposer="Canada", target="China", rate="25%", effective_date="2025-11-15", status="announced"))]),
    # ------------------------------------------------------------ more styles
    ("bbg-passive-order", "2025-07-31",
     "Tariffs of 15% on most Japanese goods will take effect on Aug. 7, according to an executive order signed by "
     "President Donald Trump.",
     [(T, dict(imposer="US", target="Japan", rate="15%", effective_date="2025-08-07", status="announced"))]),
    ("guardian-all-cars", "2025-03-27",
     "Donald Trump has announced a 25% tariff on all foreign-made cars, a move that will take effect on 2 April.",
     [(T, dict(imposer="US", target=None, rate="25%", effective_date="2025-04-02", status="announced"))]),
    ("nikkei-vietnam-cut", "2025-04-09",
     "Vietnam will cut import tariffs on U.S. liquefied natural gas and ethanol, the Ministry of Finance said on "
     "Wednesday.",
     [(T, dict(imposer="Vietnam", target="US", status="announced"))]),
    ("ap-china-34", "2025-04-04",
     "China announced Friday it will impose a 34% tariff on all imports of U.S. products beginning April 10.",
     [(T, dict(imposer="China", target="US", rate="34%", effective_date="2025-04-10", status="announced"))]),
    ("us-delayed-chips", "2025-12-23",
     "The Trump administration on Monday delayed a planned increase in tariffs on Chinese-made semiconductors until "
     "June 2027.",
     [(T, dict(imposer="US", target="China", effective_date="2027-06", status="delayed"))]),
    ("trump-warned-unless", "2025-05-23",
     "Trump warned that he would slap 50% tariffs on the European Union from June 1 unless the bloc agreed to a "
     "deal.",
     [(T, dict(imposer="US", target="EU", rate="50%", effective_date="2025-06-01", status="threatened"))]),
    ("china-list-firms", "2025-03-04",
     "China's Ministry of Commerce added 15 U.S. firms to its export control list on Tuesday, barring them from "
     "buying dual-use items.",
     [(X, dict(imposer="China", target="US", status="tightened"))]),
    ("dutch-expand", "2025-01-15",
     "The Netherlands will expand export restrictions on chipmaking equipment from next month, the Dutch "
     "government said.",
     [(X, dict(imposer="Netherlands", status="tightened"))]),
    ("lee-arrives-tokyo", "2025-08-23",
     "President Lee Jae-myung arrived in Tokyo on Saturday for a summit with Prime Minister Shigeru Ishiba.",
     [(M, dict(participants={"Lee Jae-myung", "Shigeru Ishiba"}, location="Tokyo", date="2025-08-23",
               status="held"))]),
    ("starmer-travel-washington", "2025-02-20",
     "Keir Starmer will travel to Washington next week to meet Donald Trump at the White House.",
     [(M, dict(participants={"Keir Starmer", "Donald Trump"}, location="Washington", status="expected"))]),
    ("ramaphosa-cancelled", "2025-05-13",
     "South African President Cyril Ramaphosa's planned visit to Washington was cancelled, his spokesman said on "
     "Tuesday.",
     [(M, dict(participants=["Cyril Ramaphosa"], location="Washington", status="cancelled"))]),
    ("beijing-confirmed", "2025-07-09",
     "Beijing confirmed on Wednesday that President Xi Jinping will meet Prime Minister Anthony Albanese during his "
     "visit to China next week.",
     [(M, dict(participants={"Xi Jinping", "Anthony Albanese"}, status="confirmed", confirmed_by=["China"]))]),
    ("trump-would-like-kim", "2025-10-24",
     "Trump said he would like to meet North Korean leader Kim Jong Un this year.",
     [(M, dict(participants={"Trump", "Kim Jong Un"}, status="proposed"))]),
    ("truce-extend-another", "2025-08-11",
     "Washington and Beijing agreed to extend their tariff truce by another 90 days, China's commerce ministry said.",
     [(R, dict(parties={"US", "China"}, action="extended"))]),
    ("sefcovic-lutnick-call", "2025-06-13",
     "EU trade chief Maros Sefcovic spoke with U.S. Commerce Secretary Howard Lutnick on Friday as negotiations on a "
     "trade deal continued.",
     [(K, dict(parties={"EU", "US"}, negotiators={"Maros Sefcovic", "Howard Lutnick"}))]),
    ("same-sentence-two-dates", "2025-10-26",
     "Trump, who will meet Xi on Oct. 30, said the 100% tariff on Chinese goods would start on Nov. 1.",
     [(M, dict(participants={"Trump", "Xi"}, date="2025-10-30", status="expected")),
      (T, dict(imposer="US", target="China", rate="100%", effective_date="2025-11-01"))]),
    ("japan-us-fifth-round", "2025-06-28",
     "Japan and the United States held a fifth round of tariff negotiations in Washington on Friday, with Ryosei "
     "Akazawa meeting Commerce Secretary Howard Lutnick.",
     [(K, dict(parties={"Japan", "US"}, location="Washington", date="2025-06-27"))]),
    ("truce-lapsed", "2025-11-11",
     "The U.S.-China tariff truce lapsed at midnight on Tuesday.",
     [(R, dict(parties={"US", "China"}, action="expired"))]),
    ("india-went-into-effect", "2025-08-28",
     "Additional U.S. tariffs of 25% on Indian goods went into effect on Aug. 27, doubling the total duty to 50%.",
     [(T, dict(imposer="US", target="India", effective_date="2025-08-27", status="in_effect"))]),
    ("eu-removed-lobster", "2025-08-21",
     "The EU removed tariffs on U.S. lobster as part of the deal, the Commission said on Thursday.",
     [(T, dict(imposer="EU", target="US", status="lifted"))]),
    ("india-suspended-cotton", "2025-08-19",
     "India suspended its 11% import duty on cotton until Sept. 30 to help textile exporters.",
     [(T, dict(imposer="India", target=None, rate="11%", status="suspended"))]),
    ("uk-considering", "2025-06-05",
     "The British government is considering tariffs on Chinese steel, Business Secretary Peter Kyle said.",
     [(T, dict(imposer="UK", target="China", status="threatened"))]),
    ("ishiba-lee-summit", "2025-08-23",
     "Japanese Prime Minister Shigeru Ishiba and President Lee Jae-myung held a summit in Tokyo on Saturday.",
     [(M, dict(participants={"Shigeru Ishiba", "Lee Jae-myung"}, location="Tokyo", date="2025-08-23",
               status="held"))]),
    ("merz-set-to-visit", "2025-12-10",
     "Chancellor Friedrich Merz is set to visit India in January, his first trip to Asia as chancellor.",
     [(M, dict(participants=["Friedrich Merz"], location="India", date="2026-01", status="expected"))]),
    ("us-lifted-eda", "2025-07-03",
     "The United States lifted export restrictions on chip design software to China, the Commerce Department said "
     "on Thursday.",
     [(X, dict(imposer="US", target="China", status="eased"))]),
    # ------------------------------------------------------------ whole articles
    ("art-mexico", "2025-09-10", ART_MEXICO,
     [(T, dict(imposer="Mexico", target="China", rate="35%", effective_date="2025-10-01", status="announced"))]),
    ("art-letters", "2025-07-08", ART_LETTERS,
     [(T, dict(imposer="US", target="Japan", rate="25%", effective_date="2025-08-01", status="announced")),
      (T, dict(imposer="US", target="South Korea", rate="25%", effective_date="2025-08-01", status="announced")),
      (K, dict(parties={"Japan", "US"}, negotiators={"Ryosei Akazawa", "Howard Lutnick"}, date="2025-07-08"))]),
    ("art-chequers", "2025-09-18", ART_CHEQUERS,
     [(M, dict(participants={"Donald Trump", "Keir Starmer"}, date="2025-09-18", status="held"))]),
    ("art-rare-earths", "2025-10-09", ART_RARE_EARTHS,
     [(X, dict(imposer="China", status="tightened")),
      (M, dict(participants={"Xi Jinping", "Donald Trump"}, status="expected"))]),
    ("art-truce", "2025-08-12", ART_TRUCE,
     [(R, dict(parties={"US", "China"}, action="extended")),
      (T, dict(imposer="China", target="US", rate="24%", status="suspended"))]),
    ("art-brazil", "2025-07-10", ART_BRAZIL,
     [(T, dict(imposer="US", target="Brazil", rate="50%", effective_date="2025-08-01", status="announced"))]),
    ("art-explainer", "2025-10-20", ART_EXPLAINER, []),
    ("art-kuala-lumpur", "2025-10-26", ART_KL,
     [(M, dict(participants={"Trump", "Anwar Ibrahim"}, location="Kuala Lumpur", date="2025-10-26", status="held")),
      (M, dict(participants={"Trump", "Luiz Inacio Lula da Silva"}, date="2025-10-26", status="expected"))]),
    ("art-geneva", "2025-05-12", ART_GENEVA,
     [(T, dict(imposer="US", target="China", rate="30%", effective_date="2025-05-14")),
      (T, dict(imposer="China", target="US", rate="10%", effective_date="2025-05-14")),
      (K, dict(parties={"US", "China"}, negotiators=["Scott Bessent"], location="Geneva")),
      (R, dict(parties={"US", "China"}, action="agreed"))]),
    ("art-nvidia", "2025-07-15", ART_NVIDIA,
     [(X, dict(imposer="US", status="eased"))]),
    ("eu-japan-summit", "2025-07-23",
     "European Commission President Ursula von der Leyen met Japanese Prime Minister Shigeru Ishiba in Tokyo on "
     "Wednesday for an annual summit.",
     [(M, dict(participants={"Ursula von der Leyen", "Shigeru Ishiba"}, location="Tokyo", date="2025-07-23",
               status="held"))]),
    ("korea-greer-friday", "2025-07-25",
     "South Korea's trade minister Yeo Han-koo will meet U.S. Trade Representative Jamieson Greer in Washington on "
     "Friday as Seoul races to strike a deal before tariffs of 25% take effect on Aug. 1.",
     [(K, dict(parties={"South Korea", "US"}, negotiators={"Yeo Han-koo", "Jamieson Greer"}, location="Washington",
               date="2025-07-25")),
      (T, dict(imposer="US", rate="25%", effective_date="2025-08-01", status="announced"))]),
    # ------------------------------------------------------------ negatives
    ("neg-study-since", "2025-10-20",
     "Tariffs on Chinese goods have climbed sharply since 2018, according to a Peterson Institute study.", []),
    ("neg-not-rule-out", "2025-07-10",
     "Lula said Brazil would not rule out retaliating against the tariffs.", []),
    ("neg-fed-chair", "2025-10-20",
     "Tariffs could push up inflation if they stay in place for long, the Fed chair said.", []),
    ("neg-summit-2017", "2025-10-20",
     "The summit between the two leaders in 2017 produced few results.", []),
    ("neg-ford-unions", "2025-10-20",
     "Ford held talks with unions over plant closures and imports of parts.", []),
    ("neg-boj", "2025-10-20",
     "Economists expect the Bank of Japan to raise interest rates as tariff uncertainty fades.", []),
    ("neg-met-several-times", "2025-10-20",
     "Xi and Trump have met several times since 2017.", []),
    ("neg-what-is-a-tariff", "2025-10-20",
     "A tariff is a tax on imported goods, paid by the importer.", []),
    ("neg-has-not-imposed", "2025-10-20",
     "India has not imposed any retaliatory tariffs on U.S. goods, the trade ministry said.", []),
    ("neg-denied-reports", "2025-10-20",
     "Mexico denied reports that it plans to impose tariffs on Chinese cars.", []),
    ("neg-phone-call", "2025-10-20",
     "President Donald Trump and President Vladimir Putin spoke by phone on Thursday.", []),
    ("neg-opinion", "2025-10-01",
     "Tariffs are a tax on consumers and will hurt growth, economists warned in a note on Wednesday.", []),
    ("neg-background", "2025-10-01",
     "The tariffs imposed in 2018 on Chinese solar panels reshaped the industry, analysts said.", []),
    ("neg-hypothetical", "2025-10-01",
     "The EU could impose duties on U.S. tech services if negotiations fail, analysts said.", []),
    ("neg-denial-meeting", "2025-10-30",
     "The Kremlin said no meeting between Putin and Trump is planned for now.", []),
    ("neg-explainer", "2025-10-01",
     "Trump first imposed tariffs on Chinese goods in 2018, during his first term in office.", []),
    ("neg-editorial", "2025-03-05",
     "Canada should retaliate with tariffs on American steel, the Globe and Mail argued in an editorial.", []),
    ("neg-past-meeting", "2025-10-20",
     "Trump and Xi last met in Osaka in 2019, before the pandemic froze contacts.", []),
    ("neg-market", "2025-10-20",
     "Shares of Toyota rose 3% on hopes of lower tariffs, traders said.", []),
    ("neg-denial-ec", "2025-10-20",
     "Beijing said it had no plans to restrict exports of gallium.", []),
    ("neg-sports-truce", "2025-10-20",
     "The two football clubs agreed a truce over transfer fees on Monday.", []),
    ("neg-will-not-meet", "2025-09-20",
     "Prime Minister Narendra Modi will not meet President Donald Trump at the United Nations this month, officials "
     "said.", []),
    ("neg-if-growers", "2025-10-20",
     "If Washington imposed tariffs on Mexican tomatoes, prices would rise, growers said.", []),
    # ------------------------------------------------------------ status from tense and modality (session 14)
    ("applied-has-imposed", "2025-11-04",
     "The retailer said its costs rose after the government in Ottawa has imposed a 25% tariff on steel from India.",
     [(T, dict(imposer="Canada", target="India", rate="25%", status="in_effect"))]),
    ("potential-is-threat", "2025-11-04",
     "President Donald Trump has announced a potential 60% tariff on Brazilian coffee in response to a new "
     "Brazilian levy.",
     [(T, dict(imposer="US", target="Brazil", rate="60%", status="threatened"))]),
    ("two-rates-two-goods", "2025-11-04",
     "India will impose a 20% duty on apples from Turkey and a 30% duty on walnuts from Turkey starting December 1.",
     [(T, dict(imposer="India", target="Turkey", rate="20%", status="announced")),
      (T, dict(imposer="India", target="Turkey", rate="30%", status="announced"))]),
    ("hosted-is-held", "2025-11-04",
     "Japanese Prime Minister Sanae Takaichi hosted Australian Prime Minister Anthony Albanese in Tokyo on Monday, "
     "and the two leaders discussed critical minerals.",
     [(M, dict(status="held"))]),
    ("neg-war-truce", "2025-11-04",
     "The two presidents agreed on the need for a verifiable truce in the war and discussed economic partnerships.",
     []),
    ("neg-could-halt-exports", "2025-11-04",
     "Spanish olive oil producers warned that such high tariffs could halt exports to the United States.", []),
    ("list-items-are-sentences", "2025-11-04",
     "President Donald Trump's orders on his first day:\n- **Film Tax**: Signed an order to study film subsidies\n"
     "- **Trade Tariffs**: Announced a 25% tariff on Canada and Mexico starting December 1.",
     [(T, dict(imposer="US", target="Canada", rate="25%", effective_date="2025-12-01")),
      (T, dict(imposer="US", target="Mexico", rate="25%", effective_date="2025-12-01"))]),
    ("had-a-summit-is-held", "2025-11-04",
     "French President Emmanuel Macron had a summit with Brazilian President Luiz Inacio Lula da Silva in Belem "
     "on Tuesday.",
     [(M, dict(status="held"))]),
    # the tariff an act answers is its own event, with its own rate (self-written)
    ("answered-tariff-has-an-owner", "2025-06-02",
     "Brazil announced retaliatory duties on American machinery in response to the U.S. tariffs of 40% on "
     "Brazilian coffee.",
     [(T, dict(imposer="Brazil", target="US", rate=None)),
      (T, dict(imposer="US", target="Brazil", rate="40%", status="announced"))]),
    ("answered-tariff-from-the-goods", "2025-06-02",
     "India ordered retaliatory tariffs against the U.S. following the imposition of 30% tariffs on Indian "
     "textiles.",
     [(T, dict(imposer="India", target="US", status="announced")),
      (T, dict(imposer="US", target="India", rate="30%"))]),
    ("coordinated-imposers", "2025-06-02",
     "Australia and New Zealand have announced their own tariffs on Chinese steel.",
     [(T, dict(imposer="Australia", target="China")), (T, dict(imposer="New Zealand", target="China"))]),
    # one list, several measures at different rates: one event each (self-written)
    ("listed-measures-hyphenated-rates", "2025-06-02",
     "Indonesia's president signed orders imposing a 20-percent tariff on Japanese steel and a 15-percent tariff "
     "on Japanese glass, effective in 30 days.",
     [(T, dict(imposer="Indonesia", target="Japan", rate="20%", goods="Japanese steel")),
      (T, dict(imposer="Indonesia", target="Japan", rate="15%", goods="Japanese glass"))]),
    ("listed-measures-one-tariff-word", "2025-06-02",
     "Chile will impose tariffs of 30 percent on Argentine wine, 12 percent on Argentine beef and 8 percent on "
     "Argentine wheat from July 1.",
     [(T, dict(imposer="Chile", target="Argentina", rate="30%")),
      (T, dict(imposer="Chile", target="Argentina", rate="12%", goods="Argentine beef")),
      (T, dict(imposer="Chile", target="Argentina", rate="8%", goods="Argentine wheat"))]),
    ("new-level-of-a-cut-tariff", "2025-06-02",
     "Vietnam's finance ministry said the 20-percent duty levied on imported motorcycles from Thailand will be "
     "reduced to 10 percent from September.",
     [(T, dict(imposer="Vietnam", target="Thailand", rate="10%"))]),
    # an exemption is a removal for the exempted goods, the tariff itself stays (self-written)
    ("exemption-is-its-own-event", "2025-06-02",
     "The Indian government exempted medicines and fertilisers from the 15% tariffs on Chinese goods on Monday.",
     [(T, dict(imposer="India", target="China", goods="Chinese goods", status=("announced", "in_effect"))),
      (T, dict(imposer="India", target="China", goods="medicines and fertilisers", status="lifted"))]),
    # a change word said of another object is not the tariff's status (self-written)
    ("rescinding-something-else-is-not-lifting", "2025-06-02",
     "Brazil's new president pledged to cut fuel taxes, scrap the pension reform, and impose 20% tariffs on "
     "Argentine cars from July.",
     [(T, dict(imposer="Brazil", target="Argentina", rate="20%", status=("announced", "threatened")))]),
    # a share of people who said something, or of a trade flow, is no rate (self-written)
    ("a-share-of-comments-is-no-rate", "2018-05-18",
     "Of the 3,000-odd public comments filed with the trade office, more than 85 percent opposed the proposed "
     "US tariffs on Chinese machinery, a spokesman said.",
     [(T, dict(imposer="US", target="China", rate=None))]),
    ("a-share-of-exports-is-no-rate-nor-goods", "2018-05-18",
     "The farm goods on the list subject to the new Chinese tariffs on US goods account for 70 percent of "
     "America's farm sales to China.",
     [(T, dict(imposer="China", target="US", rate=None, goods="US goods"))]),
    ("a-share-of-consumption-is-no-rate", "2018-08-27",
     "Last year Japan bought 90,000 tonnes of frozen spinach from China, 85 percent of its total consumption, and "
     "new Japanese tariffs on Chinese vegetables took effect on Monday.",
     [(T, dict(imposer="Japan", target="China", rate=None))]),
    # the country named before "imports of" goods imports them: it imposes the tariff (self-written)
    ("the-importer-before-imports-of", "2025-06-02",
     "British unions fear that a ruling to impose big tariffs on US imports of Brazilian jets will cost jobs in "
     "Belfast.",
     [(T, dict(imposer="US", target="Brazil"))]),
    ("imports-of-a-value-come-from-the-country", "2025-06-02",
     "Beijing will impose tariffs on U.S. imports of $60 billion from next month.",
     [(T, dict(imposer="China", target="US"))]),
    # a change of trade by a percentage is no tariff rate; a cut of the tariffs by one is (self-written)
    ("trade-boosted-by-a-percentage-is-no-rate", "2018-03-22",
     "Kenya removed its tariffs on Ugandan goods on Monday, which officials said would boost cross-border trade by "
     "40 percent.",
     [(T, dict(imposer="Kenya", target="Uganda", rate=None, status="lifted"))]),
    ("tariffs-cut-by-a-percentage-is-a-rate", "2018-03-22",
     "Kenya will cut its tariffs on Ugandan sugar by 50 percent from July.",
     [(T, dict(imposer="Kenya", target="Uganda", rate="50%"))]),
    # an offer already made is news, not a measure in place cited as context; talks are no goods (self-written)
    ("an-offer-already-made-is-news", "2025-04-06",
     "Officials said Vietnam has already offered zero tariffs on American goods as a basis for trade talks.",
     [(T, dict(imposer="Vietnam", target="US", rate="0%", status="threatened"))]),
    ("talks-are-no-goods", "2025-04-06",
     "Officials said Vietnam has already proposed zero tariffs as a basis for trade talks with Washington.",
     [(T, dict(imposer="Vietnam", rate="0%", goods=None))]),
    # goods imported into a country face that country's tariff; their own country is the target (self-written)
    ("goods-imported-into-face-the-importers-tariff", "2020-11-09",
     "US aircraft imported into the EU will face tariffs of 15% from Tuesday, Brussels said.",
     [(T, dict(imposer="EU", target="US", rate="15%"))]),
    ("goods-imported-to-face-the-importers-tariff", "2020-11-09",
     "Chinese steel imported to Canada will face a 25% tariff.",
     [(T, dict(imposer="Canada", target="China", rate="25%"))]),
    # the answer's own "new" says nothing of the months-old act it answers (self-written)
    ("an-answer-is-new-the-act-it-answers-is-not", "2018-06-22",
     "Mexico's new duties on US pork took effect on Friday. The new duties are in response to Washington's decision in "
     "March to impose 25 percent tariffs on steel arriving in the United States.",
     [(T, dict(imposer="Mexico", target="US", rate=None))]),
    # countries said to be spared are no imposers, and a tariff "expected to impact American consumers" is not aimed
    # at the US: the tariffs just reported stay their imposer's (self-written)
    ("spared-countries-impose-nothing", "2025-04-03",
     "The White House announced new tariffs on imports from Japan and South Korea on Wednesday. While countries like "
     "Cuba and Belarus are exempt due to existing sanctions, the tariffs are expected to significantly impact "
     "American consumers.",
     [(T, dict(imposer="US", target="Japan")), (T, dict(imposer="US", target="South Korea"))]),
    # a buyer not expecting to pay the tariffs does not deny them (self-written)
    ("not-paying-the-tariffs-is-no-denial", "2017-12-20",
     "The US Commerce Department has proposed steep tariffs on Canadian jets. The airline said it does not expect to "
     "pay the US tariffs.",
     [(T, dict(imposer="US", target="Canada", status="threatened"))]),
    # a hyphenated feed-in-tariff is an electricity price, no border tax (self-written)
    ("a-feed-in-tariff-is-no-trade-tariff", "2018-06-04",
     "India announced a cut in the national feed-in-tariff for solar power by 0.3 rupees per kilowatt-hour.",
     []),
    # the tariff a new one is added to is the older act, no second event (self-written)
    ("the-tariff-added-to-is-no-news", "2018-08-10",
     "Seoul announced 20 percent tariffs on $5 billion of Japanese goods on Tuesday, following on from the 20 percent "
     "tariff on $8 billion of Japanese imports in effect since July 6.",
     [(T, dict(imposer="South Korea", target="Japan", rate="20%"))]),
    # the leader a relative clause is said of imposes the tariff it names, not the sentence's subject (self-written)
    ("who-imposed-tariffs-is-the-leaders-country", "2021-06-15",
     "The US and Canada have taken a softer line in the dispute since President Biden replaced Donald Trump, who "
     "imposed tariffs on Canada.",
     [(T, dict(imposer="US", target="Canada"))]),
    # the sentence's opening time frame dates the act it reports (self-written)
    ("since-wto-entry-is-background", "2018-09-26",
     "Since its accession to the WTO, Vietnam has actively assumed its responsibilities as a major developing trading "
     "nation and continued to open up its market, having cut its overall tariff level to 9.8 percent.",
     []),
    # a removal named as a second measure of the clause is its own event at 0% (self-written)
    ("the-elimination-of-tariffs-is-a-second-measure", "2025-05-08",
     "The deal cuts Japanese tariffs on key US exports, including a cut from 38% to 20% on beef and the elimination "
     "of tariffs on US wine.",
     [(T, dict(imposer="Japan", target="US", rate="20%")), (T, dict(imposer="Japan", target="US", rate="0%"))]),
    # a goal agreed is no measure (self-written)
    ("a-goal-of-zero-tariffs-is-no-measure", "2018-08-01",
     "Japan and Canada agreed to the goal of working together toward zero tariffs on industrial goods.",
     []),
    # a ruling that overturns or strikes down tariffs ends them (self-written)
    ("a-ruling-overturning-tariffs-lifts-them", "2025-06-02",
     "A Canadian lumber exporter won its appeal in the United States on Tuesday, overturning a decision to impose "
     "steep tariffs on Canadian softwood.",
     [(T, dict(imposer="US", target="Canada", status="lifted"))]),
    ("a-court-striking-down-tariffs-lifts-them", "2025-06-02",
     "A federal court on Wednesday struck down the 30% tariffs the United States had imposed on Brazilian steel.",
     [(T, dict(imposer="US", target="Brazil", status="lifted"))]),
    ("passive-lifted-goods-stop-at-the-verb", "2025-06-02",
     "Tariffs of 25% on Thai rice were lifted on Friday, Malaysia's trade ministry said.",
     [(T, dict(imposer="Malaysia", target="Thailand", goods="Thai rice", status="lifted"))]),
    # a participle's subject levies the tariff; a rate attached to a later tariff word is not the first one's;
    # countries after a tariff word are targets, not goods (self-written)
    ("participle-subject-and-own-rate", "2025-06-02",
     "Markets fell after Peru announced new tariffs on Chilean imports, which prompted a quick reply from Chile, "
     "imposing 15% tariffs on Peruvian fish.",
     [(T, dict(imposer="Peru", target="Chile", rate=None)),
      (T, dict(imposer="Chile", target="Peru", rate="15%", goods="Peruvian fish"))]),
    ("countries-are-not-goods", "2025-06-02",
     "Brazil's new tariffs on Argentina, Chile, and Peru took effect on Monday.",
     [(T, dict(imposer="Brazil", target="Argentina", goods=None)), (T, dict(imposer="Brazil", target="Chile")),
      (T, dict(imposer="Brazil", target="Peru"))]),
    # talks words that are not talks (self-written)
    ("press-conference-is-not-talks", "2025-06-02",
     "Peru's trade minister told a press conference in Lima on Monday that exports to China and the United "
     "States rose 4 percent.",
     []),
    ("meet-demand-is-not-talks", "2025-06-02",
     "Argentina and Brazil will raise soybean exports to China to meet growing demand, officials said.",
     []),
    # a tariff in brackets with no act is an example; a tariff on "countries that buy X" is not on X (self-written)
    ("bracketed-example-is-no-act", "2025-06-02",
     "Exports of Chilean wine fell 4% last quarter as trade frictions (for example, Chinese 30% tariffs) weighed "
     "on demand.",
     []),
    ("tariff-on-countries-that-buy", "2025-06-02",
     "Brazil announced a 15% tariff on countries that buy Argentine beef, effective on July 1.",
     [(T, dict(imposer="Brazil", target=None, rate="15%", goods="countries that buy Argentine beef"))]),
    # revoking a rule of controls eases them; items may hold a bracketed abbreviation (self-written)
    ("revoked-controls-are-eased", "2025-06-02",
     "Japan's trade ministry said on Tuesday it would revoke the rule that imposed export controls on "
     "extreme ultraviolet (EUV) lithography tools.",
     [(X, dict(imposer="Japan", status="eased", items="extreme ultraviolet (EUV) lithography tools"))]),
    # "cut from A to B" moves the tariff to B, not a range (self-written)
    ("cut-from-to-is-the-new-level", "2025-06-02",
     "Chile agreed to cut its duty on Peruvian copper wire from 12% to 4% from next month, the Chilean trade "
     "ministry said.",
     [(T, dict(imposer="Chile", target="Peru", rate="4%", goods="Peruvian copper wire"))]),
    # the country a pause excludes keeps its tariff: it is not the paused one's target (self-written)
    ("pause-excluding-a-country", "2025-06-02",
     "Mexico's president announced a 60-day pause on most tariffs, excluding those on Brazilian goods, on Tuesday.",
     [(T, dict(imposer="Mexico", target=None, status="suspended")),
      (T, dict(imposer="Mexico", target="Brazil", status="in_effect", goods=None))]),
    # an act told in the past with the tariff as its object is being applied (self-written)
    ("introduced-tariffs-are-in-effect", "2025-06-02",
     "In response, Chile introduced equivalent tariffs on Peruvian imports, such as fish and copper wire.",
     [(T, dict(imposer="Chile", target="Peru", status="in_effect"))]),
    # a recommendation is a threat (self-written)
    ("should-be-is-threatened", "2025-06-02",
     "Peru's tariff commission said the duty on Chilean wine should be raised to 20%.",
     [(T, dict(imposer="Peru", target="Chile", status="threatened", rate="20%"))]),
    # a date of a measure told as done is read backwards from the article's day (self-written)
    ("done-date-read-backwards", "2025-09-10",
     "Beginning August 23, Chile slapped an extra 25% tariff on Peruvian fish.",
     [(T, dict(imposer="Chile", target="Peru", effective_date="2025-08-23"))]),
    ("came-into-force-date-backwards", "2025-10-02",
     "On September 24, new Chilean levies on $2 billion worth of Peruvian goods came into force.",
     [(T, dict(imposer="Chile", target="Peru", effective_date="2025-09-24", status="in_effect"))]),
    # a leading "On <weekday>" of a sentence about what will happen is the effective date (self-written)
    ("leading-weekday-will-impose", "2025-06-02",
     "On Wednesday, Chile will impose a 30% tariff on Peruvian copper.",
     [(T, dict(imposer="Chile", target="Peru", effective_date="2025-06-04", status="announced"))]),
    # a proposed list of goods "subject to" a tariff is a proposal; "add tariffs" is an act (self-written)
    ("proposed-list-subject-to-tariffs", "2025-06-02",
     "Chile's trade ministry on Tuesday published a proposed list of goods subject to additional 15 percent "
     "tariffs on imports from Peru.",
     [(T, dict(imposer="Chile", target="Peru", rate="15%", status="threatened"))]),
    # pausing a plan to add tariffs suspends those tariffs; goods end before "coming from" (self-written)
    ("pause-of-a-plan-to-add", "2025-06-02",
     "Chile's president has put a temporary stop to his plan to add tariffs on wine and fruit coming from Peru.",
     [(T, dict(imposer="Chile", target="Peru", status="suspended", goods="wine and fruit"))]),
    # a kind of measure is no act; an earlier tariff answered is context; "added to" is no act (self-written)
    ("measures-like-tariffs", "2025-06-02",
     "Peruvian commentators urged retaliatory measures like tariffs against countries like Chile.",
     []),
    ("earlier-tariff-answered-is-context", "2025-06-02",
     "Chile announced new tariffs on Peruvian fish on Monday, in response to Peru's earlier tariffs on Chilean "
     "goods.",
     [(T, dict(imposer="Chile", target="Peru"))]),
    ("added-to-costs-is-no-act", "2025-06-02",
     "Analysts said tariffs on Chilean and Peruvian goods have added to costs for importers.",
     []),
    # the agent of a passive after the tariff word levies it; "to be imposed" is not yet applied (self-written)
    ("agent-after-tariff-word", "2025-06-02",
     "Peru firmly opposes new tariffs to be imposed by Chile on a list of Peruvian products, the Peruvian "
     "embassy said on Tuesday.",
     [(T, dict(imposer="Chile", target="Peru", status="announced"))]),
    # a first mention of both goods does not swallow two rates said later; an announcement's day is no
    # effective date, but 15 days after it is; goods end at "are," (self-written)
    ("both-goods-then-two-rates", "2025-06-02",
     "Chile's tariffs on copper and lithium imports are, in essence, protectionism, Peru's ministry said.\n"
     "The tariffs, 25 percent on imported copper and 10 percent on lithium, will take effect in 15 days after "
     "the announcement by President Boric on May 30.",
     [(T, dict(imposer="Chile", rate="25%", effective_date="2025-06-14")),
      (T, dict(imposer="Chile", rate="10%", goods="lithium", effective_date="2025-06-14"))]),
    # every sovereign state is known to the gazetteer, not only the big traders (self-written)
    ("small-states-are-countries", "2025-06-02",
     "Paraguay will impose a 12% tariff on originating goods of North Macedonia from July 1, the Paraguayan "
     "trade ministry said.",
     [(T, dict(imposer="Paraguay", target="North Macedonia", rate="12%", effective_date="2025-07-01"))]),
    # what a relative clause says of a second tariff ("that had already been set") is not said of the first
    ("already-of-the-other-tariff", "2025-06-02",
     "Last week, the Chilean government imposed an import tax of 80% on Peruvian jets, on top of a 20% tariff "
     "that had already been set.",
     [(T, dict(imposer="Chile", target="Peru", rate="80%", status="in_effect"))]),
    # "tariffs on each other's goods": one each way; a war that "threatens to disrupt" is no tariff threat
    ("each-others-goods-and-threatens-to-disrupt", "2025-06-02",
     "Chile announced it will raise tariffs on Peruvian goods from 20% to 35%, starting on Saturday.\n"
     "The dispute, which has seen both nations imposing hefty tariffs on each other's goods, threatens to "
     "disrupt regional trade.",
     [(T, dict(imposer="Chile", target="Peru", rate="35%", status="announced")),
      (T, dict(imposer="Peru", target="Chile"))]),
    # countries named in a list after "countries, including" are targets; "3,521%" is one number (self-written)
    ("targets-in-an-including-list", "2025-06-02",
     "In a move that could reshape the copper trade, Chile has announced duties as high as 1,250% on copper "
     "imports from Andean countries, including Peru and Bolivia.",
     [(T, dict(imposer="Chile", target="Peru", rate="1,250%", status="announced")),
      (T, dict(imposer="Chile", target="Bolivia", status="announced"))]),
    # exporters "like" X are the ones affected, not named targets (self-written)
    ("exporters-like-are-not-targets", "2025-06-02",
     "Chile announced a 20% tariff on foreign wine; it is expected to affect major exporters like Peru and "
     "Argentina.",
     [(T, dict(imposer="Chile", target=None, rate="20%"))]),
    # what an act could lead to is not its modality (self-written)
    ("a-move-that-could", "2025-06-02",
     "Chile announced a 25% tariff on Peruvian steel, a move that could spark a regional trade war.",
     [(T, dict(imposer="Chile", target="Peru", rate="25%", status="announced"))]),
    ("which-could-take-effect-stays-a-threat", "2025-06-02",
     "Chile threatened a 25% tariff on Peruvian steel, which could take effect in July.",
     [(T, dict(imposer="Chile", target="Peru", status="threatened"))]),
    # the country a tariff applies in, "on the import of X to Y", levies it (self-written)
    ("importer-levies-it", "2025-06-02",
     "A further duty of 40% has been imposed on the import of Peruvian fishmeal to Chile for alleged dumping.",
     [(T, dict(imposer="Chile", target="Peru", rate="40%"))]),
    # "potential" is a threat of a tariff only when said of one (self-written)
    ("potential-risks-are-no-threat", "2025-06-02",
     "Chile announced it will raise tariffs on Peruvian goods from 10% to 25%, starting on Saturday, despite the "
     "potential economic risks involved.",
     [(T, dict(imposer="Chile", target="Peru", rate="25%", status="announced"))]),
    ("potential-tariff-is-a-threat", "2025-06-02",
     "Chile announced a potential 40% tariff on Peruvian wines.",
     [(T, dict(imposer="Chile", target="Peru", rate="40%", status="threatened"))]),
    # a seat of government is its city; "peace in Ukraine" is what leaders discuss, not where (self-written)
    ("meeting-at-a-seat-of-power", "2025-06-02",
     "Chilean President Gabriel Boric met Peruvian President Dina Boluarte at the Kremlin on Monday.",
     [(M, dict(participants={"Gabriel Boric", "Dina Boluarte"}, location="Moscow", status="held"))]),
    ("the-war-in-is-no-venue", "2025-06-02",
     "Chilean President Gabriel Boric met Peruvian President Dina Boluarte on Monday to discuss the war in Ukraine.",
     [(M, dict(participants={"Gabriel Boric", "Dina Boluarte"}, location=None, status="held"))]),
    # goods "imported from X" that "will be subject to" tariffs target X; a maker's goods target its home (self-written)
    ("imported-from-then-subject-to", "2025-06-02",
     "Peru on Monday published a list of goods imported from Chile that will be subject to higher tariffs, including "
     "wine and copper wire.",
     [(T, dict(imposer="Peru", target="Chile"))]),
    ("a-makers-goods-target-its-home", "2025-06-02",
     "The Chilean trade ministry imposed a 40% duty on Embraer's regional jets on Tuesday.",
     [(T, dict(imposer="Chile", target="Brazil", rate="40%"))]),
    # a removal decided but not applied is announced; one done is lifted (LABELING.md; self-written)
    ("will-remove-is-announced", "2025-06-02",
     "Chile will remove its tariffs on certain qualifying exports from Peru.",
     [(T, dict(imposer="Chile", target="Peru", status="announced"))]),
    ("removed-is-lifted", "2025-06-02",
     "Chile removed its tariffs on exports from Peru on Monday.",
     [(T, dict(imposer="Chile", target="Peru", status="lifted"))]),
    # "production within Chile" is a place, not the goods' country: "the tariffs" stay the previous imposer's
    ("within-is-a-place", "2025-06-02",
     "Chile's president announced a 25% tariff on imported cars on Monday. Peru's carmakers were caught off guard. "
     "The tariffs, set to begin on July 3, are intended to encourage carmakers to increase production within Chile.",
     [(T, dict(imposer="Chile", target=None, rate="25%", effective_date="2025-07-03"))]),
    # a decision of someone else's in the sentence does not make an imposition a plan (self-written)
    ("another-decision-is-not-the-tariffs", "2025-06-02",
     "His decision to resign comes amid escalating tensions with Peru, driven by Chile's imposition of steep tariffs "
     "on Peruvian goods.",
     [(T, dict(imposer="Chile", target="Peru", status="in_effect"))]),
    # the main clause's modal is not the act's told after "after" (self-written)
    ("modal-of-the-main-clause", "2025-06-02",
     "Jobs in Lima could be at risk after Chile announced a 220% import tariff on Peruvian jets.",
     [(T, dict(imposer="Chile", target="Peru", rate="220%", status="announced"))]),
    ("threat-after-the-subordinate", "2025-06-02",
     "After a week of silence, Chile threatened a 220% tariff on Peruvian jets.",
     [(T, dict(imposer="Chile", target="Peru", status="threatened"))]),
    # a summit of an earlier year, and a film's president, are no meeting (self-written)
    ("a-summit-of-an-earlier-year", "2025-06-02",
     "Chile will also try to develop proposals made at the 2019 Lima Summit, President Gabriel Boric said.",
     []),
    ("a-films-president", "2025-06-02",
     "In the political thriller Summit, Viola Davis stars as President Danielle Sutton, who meets President Gabriel "
     "Boric at a summit in Lima.",
     []),
    # "the Trump administration" is a government, not its leader at a meeting (self-written)
    ("an-administration-is-not-its-leader", "2025-06-02",
     "Vice President JD Vance's visit to the Vatican marked a new moment in the dialogue between the Trump "
     "administration and the Holy See.",
     []),
    # a tool a government "may use" is no export control yet (self-written); a firm "will" is
    ("a-tool-it-may-use", "2025-06-02",
     "Chile may also use retaliatory tools such as export restrictions on lithium.",
     []),
    ("a-control-it-will-impose", "2025-06-02",
     "Chile will impose export restrictions on lithium, the government said.",
     [(X, dict(imposer="Chile", status="announced"))]),
    # two measures of one pair listed in one sentence, by a body whose name holds "Tariff" (self-written)
    ("two-listed-measures-of-one-pair", "2025-06-02",
     "The Tariff Commission of Chile has decided to impose a tariff of 15 percent on 90 items of products imported "
     "from Peru including grapes and related products, and a tariff of 30 percent on six items of imports including "
     "pisco, the ministry said.",
     [(T, dict(imposer="Chile", target="Peru", rate="15%")), (T, dict(imposer="Chile", target="Peru", rate="30%"))]),
    # suspending tariff concessions raises tariffs: applied when told done, announced when planned (self-written)
    ("suspended-concessions-are-applied", "2025-06-02",
     "Chile suspended tariff concessions on 90 items of Peruvian products including grapes starting Monday.",
     [(T, dict(imposer="Chile", target="Peru", status="in_effect"))]),
    ("concessions-to-be-suspended", "2025-06-02",
     "Chile will suspend tariff concessions on Peruvian wine.",
     [(T, dict(imposer="Chile", target="Peru", status="announced"))]),
    # a maker's goods name the target after a longer passive verb group (self-written)
    ("a-makers-goods-after-a-passive", "2025-06-02",
     "A further tariff of 45% has been imposed by Chile on the import of Embraer's E2 jets.",
     [(T, dict(imposer="Chile", target="Brazil", rate="45%"))]),
    # the country a leader threatens or warns is the target, not the imposer (self-written)
    ("the-threatened-country-is-the-target", "2025-06-02",
     "President Gabriel Boric threatened Peru with tariffs on Monday.",
     [(T, dict(imposer="Chile", target="Peru", status="threatened"))]),
    ("the-warned-country-is-the-target", "2025-06-02",
     "President Gabriel Boric warned Peru that he would impose tariffs on its wine.",
     [(T, dict(imposer="Chile", target="Peru", status="threatened"))]),
    # two values of one country's goods are two tranches, two tariffs (LABELING.md: other goods, another event);
    # a second measure of a clause does not take the first one's rate (self-written)
    ("two-tranches-two-sentences", "2025-06-02",
     "Chile imposed 25 percent tariffs on $3 billion of Peruvian goods on Monday. Chile then announced tariffs on "
     "another $12 billion of Peruvian goods.",
     [(T, dict(imposer="Chile", target="Peru", rate="25%", status="in_effect")),
      (T, dict(imposer="Chile", target="Peru", rate=None, status="announced"))]),
    ("two-tranches-one-clause", "2025-06-02",
     "Chile announced 25 percent tariffs on $3 billion of Peruvian products, and a week later Santiago escalated "
     "by announcing tariffs on Peruvian goods worth $12 billion.",
     [(T, dict(imposer="Chile", target="Peru", rate="25%")),
      (T, dict(imposer="Chile", target="Peru", rate=None))]),
    ("one-tranche-said-twice", "2025-06-02",
     "Chile imposed 25 percent tariffs on $3 billion of Peruvian goods on Monday. The tariffs on $3 bln of "
     "Peruvian goods will hurt a $2 billion aid programme, Peru said.",
     [(T, dict(imposer="Chile", target="Peru", rate="25%"))]),
    ("a-ten-percent-one", "2025-06-02",
     "Chile said it would impose a 25-percent tariff on copper wire and a 10-percent one on zinc earlier this month.",
     [(T, dict(imposer="Chile", rate="25%", goods="copper wire")),
      (T, dict(imposer="Chile", rate="10%", goods="zinc"))]),
    # the heads of the EU's institutions meet as leaders; two surnames joined by a hyphen are two people
    # (self-written)
    ("eu-commission-president-visit", "2018-07-06",
     "EU Commission President Jean-Claude Juncker is scheduled to travel to Chile in late July for an official "
     "meeting with President Sebastian Pinera.",
     [(M, dict(participants={"Jean-Claude Juncker", "Sebastian Pinera"}, status="expected"))]),
    ("hyphenated-pair-of-leaders", "2025-06-02",
     "President Gabriel Boric and Peruvian President Dina Boluarte spoke by phone on Monday. The Boric-Boluarte "
     "meeting in Lima on Friday will cover copper.",
     [(M, dict(participants={"Gabriel Boric", "Dina Boluarte"}, location="Lima", status="expected"))]),
    # an organisation's head is no head of state or government, even one who was (LABELING.md; self-written)
    ("nato-head-no-leader", "2025-06-02",
     "President Gabriel Boric met NATO Secretary-General Mark Rutte in Santiago on Monday.",
     []),
    ("the-same-man-as-prime-minister", "2023-06-02",
     "President Gabriel Boric met Dutch Prime Minister Mark Rutte in Santiago on Monday.",
     [(M, dict(participants={"Gabriel Boric", "Mark Rutte"}, location="Santiago", status="held"))]),
    # controls "on" a country are aimed at it: it is their target, not their goods (self-written)
    ("export-controls-on-a-country", "2025-06-02",
     "Chile imposed strict export controls on Peru on Monday, the trade ministry said.",
     [(X, dict(imposer="Chile", target="Peru", items=None))]),
    # a year cut off by the window the background test reads is still read (self-written)
    ("cuts-of-an-earlier-year", "2018-10-01",
     "Tariff cuts announced by Chile's Ministry of Economy on Jan 1, 2017, were a boost to Peruvian wine exports to "
     "Chile.",
     []),
    ("cuts-after-accession", "2018-10-01",
     "After its accession to the WTO, Chile significantly lowered import tariff rates on Peruvian goods, he wrote.",
     []),
    ("cuts-in-the-past", "2018-10-01",
     "Chile's economy grew because of tariff cuts on Peruvian copper in the past, the minister said.",
     []),
    ("cuts-in-the-past-week", "2018-10-01",
     "Chile announced tariff cuts on Peruvian copper in the past week, the minister said.",
     [(T, dict(imposer="Chile", target="Peru"))]),
    # an official the sentence gives no country is the story's country's (self-written)
    ("the-host-minister-is-the-story-country", "2025-06-02",
     "Peru has decided on major changes in its trade policies to avoid a trade war with Chile, Peru's economy "
     "ministry said. Peru expects its copper exports to grow. The change was announced two days before the "
     "scheduled arrival of Chilean Economy Minister Nicolas Grau for talks with Trade Minister Juan Mathews.",
     [(K, dict(parties={"Chile", "Peru"}))]),
    # a bare "goods" keeps its origin: "goods" alone tells a subscriber nothing (self-written)
    ("bare-goods-keep-their-origin", "2025-06-02",
     "Chile imposed a 10% tariff on goods from Peru.",
     [(T, dict(imposer="Chile", target="Peru", rate="10%", goods="goods from Peru"))]),
    # a later measure of a clause shares the clause's act (self-written)
    ("later-measure-shares-the-act", "2025-06-02",
     "President Gabriel Boric said on Monday that Chile would impose new duties. His proposed tariffs include a 25% "
     "tariff on goods from Peru and Bolivia and a 10% tariff on goods from Argentina.",
     [(T, dict(imposer="Chile", target="Peru", rate="25%")), (T, dict(imposer="Chile", target="Bolivia", rate="25%")),
      (T, dict(imposer="Chile", target="Argentina", rate="10%"))]),
    # what experts expect is not an act; an institution named after a place is not its government (self-written)
    ("experts-expect", "2025-06-02",
     "Experts analyzed that Peru would probably take counteractions by imposing high tariffs on Chilean wine.",
     []),
    ("university-of-a-place", "2025-06-02",
     "Chile imposed an additional tariff on Bolivian goods on Monday. Juan Perez, a professor at the National "
     "University of Peru, said about 22 percent of the goods subject to the additional tariff are copper products.",
     [(T, dict(imposer="Chile", target="Bolivia"))]),
    # "restrictions on exporting X to Y" (self-written)
    ("restrictions-on-exporting", "2025-06-02",
     "AMD said it would take an $800 million charge after new U.S. restrictions on exporting its MI308 chips to "
     "China.",
     [(X, dict(imposer="US", target="China", items="MI308 chips", status="tightened"))]),
    # tariffs a country's goods "face" or are "hit with", a "% levy on goods", the government that says so
    # (self-written)
    ("goods-will-face", "2025-06-02",
     "Vietnam's goods will face a 46% tariff from July 9, President Trump wrote in a letter on Monday.",
     [(T, dict(imposer="US", target="Vietnam", rate="46%", effective_date="2025-07-09"))]),
    ("imports-hit-with", "2025-06-02",
     "Swiss imports will be hit with duties of 39% from August 7, the U.S. said on Monday.",
     [(T, dict(imposer="US", target="Switzerland", rate="39%", effective_date="2025-08-07"))]),
    ("origin-goods-then-speaker", "2025-06-02",
     "Indian goods will face an additional 25% tariff from August 27, the White House said on Monday.",
     [(T, dict(imposer="US", target="India", rate="25%"))]),
    ("percent-levy-on-goods", "2025-06-02",
     "President Trump said on Monday he would slap a 50% levy on goods from the European Union starting June 15.",
     [(T, dict(imposer="US", target="EU", rate="50%", effective_date="2025-06-15"))]),
    ("dropped-counter-tariffs", "2025-06-02",
     "Mexico dropped most of its counter-tariffs on U.S. goods on Monday, and will drop the rest in July.",
     [(T, dict(imposer="Mexico", target="US", status="lifted"))]),
    ("shares-drop-no-act", "2025-06-02", "Shares of carmakers drop as tariffs bite.", []),
    ("goods-before-in-exchange", "2025-06-02",
     "Seoul agreed to cut tariffs on U.S. farm goods in exchange for lower duties on its cars.",
     [(T, dict(imposer="South Korea", target="US", goods="U.S. farm goods"))]),
    ("hit-back-with-a-levy", "2025-06-02",
     "Beijing hit back on Monday with a 15% levy on U.S. coal and liquefied natural gas.",
     [(T, dict(imposer="China", target="US", rate="15%", goods="U.S. coal and liquefied natural gas"))]),
    ("goods-before-starts", "2025-06-02",
     "A 10% levy on Chinese shipments starts Monday, the U.S. said.",
     [(T, dict(imposer="US", target="China", rate="10%", goods="Chinese shipments"))]),
    ("levy-on-banks-no-tariff", "2025-06-02",
     "Poland's government said on Monday it would impose a 3% levy on bank assets from July.", []),
    # a country "hit with" a tariff is its target, never its imposer; "cut ... to zero" is a 0% rate (self-written)
    ("country-hit-with", "2025-06-02",
     "Switzerland was hit with a 39% tariff on Friday after talks with Washington failed.",
     # the other side named (Washington, not a goods' origin: "on Friday" is a day) imposes; no Swiss tariff on the US
     [(K, dict(parties={"Switzerland", "US"})), (T, dict(imposer="US", target="Switzerland", rate="39%"))]),
    ("cut-to-zero", "2025-06-02",
     "Japan will cut tariffs on U.S. rice to zero under the deal, officials said on Monday.",
     [(T, dict(imposer="Japan", target="US", rate="0%"))]),
    # two governments that agree to pause their tariffs for a time: a truce; "for 90 days" is no goods; a summit
    # "put on hold" is called off (self-written)
    ("agreed-to-pause-their-tariffs", "2025-06-02",
     "Japan and South Korea agreed to pause their tariffs for 90 days after talks in Seoul, both sides said on Monday.",
     [(R, dict(parties={"Japan", "South Korea"}, action="agreed")),
      (K, dict(parties={"Japan", "South Korea"}, location="Seoul")),
      (T, dict(imposer="Japan", goods=None, status="suspended")),
      (T, dict(imposer="South Korea", goods=None, status="suspended"))]),
    ("summit-on-hold", "2025-06-02",
     "The Kremlin said on Monday that a summit between Putin and Trump in Budapest had been put on hold.",
     [(M, dict(participants={"Putin", "Trump"}, status="cancelled"))]),
    # "the new levy will take effect on <a later day>" dates the tariff just imposed, which is then announced,
    # not yet in effect (self-written)
    ("new-levy-takes-effect-later", "2025-06-02",
     "Chile on Monday imposed an additional 20% tariff on Peruvian goods.\nThe new levy will take effect 21 days "
     "after the decree, on June 23, the finance ministry said.",
     [(T, dict(imposer="Chile", target="Peru", rate="20%", effective_date="2025-06-23", status="announced"))]),
    # "earlier this year" is background once the year is two months old; goods end before "on Aug. 7" (self-written)
    ("earlier-this-year", "2025-08-20",
     "Earlier this year, Canada raised tariffs on U.S. steel to 50% before the talks resumed.", []),
    ("earlier-this-year-in-january", "2025-01-20",
     "Earlier this year, Canada raised tariffs on U.S. steel to 50%, the finance ministry said on Monday.",
     [(T, dict(imposer="Canada", target="US", rate="50%"))]),
    ("goods-before-abbreviated-date", "2025-08-20",
     "Canada imposed a 25% tariff on U.S. steel on Aug. 7, the finance ministry said.",
     [(T, dict(imposer="Canada", target="US", goods="U.S. steel", effective_date="2025-08-07"))]),
    # a country that "won a reprieve from" a tariff is its target, and the tariff is delayed (self-written)
    ("won-a-reprieve", "2025-06-02",
     "Brazil won a 90-day reprieve from higher U.S. tariffs on Monday.",
     [(T, dict(imposer="US", target="Brazil", status="delayed"))]),
    # "X's tariff rate", said by another government, is that government's rate on X (self-written); X's tariffs on
    # goods stay X's
    ("possessive-tariff-rate-said-by-other", "2025-06-02",
     "Vietnam's 46% tariff rate will be cut to 20%, the White House said on Monday.",
     [(T, dict(imposer="US", target="Vietnam", rate="20%"))]),
    ("possessive-tariffs-on-goods", "2025-06-02",
     "Vietnam's tariffs on U.S. cars will be cut to zero, the White House said on Monday.",
     [(T, dict(imposer="Vietnam", target="US", rate="0%"))]),
    # goods end before their new level "to 10%", not at a later "for up to 100,000 vehicles" (self-written)
    ("goods-before-new-level", "2025-06-02",
     "Canada and Japan agreed a deal on Monday that lowers Canadian tariffs on Japanese cars to 5% for up to "
     "50,000 vehicles a year.",
     [(T, dict(imposer="Canada", target="Japan", rate="5%", goods="Japanese cars"))]),
    # the other side of a deal is no imposer, and "its goods" are its (self-written)
    ("deal-with-counterpart-its-goods", "2025-06-02",
     "The U.S. reached a deal with the Philippines on Monday that sets tariffs on its goods at 19%.",
     [(T, dict(imposer="US", target="Philippines", rate="19%"))]),
    # a rate "in exchange for" another belongs to the other measure; a trade probe that "could lead to tariffs"
    # is a threat (self-written)
    ("in-exchange-for", "2025-06-02",
     "Indonesia agreed on Monday to lower its tariffs on U.S. goods to zero in exchange for a 19% U.S. tariff on "
     "Indonesian imports.",
     [(T, dict(imposer="Indonesia", target="US", rate="0%")),
      (T, dict(imposer="US", target="Indonesia", rate="19%"))]),
    ("probe-could-lead-to-tariffs", "2025-06-02",
     "The U.S. Commerce Department opened a Section 232 investigation into imports of drones on Monday, which "
     "could lead to tariffs.",
     [(T, dict(imposer="US", status="threatened"))]),
    # talks named only as what may fail are no talks (self-written)
    ("if-talks-fail", "2025-06-02",
     "Canada approved counter-tariffs on U.S. goods on Monday that would take effect on July 7 if talks with "
     "Washington fail.",
     [(T, dict(imposer="Canada", target="US", effective_date="2025-07-07", status="threatened"))]),
    # a pause promised on a condition is no pause (self-written)
    ("suspend-if-a-deal", "2025-06-02",
     "Canada approved counter-tariffs on C$20 billion of U.S. goods on Monday.\nOttawa said it would suspend the "
     "tariffs for six months if a deal is reached.",
     [(T, dict(imposer="Canada", target="US", status=("threatened", "announced")))]),
    # the office a leader "returned to" is not where a meeting is; "expanded its rare earths export controls"
    # tightens them (self-written)
    ("returned-to-the-seat", "2025-06-02",
     "Trump and Modi will meet in Kuala Lumpur later this month, their first meeting since Trump returned to the "
     "White House.",
     [(M, dict(participants={"Trump", "Modi"}, location="Kuala Lumpur", status="expected"))]),
    ("expanded-its-controls", "2025-06-02",
     "Japan on Monday expanded its chipmaking equipment export controls, the trade ministry said.",
     [(X, dict(imposer="Japan", status="tightened"))]),
    # "open to meeting" proposes a meeting; a meeting of an earlier year named by its year is recalled (self-written)
    ("open-to-meeting", "2025-06-02",
     "Modi said on Monday he was open to meeting Xi but no date had been set.",
     [(M, dict(participants={"Modi", "Xi"}, status="proposed"))]),
    ("possessive-year-meeting", "2025-06-02",
     "Modi's 2023 meeting with Xi in Johannesburg eased tensions, analysts said.", []),
    # a measure kept in place stands (in effect); goods end where their verb begins (self-written)
    ("kept-in-place", "2025-06-02",
     "Ottawa will keep the 25% tariff on U.S. steel in place, Finance Minister Francois-Philippe Champagne said on "
     "Monday.",
     [(T, dict(imposer="Canada", target="US", rate="25%", goods="U.S. steel", status="in_effect"))]),
    ("goods-then-took-effect", "2025-06-02",
     "Tariffs of 30% on Peruvian and Bolivian goods took effect at midnight, Chile's government said on Monday.",
     [(T, dict(imposer="Chile", target="Peru", goods="Peruvian and Bolivian goods", status="in_effect")),
      (T, dict(imposer="Chile", target="Bolivia", status="in_effect"))]),
    ("maintains-that-is-no-act", "2025-06-02",
     "The ministry maintains that tariffs protect local industry, a spokesman said.", []),
    # a deal that "sets" a tariff; "a deal on Sunday" is no deal on a topic (self-written)
    ("deal-sets-a-tariff", "2025-06-02",
     "Britain and the United States struck a trade deal on Sunday that sets a 10% tariff on most British goods.",
     [(T, dict(imposer="US", target="UK", rate="10%", status="announced"))]),
    # sales allowed again are controls eased; the items end before the day (self-written)
    ("allow-to-resume-sales", "2025-06-02",
     "Washington will allow AMD to resume sales of its MI308 chips to China, the company said on Monday.",
     [(X, dict(imposer="US", target="China", items="its MI308 chips", status="eased"))]),
    ("items-before-the-day", "2025-06-02",
     "Vietnam banned exports of broken rice on Monday to curb domestic prices.",
     [(X, dict(imposer="Vietnam", items="broken rice", status="tightened"))]),
    # controls said of sales and shipments, without the word "export" (self-written)
    ("barred-from-selling", "2025-06-02",
     "Washington barred AMD from selling its MI308 chips to China without a license, the company said on Monday.",
     [(X, dict(imposer="US", target="China"))]),
    ("restrictions-on-a-makers-sales", "2025-06-02",
     "Japan expanded its restrictions on Tokyo Electron's sales of chipmaking tools to China on Monday.",
     [(X, dict(imposer="Japan", target="China", items="chipmaking tools", status="tightened"))]),
    ("licences-for-shipments", "2025-06-02",
     "South Korea on Monday began requiring licences for shipments of memory chips to Russia.",
     [(X, dict(imposer="South Korea", target="Russia", items="memory chips"))]),
    ("company-halts-sales", "2025-06-02",
     "Honda halted sales of its Accord to Brazil on Monday after a recall.", []),
    # a country in a business body's name is no party to talks, and one government meeting a business body holds
    # no trade talks (LABELING.md: officials of two or more governments) (self-written)
    ("business-council-no-party", "2025-06-02",
     "Chilean Trade Minister Ana Soto met members of the Peru-Chile Business Council in Santiago on Monday to "
     "discuss tariffs and trade.",
     []),
    # being warned not to go ahead is no denial of the plan (self-written)
    ("warned-not-to-go-ahead", "2025-06-02",
     "Chile's trade ministry on Tuesday proposed additional 25 percent tariffs on Peruvian goods. Business groups "
     "have warned the Boric government not to impose the tariffs on Peruvian imports.",
     [(T, dict(imposer="Chile", target="Peru", rate="25%", status="threatened"))]),
    ("pleaded-not-to-raise", "2025-06-02",
     "Chile's trade ministry on Tuesday proposed additional 25 percent tariffs on Peruvian goods. One witness after "
     "another pleaded for the Boric government not to impose the tariffs on Peruvian imports.",
     [(T, dict(imposer="Chile", target="Peru", rate="25%", status="threatened"))]),
    # a signed order that "could impose" tariffs is a threat, not idle speculation (self-written)
    ("signed-memorandum-could", "2025-06-02",
     "Last Thursday, President Gabriel Boric signed a memorandum that could impose tariffs on up to 6 billion "
     "dollars of imports from Peru.",
     [(T, dict(imposer="Chile", target="Peru", status="threatened"))]),
    # a measure whose removal is refused or made a condition stands (self-written)
    ("removal-refused", "2025-06-02",
     "The decision comes after Peru refused to remove its retaliatory tariffs on Chilean goods.",
     [(T, dict(imposer="Peru", target="Chile", status="in_effect"))]),
    ("not-imposed-still-nothing", "2025-06-02",
     "Peru did not impose tariffs on Chilean goods, the ministry said.",
     []),
    # talks said not to have happened, or refused, are no talks (self-written)
    ("no-talks-held", "2025-06-02",
     "There have not been any bilateral talks over the dispute between Chile and Peru, Chile's trade ministry said.",
     []),
    ("door-for-negotiations-shut", "2025-06-02",
     "The door for trade negotiations between Peru and Chile is shut, a Peruvian spokesperson said.",
     []),
    # talks recommended, offered or recalled are no talks held (self-written)
    ("talks-as-the-only-way", "2025-06-02",
     "Equal dialogue and negotiations are the only correct way to solve the trade dispute between Chile and Peru, "
     "a Chilean spokesman said.",
     []),
    ("open-to-negotiations", "2025-06-02",
     "Chile is open to negotiations with Peru on the copper trade dispute, its trade minister said.",
     []),
    ("willingness-to-resume", "2025-06-02",
     "Peru expressed its willingness to resume trade negotiations with Chile.",
     []),
    ("it-is-important-that", "2025-06-02",
     "It is important that Peru weighs the trade balance with Chile calmly and starts sincere talks with the "
     "Chilean government.",
     []),
    ("a-body-named-conference", "2025-06-02",
     "Speaking at the United Nations Conference on Trade and Development, Peru's trade minister Ana Torres said "
     "Chile's copper tariffs hurt exporters.",
     []),
    ("meet-its-export-commitments", "2025-06-02",
     "Chile will lend Peru 50,000 tonnes of copper over the next few months to help it meet its export commitments, "
     "Mining Minister Diego Pardow said today.",
     []),
    ("a-discussion-document", "2025-06-02",
     "In a discussion document prepared for the summit, Chile's trade minister proposed new trade rules with Peru.",
     []),
    ("any-future-talks", "2025-06-02",
     "Chile and Peru are an important force in any multilateral trade talks, Chile's trade minister said.",
     []),
    # talks of nobody in particular tell a subscriber nothing (self-written)
    ("talks-without-parties", "2025-06-02",
     "Trade negotiators resumed multilateral negotiations on farm subsidies on Monday.",
     []),
    ("talks-held-still-talks", "2025-06-02",
     "Chile and Peru held trade talks in Lima on Monday over copper tariffs.",
     [(K, dict(parties={"Chile", "Peru"}, location="Lima"))]),
    # the parties of a dispute are not the imposer of the tariffs it began with; the proposal spoken of next is the
    # proposer's, not the cited measure's (self-written; news2025 replay: the EU's 50% on whiskey was 'threatened')
    ("dispute-between-parties", "2025-06-02",
     "President Lula has proposed a 40% tariff on Argentine wine in response to Argentina's recent 30% tariff on "
     "Brazilian shoes.\nThe move deepens a dispute between Brazil and Argentina that began with tariffs on steel.\n"
     "The proposed tariffs would hit small wineries hardest.",
     [(T, dict(imposer="Brazil", target="Argentina", rate="40%", status="threatened")),
      (T, dict(imposer="Argentina", target="Brazil", rate="30%", status="announced"))]),
    # a minister's visit in the next clause is no meeting of the leaders named before it (self-written)
    ("minister-visit-other-clause", "2025-06-02",
     "Prime Minister Mark Carney has been in touch with President Donald Trump on the matter, but Trade Minister "
     "Dominic LeBlanc visited a Ford plant in Michigan on Monday.",
     []),
    # a member state's goods are the customs union's: one tariff on the EU, not three (self-written)
    ("members-are-the-union", "2025-06-02",
     "The US will impose 25% tariffs on cheese and olives from France, Germany and Spain from June 18, trade "
     "officials said.",
     [(T, dict(imposer="US", target="EU", rate="25%", effective_date="2025-06-18"))]),
    ("member-before-it-joined", "1985-06-03",
     "The United States will impose a 20% tariff on wine from Spain from June 18, trade officials said.",
     [(T, dict(imposer="US", target="Spain", rate="20%"))]),
    # an option weighed and turned down is no rate of the tariff (self-written)
    ("considered-then-decided-not-to", "2025-06-02",
     "Canada raised its tariff on steel from China on Monday.\nOttawa said it had considered putting the tariff rate "
     "as high as 50%, but after hearing from industry, it decided not to do so.",
     [(T, dict(imposer="Canada", target="China", rate=None))]),
    # new levels said item by item are one measure each (self-written)
    ("levels-item-by-item", "2025-06-02",
     "India said on Monday it would raise tariffs on imports of US almonds to 40 percent, apples to 50 percent "
     "and walnuts to 120 percent from June 16.",
     [(T, dict(imposer="India", target="US", rate="40%", goods="imports of US almonds")),
      (T, dict(imposer="India", target="US", rate="50%", goods="apples")),
      (T, dict(imposer="India", target="US", rate="120%", goods="walnuts"))]),
    # a government's own report and an earlier month in the clause before are not the tariff's time; a share of
    # comments is no rate (self-written)
    ("report-then-imposed", "2025-06-02",
     "The U.S. Commerce Department released its investigation report in March, and imposed tariffs on steel from "
     "Vietnam on May 28 in disregard of 80 percent opposition in the comments it received.",
     [(T, dict(imposer="US", target="Vietnam", rate=None, status="in_effect"))]),
    # what a later sentence says of one measure on several countries is said of each (self-written)
    ("measure-on-two-then-its-rate", "2025-06-02",
     "Japan has put a temporary stop to its plan to add tariffs on steel from Brazil and India.\nThe duties, set at 30%, "
     "were due to start next month but are now paused until talks end.",
     [(T, dict(imposer="Japan", target="Brazil", rate="30%", status="suspended")),
      (T, dict(imposer="Japan", target="India", rate="30%", status="suspended"))]),
    # a story about a maker: its tariff that names no country targets the maker's home (self-written)
    ("story-about-a-maker", "2025-06-02",
     "Embraer said on Monday it would appeal.\nThe US Commerce Department imposed a 150% duty on imports of its "
     "E2 regional jets on Friday.\nEmbraer called the duty unfair, and Embraer's shares fell 4%.",
     [(T, dict(imposer="US", target="Brazil", rate="150%"))]),
    # a country that a finite verb follows is its clause's subject, even after "to" (self-written)
    ("subject-after-to", "2025-06-02",
     "Exporters in China and Japan reacted to reports the U.S. will raise its tariff on solar panels to 50% "
     "from July 1.",
     [(T, dict(imposer="US", rate="50%"))]),
    ("maker-story-tariff-on-all", "2025-06-02",
     "Embraer said on Monday it would appeal.\nThe US imposed a 25% tariff on all imported aircraft on Friday.\n"
     "Embraer called the tariff unfair, and Embraer's shares fell 4%.",
     [(T, dict(imposer="US", target=None, rate="25%"))]),
    # a relative clause said of a country: its subject is that country, not the sentence's (self-written)
    ("which-clause-subject", "2025-05-09",
     "Britain agreed on Thursday to lower its tariffs on U.S. beef and ethanol as part of a trade deal with the "
     "United States, which will keep a 10% tariff on most British goods.",
     [(T, dict(imposer="UK", target="US", rate=None)), (T, dict(imposer="US", target="UK", rate="10%"))]),
    # a price's move is no tariff rate (self-written)
    ("price-move-no-rate", "2025-05-12",
     "Oil prices rose more than 1% on Monday after China agreed to slash its tariffs on U.S. goods.",
     [(T, dict(imposer="China", target="US", rate=None))]),
    # an embassy or an ambassador's residence is where talks are held, not a party (self-written)
    ("residence-no-party", "2025-05-10",
     "U.S. Treasury Secretary Scott Bessent met Chinese Vice Premier He Lifeng for trade talks at the residence of "
     "Switzerland's ambassador to the United Nations in Geneva on Saturday.",
     [(K, dict(parties={"US", "China"}, location="Geneva"))]),
    # an offer is a proposal: threatened (LABELING.md) (self-written)
    ("offer-is-proposal", "2025-05-10",
     "India has offered to cut tariffs to zero on U.S. steel up to a certain quota, two government sources said.",
     [(T, dict(imposer="India", target="US", status="threatened"))]),
    # a suspension extended beside the part kept: two measures; the truce named in a tariff sentence; "until" lies
    # ahead (self-written)
    ("suspension-and-rest-kept", "2025-08-12",
     "China said on Tuesday it would extend the suspension of its 24% additional tariff on U.S. goods for another "
     "90 days, keeping a 10% duty in place, after President Trump signed an order extending the truce until "
     "November 10.",
     [(T, dict(imposer="China", target="US", rate="24%", status="suspended", effective_date="2025-11-10")),
      (T, dict(imposer="China", target="US", rate="10%", status="in_effect", effective_date=None)),
      (R, dict(parties={"China", "US"}, action="extended", until="2025-11-10"))]),
    # the country given a reprieve is the target of the tariff delayed (self-written)
    ("reprieve-given-to", "2025-07-31",
     "President Donald Trump said on Thursday he would give Mexico 90 more days to negotiate a trade deal, delaying "
     "a planned increase in tariffs to 30% from 25% that was due to take effect on Friday.",
     [(T, dict(imposer="US", target="Mexico", rate="30%", status="delayed"))]),
    # "the threat to national security" a proclamation answers is no tariff threat (self-written, fact-sheet style)
    ("security-threat-no-tariff-threat", "2025-09-29",
     "ADDRESSING THE THREAT TO NATIONAL SECURITY FROM IMPORTS OF TIMBER: Today, President Donald J. Trump signed a "
     "Proclamation imposing a 10% tariff on softwood timber and lumber imports.",
     [(T, dict(imposer="US", rate="10%", status="announced"))]),
    # a share of the goods is no rate; cooperation on export controls sets none (self-written, joint-statement style)
    ("share-of-goods-and-cooperation", "2025-10-26",
     "Malaysia will provide preferential access to U.S. industrial goods, eliminating tariffs on 98.4 percent of "
     "U.S. exports. The United States and Malaysia will work together on export controls and investment security.",
     [(T, dict(imposer="Malaysia", target="US", rate=None))]),
    # a summit of a leader with business figures is no meeting of leaders, nor is "the summit" later (self-written)
    ("business-summit", "2025-06-02",
     "President Donald Trump hosted a summit with top technology executives at the White House on Friday.\n"
     "During the summit, Trump promised to cut regulations on data centres.",
     []),
    # a company's or a utility's price list is no tariff measure (self-written)
    ("company-price-tariffs", "2024-07-03",
     "India's telecom operators Vodafone Idea and Bharti Airtel raised their tariffs by up to 20% on Wednesday.\n"
     "British households on fixed energy tariffs will not be affected by the rise, the government said.",
     []),
    # firms "in China" added to a list: the list's government imposes, China is the target (self-written)
    ("firms-in-country-listed", "2025-03-26",
     "The U.S. Commerce Department on Tuesday added 80 companies, including more than 50 in China, to its export "
     "restriction list, citing national security concerns.",
     [(X, dict(imposer="US", target="China", status="tightened"))]),
    # one rate after another, each on its own countries: a measure per country at its rate (self-written)
    ("rates-listed-by-country", "2025-07-08",
     "The White House said tariffs of 30% will apply to South Africa, 25% to Malaysia and Tunisia, and 20% to the "
     "Philippines from Aug. 1.",
     [(T, dict(imposer="US", target="South Africa", rate="30%", status="announced")),
      (T, dict(imposer="US", target="Malaysia", rate="25%")), (T, dict(imposer="US", target="Tunisia", rate="25%")),
      (T, dict(imposer="US", target="Philippines", rate="20%"))]),
    # a measure that remains in place is in effect; one that rose to a level on a past day too (self-written)
    ("remains-in-place-and-rose-to", "2025-06-02",
     "Canada's tariffs on U.S. goods remain in place, Prime Minister Mark Carney said on Tuesday.\n"
     "U.S. duties on Canadian lumber rose to 35% on Friday.",
     [(T, dict(imposer="Canada", target="US", status="in_effect")),
      (T, dict(imposer="US", target="Canada", rate="35%", goods="Canadian lumber", status="in_effect"))]),
    # the day of the call in which a meeting was agreed is not the meeting's date (self-written)
    ("call-day-not-meeting-day", "2025-09-15",
     "Trump spoke with Xi by phone on Friday and said they agreed to meet in South Korea.",
     [(M, dict(participants={"Trump", "Xi"}, location="South Korea", date=None))]),
    # a visit at home and talks in an aside about the visitor are no round of talks; a meeting word in an aside
    # does not anchor the leaders' meeting (self-written)
    ("asides-and-home-visits", "2025-10-26",
     "Commerce Secretary Howard Lutnick visited a Ford plant in Detroit on Tuesday, praising the company's "
     "investment.\nLutnick, who led trade talks with Britain last month, said more deals were coming.\n"
     "Bessent, who visited Tokyo last week, said the framework would be put to Trump and Xi at their meeting on "
     "Thursday.",
     [(M, dict(participants={"Trump", "Xi"}, date="2025-10-30", date_text=None))]),
    # "delayed the imposition of tariffs" delays them; "on up to $12 billion of goods" names goods (self-written)
    ("delayed-imposition-up-to", "2018-09-18",
     "India has again delayed the imposition of retaliatory tariffs on 29 U.S. goods until Nov. 2, a government "
     "notification said on Tuesday.\nCanada will impose tariffs on up to C$16.6 billion worth of U.S. steel and "
     "aluminum from July 1, Foreign Minister Chrystia Freeland said.",
     [(T, dict(imposer="India", target="US", status="delayed", effective_date="2018-11-02")),
      (T, dict(imposer="Canada", target="US", goods="up to C$16.6 billion worth of U.S. steel and aluminum"))]),
    # new levels listed item by item after a passive: a measure per item (self-written)
    ("passive-levels-listed", "2018-08-15",
     "Tariffs on U.S. passenger cars were raised to 120 percent, on alcoholic drinks to 140 percent and on leaf "
     "tobacco to 60 percent, according to a decree signed by President Tayyip Erdogan.",
     [(T, dict(imposer="Turkey", target="US", rate="120%", goods="U.S. passenger cars")),
      (T, dict(imposer="Turkey", target="US", rate="140%", goods="alcoholic drinks")),
      (T, dict(imposer="Turkey", target="US", rate="60%", goods="leaf tobacco"))]),
    # two sides agreeing to suspend "tariffs": each side's, on the other (self-written)
    ("both-sides-suspend", "2021-03-05",
     "The US and the EU have agreed to suspend tariffs imposed in a long-running dispute over subsidies for "
     "aircraft makers Airbus and Boeing.",
     [(T, dict(imposer="US", target="EU", status="suspended")),
      (T, dict(imposer="EU", target="US", status="suspended"))]),
    # a tariff in force in its own relative clause is in effect, whatever the modal of the sentence (self-written)
    ("in-force-relative-clause", "2019-10-31",
     "Airbus said on Thursday that the US tariffs on its planes, which took effect on 18 October, could hit its US "
     "customers.",
     [(T, dict(imposer="US", status="in_effect", effective_date="2019-10-18"))]),
    # a truce cited in a market story: agreed, both sides' tariffs paused; a company's halt of its exports is no
    # export control (self-written)
    ("pause-agreed-cited-company-halt", "2025-05-13",
     "The dollar rose on Tuesday, extending gains after Washington and Beijing agreed to a 90-day pause on most "
     "of their reciprocal tariffs.\nFord Motor has suspended exports of some vehicles to China, a company "
     "spokesperson said.",
     [(T, dict(imposer="US", target="China", status="suspended")),
      (T, dict(imposer="China", target="US", status="suspended")),
      (R, dict(parties={"US", "China"}, action="agreed"))]),
    # "taxes on Canadian steel" is a tariff (BBC style), "taxes on employers" no; "if talks failed" is no talks
    # (self-written)
    ("taxes-on-goods-and-failed-talks", "2025-06-02",
     "Trump says he will double taxes on Canadian steel to 50%.\nReeves raised taxes on employers in the Budget.\n"
     "The EU said it would slap counter-tariffs on US goods if talks failed.",
     [(T, dict(imposer="US", target="Canada", rate="50%", goods="Canadian steel")),
      (T, dict(imposer="EU", target="US", status="threatened"))]),
    # a list of items keeps its commas; a new licence requirement tightens (self-written)
    ("items-list-and-licence-requirement", "2025-06-02",
     "China banned exports of gallium, germanium and antimony to the United States on Tuesday.\n"
     "The Commerce Department said on Monday it would require licences for exports of EDA software to China.",
     [(X, dict(imposer="China", target="US", items="gallium, germanium and antimony", status="tightened")),
      (X, dict(imposer="US", target="China", items="EDA software", status="tightened"))]),
    # who leads a side's delegation in a later sentence is that side's negotiator (self-written, 1987 wire style)
    ("delegation-leader-negotiator", "1987-03-20",
     "U.S. and Japanese trade officials will meet in Tokyo next week to discuss Japan's compliance with the "
     "semiconductor agreement, a spokesman said.\nDeputy Trade Representative Michael Smith will lead the U.S. "
     "delegation.",
     [(K, dict(parties={"US", "Japan"}, negotiators=["Michael Smith"], location="Tokyo"))]),
    # the subject of a later "after ..." clause is no party of the talks (self-written, 1987 wire style)
    ("after-clause-no-party", "1987-01-26",
     "European Community and U.S. negotiators resumed talks in Geneva today on compensation for lost grain sales "
     "after Spain joined the EC, trade sources said.",
     [(K, dict(parties={"EU", "US"}, location="Geneva"))]),
    # talks as what an offer is meant to start are no talks held (self-written)
    ("basis-for-talks", "2025-04-06",
     "Vietnam has offered to cut its tariffs on U.S. goods to zero as a basis for trade talks with Washington, the "
     "commerce secretary said.",
     [(T, dict(imposer="Vietnam", target="US", status="threatened"))]),
    # two leaders who "ended three days of talks" held a meeting (self-written, 1987 wire style)
    ("leaders-ended-talks", "1987-04-01",
     "MOSCOW, April 1 - British Prime Minister Margaret Thatcher and Soviet leader Mikhail Gorbachev ended three "
     "days of talks in Moscow today, agreeing to step up cultural exchanges, British officials said.",
     [(M, dict(participants={"Margaret Thatcher", "Mikhail Gorbachev"}, location="Moscow", status="held"))]),
    # ", and China said ...": a new subject starts a clause of its own; "taking effect immediately" is in effect
    # (self-written, 2018 wire style)
    ("and-new-subject-own-duties", "2018-07-06",
     "U.S. tariffs on $34 billion of Chinese goods took effect at midnight on Friday, and China said it was forced "
     "to retaliate, with its own duties on an equal amount of U.S. goods taking effect immediately.",
     [(T, dict(imposer="US", target="China", status="in_effect")),
      (T, dict(imposer="China", target="US", status="in_effect"))]),
    # "its goods" are the subject's when no deal counterpart is named; the old level's threat is not the new one's
    # (self-written)
    ("its-goods-subject-former-threat", "2025-07-31",
     "South Korea agreed to invest $350 billion in the United States in exchange for a 15% tariff on its goods, "
     "down from the 25% Trump had threatened.",
     [(T, dict(imposer="US", target="South Korea", rate="15%", status="announced"))]),
    # a meeting ruled out is no meeting expected (self-written)
    ("meeting-ruled-out", "2025-10-23",
     "Indian Prime Minister Narendra Modi will not travel to Kuala Lumpur for the ASEAN summit this weekend, ruling "
     "out a meeting with U.S. President Donald Trump, officials said.",
     []),
    # "early April" is three weeks back or more in a May 9 story: background (self-written)
    ("early-last-month-background", "2025-05-09",
     "Tariffs have weighed on sentiment since early April, when Trump announced sweeping levies on most trading "
     "partners.",
     []),
]


def _matches(event, want: dict) -> bool:
    for k, v in want.items():
        got = getattr(event, k)
        if isinstance(v, set):
            if set(got or ()) != v:
                return False
        elif isinstance(v, tuple):
            if got not in v:
                return False
        elif got != v:
            return False
    return True


# Cases read by the rules alone: the shipped confidence of one of their events sits at the shipped floor (0.1)
# and crosses it from one refit of the model to the next ("a 60-day pause on most tariffs" names no target, as few
# labelled pauses do).
RULES_READING = {"pause-excluding-a-country"}


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_modern_case(case):
    name, published, text, expected = case
    article = Article(id="modern", title="", text=text,
                      published=datetime.fromisoformat(published).replace(tzinfo=timezone.utc))
    events = rule_events(article) if name in RULES_READING else detect_events(article)
    found = [e.model_dump(exclude={"evidence", "sources", "event_key", "confidence"}) for e in events]
    for etype in {t for t, _ in expected} | {e.type for e in events}:
        want = [w for t, w in expected if t == etype]
        got = [e for e in events if e.type == etype]
        assert len(got) == len(want), f"{etype}: expected {len(want)}, found {found}"
        for w in want:
            assert any(_matches(e, w) for e in got), f"{etype}: no event matches {w}; found {found}"


def test_a_measure_whose_removal_is_the_condition_is_its_owners_and_stands():
    # the rules' own reading (the calibrated confidence of the kept measure sits near the shipped floor):
    # the threat stays a threat, and "its retaliatory tariffs" are Lima's, on Chile, in effect, with no deadline as date
    text = ("President Gabriel Boric warned Peru, threatening a 50% tariff on Peruvian goods if Lima does not remove "
            "its retaliatory tariffs by June 8.")
    article = Article(id="kept", title="", text=text, published=datetime(2025, 6, 2, tzinfo=timezone.utc))
    got = {(e.imposer, e.target, e.status, e.rate, e.effective_date) for e in rule_events(article)
           if e.type == T}
    assert ("Chile", "Peru", "threatened", "50%", "2025-06-08") in got or \
        ("Chile", "Peru", "threatened", "50%", None) in got, got
    assert ("Peru", "Chile", "in_effect", None, None) in got, got  # retaliatory: it answers Chile's tariffs
    assert len(got) == 2, got


def test_a_retaliation_that_names_no_target_answers_the_storys_tariff():
    # the rules' own reading (self-written): the shipped confidence of Peru's answer sits at the shipped floor,
    # lowered by the market words of its sentence, and moves across it from one refit to the next
    text = ("Chile imposed a 25% tariff on Peruvian copper on Monday. Investors are worried, as Peru retaliated with "
            "its own tariffs on Tuesday.")
    article = Article(id="answer", title="", text=text, published=datetime(2025, 6, 2, tzinfo=timezone.utc))
    got = {(e.imposer, e.target) for e in rule_events(article) if e.type == T}
    assert got == {("Chile", "Peru"), ("Peru", "Chile")}, got


def test_enough_cases():
    assert len(CASES) >= 40
    assert sum(1 for c in CASES if not c[3]) >= 10


def test_officials_talks_in_a_story_about_trade():
    """'X and Y held two days of talks in Stockholm' names no trade word; in a story whose title is about trade,
    officials of two countries holding talks are trade talks (self-written). Without that title they are not."""
    text = ("Indian Finance Minister Nirmala Sitharaman and U.S. Treasury Secretary Scott Bessent held two days of "
            "talks in Geneva that ended on Tuesday.")
    published = datetime(2025, 6, 4, tzinfo=timezone.utc)
    story = Article(id="talks-trade-title", title="India and US end tariff talks in Geneva", text=text, published=published)
    talks = [e for e in detect_events(story) if e.type == K]
    assert len(talks) == 1 and set(talks[0].parties) == {"India", "US"} and talks[0].location == "Geneva"
    other = Article(id="talks-other-title", title="Monsoon arrives early", text=text, published=published)
    assert not [e for e in detect_events(other) if e.type == K]


def test_the_act_a_story_measures_from_is_background():
    """'the first meeting since Trump raised tariffs to 145% last month, prompting Beijing to retaliate': both
    tariffs are the past the story measures from, not news (self-written)."""
    text = ("It was the first face-to-face meeting of the two sides since President Donald Trump raised tariffs on "
            "Chinese goods to 145% last month, prompting Beijing to retaliate with levies of 125% on U.S. products.")
    article = Article(id="since-act", title="", text=text, published=datetime(2025, 5, 10, tzinfo=timezone.utc))
    assert not [e for e in rule_events(article) if e.type == T]
    news = Article(id="since-act-news", title="", text="Trump raised tariffs on Chinese goods to 145% on Wednesday.",
                   published=datetime(2025, 5, 10, tzinfo=timezone.utc))
    assert [e for e in rule_events(news) if e.type == T]


def test_a_threat_under_discussion_is_news_and_its_owner_imposes():
    """'to discuss the U.S. threat to impose 100% duties': the topic of a meeting that is itself a government's act
    (self-written). A plan without an owner stays a topic."""
    text = ("EU trade ministers will meet in Luxembourg on Monday to discuss the U.S. threat to impose 100% duties on "
            "European wine unless Brussels drops its steel safeguards, diplomats said.")
    article = Article(id="standing-threat", title="", text=text, published=datetime(2025, 3, 27, tzinfo=timezone.utc))
    got = {(e.imposer, e.target, e.rate, e.status) for e in rule_events(article) if e.type == T}
    assert got == {("US", "EU", "100%", "threatened")}, got


def test_a_ministers_meeting_with_a_head_of_state_is_no_leader_meeting():
    """LABELING.md: a minister is not a head of state or government (self-written). Two leaders still meet."""
    published = datetime(2025, 6, 2, tzinfo=timezone.utc)
    text = ("U.S. Commerce Secretary Howard Lutnick, who is scheduled to meet King Mohammed during a two-day official "
            "visit, said he would tour the port of Tangier.")
    minister = Article(id="minister-king", title="", text=text, published=published)
    assert not [e for e in rule_events(minister) if e.type == M]
    leaders = Article(id="pm-president", title="", text="Japanese Prime Minister Shigeru Ishiba will visit Washington "
                      "next week to meet President Donald Trump.", published=published)
    assert [e for e in rule_events(leaders) if e.type == M]


def test_a_pause_but_a_raise_are_two_acts_and_on_hold_is_a_suspension():
    """'paused most of his new tariffs ..., but raised the levy on Chinese goods to 125%': two acts, the rate the
    raise's; 'put on hold its plan to raise duties' suspends (self-written)."""
    text = ("Trump paused most of his new tariffs for 90 days on Wednesday, but raised the levy on Chinese goods to "
            "125%.\nIndia has put on hold its plan to raise duties on U.S. almonds.")
    article = Article(id="pause-but-raise", title="", text=text, published=datetime(2025, 4, 10, tzinfo=timezone.utc))
    got = {(e.imposer, e.target, e.rate, e.status) for e in rule_events(article) if e.type == T}
    assert got == {("US", None, None, "suspended"), ("US", "China", "125%", "announced"),
                   ("India", "US", None, "suspended")}, got


def test_a_rate_called_fitting_is_a_proposal_of_that_rate():
    """'an 80% tariff on Chinese goods "seems right"': a level a leader judges fitting is a proposal (threatened),
    and its rate is not the one the story compares it with (self-written)."""
    text = ("President Donald Trump said on Friday that an 80% tariff on Chinese goods \"seems right,\" pointing for "
            "the first time to an alternative to the 145% levies he imposed last month.")
    article = Article(id="seems-right", title="", text=text, published=datetime(2025, 5, 9, tzinfo=timezone.utc))
    got = {(e.imposer, e.target, e.rate, e.status, e.goods) for e in rule_events(article) if e.type == T}
    assert got == {("US", "China", "80%", "threatened", "Chinese goods")}, got


def test_a_company_or_goods_named_by_country_is_not_the_imposer():
    """'The Japanese automaker said the 25% duty on autos ...': a company is no government, and 'British cars will
    face a 10% tariff' names the target's goods, so a second rate on them is a measure of its own (self-written)."""
    published = datetime(2025, 5, 9, tzinfo=timezone.utc)
    maker = Article(id="jp-automaker", title="", text="The Japanese automaker said the 25% duty on autos had cost it "
                    "about 90 billion yen in April.", published=published)
    assert not [e for e in rule_events(maker) if e.type == T and e.imposer == "Japan"]
    text = ("The United States will cut tariffs on British steel to zero, while British cars will face a 10% tariff, "
            "the two governments said.")
    deal = Article(id="uk-cars-face", title="", text=text, published=published)
    got = {(e.imposer, e.target, e.rate) for e in rule_events(deal) if e.type == T}
    assert got == {("US", "UK", "0%"), ("US", "UK", "10%")}, got


def test_a_rate_is_not_taken_across_days_after_another_act():
    """'deposits of up to 39% from Friday, ..., days after the EU voted to impose tariffs on Chinese electric
    vehicles': the 39% is not the EU's (self-written)."""
    text = ("China will require importers of European brandy to lodge deposits of up to 39% from Friday, the "
            "commerce ministry said, days after the EU voted to impose tariffs on Chinese electric vehicles.")
    article = Article(id="days-after-rate", title="", text=text, published=datetime(2024, 10, 8, tzinfo=timezone.utc))
    got = [(e.imposer, e.rate) for e in rule_events(article) if e.type == T]
    assert ("EU", "39%") not in got and all(rate is None for imposer, rate in got if imposer == "EU"), got


def test_the_rise_that_came_into_force_gives_the_last_tariff_its_level_and_status():
    """'The rise, from 10% to 25%, came into force ... on Friday': the change the sentence before reported is in
    effect, at the level it moved to (self-written)."""
    text = ("The United States has more than doubled tariffs on $200bn worth of Chinese goods. The rise, from 10% to "
            "25%, came into force just after midnight on Friday as negotiators met in Washington.")
    article = Article(id="rise-in-force", title="", text=text, published=datetime(2019, 5, 10, tzinfo=timezone.utc))
    got = {(e.imposer, e.target, e.rate, e.status, e.effective_date) for e in rule_events(article) if e.type == T}
    assert got == {("US", "China", "25%", "in_effect", "2019-05-10")}, got


def test_a_measure_that_will_follow_is_one_of_its_own():
    """'A 25 per cent surtax on Chinese steel ... will follow on Oct. 15': a second measure scheduled after the one
    just told, by the same government (self-written)."""
    text = ("Canada will impose a 100 per cent surtax on electric vehicles made in China starting Oct. 1, the prime "
            "minister said on Monday. A 25 per cent surtax on Chinese steel and aluminum products will follow on "
            "Oct. 15.")
    article = Article(id="will-follow", title="", text=text, published=datetime(2024, 8, 26, tzinfo=timezone.utc))
    got = {(e.imposer, e.target, e.rate) for e in rule_events(article) if e.type == T}
    assert got == {("Canada", "China", "100%"), ("Canada", "China", "25%")}, got


def test_the_date_of_the_older_act_is_not_the_new_acts_date():
    """'will lift part of the 100 pct tariffs it imposed on Japanese goods in April': April is when the tariffs
    came, not when the lift applies, and not next April (self-written, 1987 wire style)."""
    text = ("WASHINGTON, June 8 - The Reagan administration will lift 51 mln dlrs of the 300 mln dlrs in 100 pct tariffs it "
            "imposed on Japanese electronic goods in April, officials said.")
    article = Article(id="older-act-date", title="", text=text, published=datetime(1987, 6, 8, tzinfo=timezone.utc))
    got = {(e.imposer, e.target, e.effective_date) for e in rule_events(article) if e.type == T}
    assert got == {("US", "Japan", None)}, got


def test_a_confirmed_duty_and_one_exporters_must_pay_are_acts_on_the_sellers_country():
    """A ruling that 'confirmed a countervailing duty' and 'exporters ... will have to pay an anti-dumping duty' are
    duties, on the country whose exporters or imports are named (self-written, 1987 wire style)."""
    published = datetime(1987, 3, 18, tzinfo=timezone.utc)
    confirmed = Article(id="confirmed-duty", title="", published=published, text=(
        "The Canadian Import Tribunal ruled that U.S. corn imports are hurting Canadian growers and confirmed a "
        "countervailing duty of 84.9 cents a bushel."))
    assert {(e.imposer, e.target) for e in rule_events(confirmed) if e.type == T} == {("Canada", "US")}
    pay = Article(id="must-pay-duty", title="", published=published, text=(
        "Brazilian exporters of orange juice concentrate will have to pay an anti-dumping duty of 1.96 pct on "
        "shipments to the United States, the U.S. Commerce Department said."))
    assert {(e.imposer, e.target, e.rate) for e in rule_events(pay) if e.type == T} == {("US", "Brazil", "1.96%")}


def test_the_administration_of_a_capital_dateline_imposes():
    """'WASHINGTON, June 8 - The administration will lift ...': the government of the capital the wire story is
    datelined in; a dateline in a city that is no capital names no government (self-written)."""
    published = datetime(1987, 6, 8, tzinfo=timezone.utc)
    body = " - The administration will lift part of the 100 pct tariffs on Japanese electronic goods, officials said."
    capital = Article(id="dateline-capital", title="", text="WASHINGTON, June 8" + body, published=published)
    assert {(e.imposer, e.target) for e in rule_events(capital) if e.type == T} == {("US", "Japan")}
    elsewhere = Article(id="dateline-geneva", title="", text="GENEVA, June 8" + body, published=published)
    assert not [e for e in rule_events(elsewhere) if e.type == T and e.imposer == "Switzerland"]


def test_more_of_the_same_list_keeps_its_target_and_an_answer_in_kind_answers():
    """'... tariffs on 128 items imported from the United States. ... a 15 percent tariff will be imposed on 120
    items, while a 25 percent tariff will be levied on eight items': the same government's list, on the same
    country; 'tariff measures of the same scale and strength' answer the other side's tariff (self-written)."""
    published = datetime(2018, 4, 2, tzinfo=timezone.utc)
    text = ("China on Monday began levying tariffs of up to 25 percent on 128 items imported from the United States. "
            "The tariff commission said a 15 percent tariff will be imposed on 120 items including fruits, while a 25 "
            "percent tariff will be levied on eight items including pork.")
    listed = Article(id="same-list-target", title="", text=text, published=published)
    got = {(e.imposer, e.target, e.rate) for e in rule_events(listed) if e.type == T}
    assert got == {("China", "US", "25%"), ("China", "US", "15%")}, got
    assert len([e for e in rule_events(listed) if e.type == T]) == 3
    text = ("The Trump administration on Friday announced a 25 percent tariff on 50 billion dollars of Chinese imports. "
            "China's commerce ministry said it would immediately introduce tariff measures of the same scale and "
            "strength.")
    answer = Article(id="same-scale-answer", title="", text=text, published=published)
    assert {(e.imposer, e.target) for e in rule_events(answer) if e.type == T} == {("US", "China"), ("China", "US")}
    world = Article(id="same-list-mfn", title="", published=published, text=(
        "China raised tariffs on U.S. soybeans to 25 percent on Monday. It will also cut its most-favoured-nation "
        "tariffs on cars to 15 percent from July 1."))
    assert ("China", None, "15%") in {(e.imposer, e.target, e.rate) for e in rule_events(world) if e.type == T}


def test_two_sides_that_agree_to_slash_tariffs_each_cut_the_others():
    """'after the United States and China agreed to slash tariffs for 90 days' (a day before the two subjects, or
    between 'agreed' and 'to') is a cut each way; 'he would sign an executive order that could raise tariffs' is a
    threat, not speculation (self-written)."""
    published = datetime(2025, 5, 12, tzinfo=timezone.utc)
    for k, text in enumerate(("Stocks surged on Monday after the United States and China agreed to slash tariffs for "
                              "90 days.", "The United States and China agreed on Monday to slash tariffs for 90 days.")):
        article = Article(id=f"agree-slash-{k}", title="", text=text, published=published)
        got = {(e.imposer, e.target) for e in rule_events(article) if e.type == T}
        assert got == {("US", "China"), ("China", "US")}, (text, got)
    order = Article(id="would-sign-order", title="", published=published, text=(
        "Trump said on Monday he would sign an executive order that could raise tariffs on pharmaceuticals."))
    assert {(e.imposer, e.status) for e in rule_events(order) if e.type == T} == {("US", "threatened")}
    talk = Article(id="could-raise-prices", title="", published=published, text=(
        "Analysts said the tariffs could raise prices of pharmaceuticals."))
    assert not [e for e in rule_events(talk) if e.type == T]


def test_perfect_into_force_ad_valorem_duty_and_a_deal_between_two_sides():
    """'EU tariffs on US goods ... have come into force' are in effect; 'a 10% ad valorem duty shall be imposed' is a
    duty; 'a deal between the US and the UK to suspend tariffs' suspends each side's (self-written)."""
    force = Article(id="have-come-into-force", title="", published=datetime(2018, 6, 22, tzinfo=timezone.utc), text=(
        "EU tariffs on US goods including whiskey and jeans have come into force, in retaliation for US duties on "
        "steel."))
    assert ("EU", "US", "in_effect") in {(e.imposer, e.target, e.status) for e in rule_events(force) if e.type == T}
    duty = Article(id="ad-valorem-duty", title="", published=datetime(2025, 9, 29, tzinfo=timezone.utc), text=(
        "I hereby proclaim, as President of the United States, that a 10% ad valorem duty shall be imposed on imports "
        "of softwood timber and lumber, effective October 14, 2025."))
    got = {(e.imposer, e.rate, e.effective_date) for e in rule_events(duty) if e.type == T}
    assert got == {("US", "10%", "2025-10-14")}, got
    deal = Article(id="deal-between-suspend", title="", published=datetime(2021, 6, 17, tzinfo=timezone.utc), text=(
        "Whisky makers welcomed a deal between the US and the UK to suspend tariffs imposed in the aircraft dispute "
        "for five years."))
    got = {(e.imposer, e.target, e.status) for e in rule_events(deal) if e.type == T}
    assert got == {("US", "UK", "suspended"), ("UK", "US", "suspended")}, got


def test_a_cut_told_in_the_perfect_by_its_government_is_in_effect():
    """'India and Sri Lanka have cut tariffs by 33 percent on average': applied; 'goods on which import taxes have
    been cut this year' is a tally, not this cut's status (self-written)."""
    published = datetime(2018, 7, 2, tzinfo=timezone.utc)
    done = Article(id="have-cut", title="", published=published, text=(
        "India and Sri Lanka have cut tariffs by 33 percent on average on goods from member states."))
    assert {(e.imposer, e.status) for e in rule_events(done) if e.type == T} == {("India", "in_effect"),
                                                                                 ("Sri Lanka", "in_effect")}
    plan = Article(id="will-cut-tally", title="", published=datetime(2018, 6, 1, tzinfo=timezone.utc), text=(
        "South Korea will cut import taxes on 50 items from July 1, the finance ministry said. This brings to 157 the "
        "number of goods on which import taxes have been cut this year."))
    assert {(e.imposer, e.status) for e in rule_events(plan) if e.type == T} == {("South Korea", "announced")}


def test_a_threat_of_more_after_an_act_told_as_done_is_not_the_acts_rate_or_status():
    """'has recently imposed additional 10-percent tariffs ..., threatening to raise the rate to 25 percent': the
    tariffs are in force at 10% (self-written)."""
    text = ("The United States has recently imposed additional 10-percent tariffs on 200 billion dollars worth of "
            "Chinese products, threatening to raise the rate to 25 percent by the end of the year.")
    article = Article(id="imposed-threatening", title="", text=text, published=datetime(2018, 9, 25, tzinfo=timezone.utc))
    got = {(e.imposer, e.target, e.rate, e.status) for e in rule_events(article) if e.type == T}
    assert ("US", "China", "10%", "in_effect") in got, got


def test_a_month_gone_is_not_read_as_next_years():
    """'In March, Trump announced plans to impose a 25 percent tariff ...' in a June story: March is gone, not nine
    months ahead (the sentence gives the rate of the tariff the story reports); 'from March 2019' still lies ahead
    (self-written)."""
    past = Article(id="month-gone", title="", published=datetime(2018, 6, 1, tzinfo=timezone.utc), text=(
        "U.S. tariffs on imported steel from the EU will take effect soon. In March, Trump announced plans to impose "
        "a 25 percent tariff on imported steel, while delaying it for some trading partners to offer concessions."))
    dates = {(e.imposer, e.rate, e.effective_date) for e in rule_events(past) if e.type == T}
    assert dates == {("US", "25%", None)}, dates
    ahead = Article(id="month-next-year", title="", published=datetime(2018, 6, 22, tzinfo=timezone.utc), text=(
        "India will raise tariffs on U.S. almonds to 20 percent from March 2019, the government said."))
    assert {e.effective_date for e in rule_events(ahead) if e.type == T} == {"2019-03"}


def test_a_removal_beside_a_suspension_is_an_act_of_its_own_and_days_are_no_goods():
    """'keep suspending a 24% tariff ... It will also lift tariffs of up to 15% on some U.S. farm products from Nov.
    10': the lifting is its own act with its own date; 'a 15% global tariff for 150 days' has no goods named
    (self-written)."""
    text = ("China will keep suspending a 24% additional tariff on U.S. goods for another year while retaining a 10% "
            "levy, the tariff commission said on Wednesday. It will also lift tariffs of up to 15% on some U.S. farm "
            "products from Nov. 10.")
    article = Article(id="suspend-and-lift", title="", text=text, published=datetime(2025, 11, 5, tzinfo=timezone.utc))
    got = {(e.imposer, e.target, e.rate, e.status, e.effective_date) for e in rule_events(article) if e.type == T}
    assert got == {("China", "US", "24%", "suspended", None), ("China", "US", "10%", "in_effect", None),
                   ("China", "US", "15%", "announced", "2025-11-10")}, got
    span = Article(id="for-150-days", title="", published=datetime(2026, 2, 21, tzinfo=timezone.utc), text=(
        "Trump said on Saturday he would impose a 15% global tariff for 150 days under Section 122 of the Trade Act."))
    assert {e.goods for e in rule_events(span) if e.type == T} == {None}


def test_the_country_goods_are_exported_to_imposes():
    """'tariffs on EU exports to America ... are retained': the importer imposes, not the story's last imposer
    (self-written, BBC style)."""
    text = ("Britain will drop its retaliatory tariffs on US goods next month. Most other tariffs on EU exports to "
            "America, standing at 25%, are retained.")
    article = Article(id="exports-to", title="", text=text, published=datetime(2020, 12, 9, tzinfo=timezone.utc))
    got = {(e.imposer, e.target, e.rate) for e in rule_events(article) if e.type == T}
    assert ("US", "EU", "25%") in got and ("UK", "EU", "25%") not in got, got
    surcharge = Article(id="export-surcharge", title="", published=datetime(2025, 3, 11, tzinfo=timezone.utc), text=(
        "Ontario's premier decided to impose a 25% surcharge on electricity exports to the United States."))
    assert not [e for e in rule_events(surcharge) if e.type == T and e.imposer == "US"]


def test_levies_fixed_by_a_commission_and_tariffs_kept_in_place_over_a_list():
    """'fixed new import levies on cereals ... effective tomorrow' is an act (goods end at 'effective'); 'will keep
    its tariffs on U.S. books, computer parts and some other goods in place' keeps them in effect (self-written,
    1987 wire style)."""
    levies = Article(id="fixed-levies", title="", published=datetime(1987, 3, 4, tzinfo=timezone.utc), text=(
        "BRUSSELS, March 4 - The European Community Commission fixed new import levies on cereals and cereal "
        "products effective tomorrow, Commission sources said."))
    got = {(e.imposer, e.goods, e.effective_date) for e in rule_events(levies) if e.type == T}
    assert got == {("EU", "cereals and cereal products", "1987-03-05")}, got
    kept = Article(id="kept-over-list", title="", published=datetime(1987, 2, 12, tzinfo=timezone.utc), text=(
        "Canada will keep its tariffs on U.S. books, computer parts and some other goods in place until the dispute "
        "is settled, the finance minister said."))
    assert {(e.imposer, e.target, e.status) for e in rule_events(kept) if e.type == T} == {("Canada", "US", "in_effect")}


def test_the_tariff_a_move_is_a_response_to_is_news_of_its_own():
    """'This move is a response to the increased tariffs on Chinese goods announced by President Trump': the tariff
    answered is the US's, named by its agent (self-written)."""
    text = ("China has started imposing new tariffs on farm products from the United States. This move is a response "
            "to the increased tariffs on Chinese goods announced by President Trump.")
    article = Article(id="a-response-to", title="", text=text, published=datetime(2025, 3, 10, tzinfo=timezone.utc))
    got = {(e.imposer, e.target, e.goods) for e in rule_events(article) if e.type == T}
    assert ("US", "China", "Chinese goods") in got and ("China", "US") in {g[:2] for g in got}, got


def test_a_suspension_said_after_a_relative_aside_and_a_rise_to_come():
    """'tariffs on Mexican goods, which were scheduled to take effect on Monday, have been indefinitely suspended':
    the aside does not part the tariff from its suspension; 'the tariff would rise to 10% on July 1' is a (threatened)
    act of its own (self-written)."""
    published = datetime(2019, 6, 8, tzinfo=timezone.utc)
    paused = Article(id="aside-suspended", title="", published=published, text=(
        "Trump said tariffs on Mexican goods, which were scheduled to take effect on Monday, have been indefinitely "
        "suspended."))
    assert {(e.imposer, e.target, e.status) for e in rule_events(paused) if e.type == T} == {("US", "Mexico", "suspended")}
    rise = Article(id="would-rise-to", title="", published=datetime(2019, 5, 31, tzinfo=timezone.utc), text=(
        "Trump said the tariff would rise to 10% on July 1 and by a further 5% each month until it reached 25% on "
        "October 1, unless Mexico stopped the flow of migrants."))
    got = {(e.imposer, e.rate, e.effective_date, e.status) for e in rule_events(rise) if e.type == T}
    assert got == {("US", "10%", "2019-07-01", "threatened")}, got


def test_a_country_after_a_date_is_not_the_goods_origin():
    """'after the announcement by Trump on March 8 at the White House': 'on March 8' is a day, so the White House is
    no goods' origin and Trump's country imposes (self-written, 2018 style)."""
    text = ("China's commerce ministry said on Friday it firmly opposed the decision. The tariffs, 25 percent on "
            "imported steel and 10 percent on aluminum, will take effect in 15 days after the announcement by Trump on "
            "March 8 at the White House.")
    article = Article(id="on-a-date-at", title="", text=text, published=datetime(2018, 3, 9, tzinfo=timezone.utc))
    got = {(e.imposer, e.rate) for e in rule_events(article) if e.type == T}
    assert got == {("US", "25%"), ("US", "10%")}, got


def test_holding_off_backing_off_and_not_retaliating():
    """'held off on imposing tariffs' and 'backed off his threat ..., extending the deadline to July 9' delay the
    tariff; 'will not retaliate with tariffs' is no act, while 'would not hesitate to retaliate with tariffs' is a
    threat (self-written)."""
    published = datetime(2025, 5, 26, tzinfo=timezone.utc)

    def got(k: int, text: str) -> set:
        article = Article(id=f"hold-off-{k}", title="", text=text, published=published)
        return {(e.imposer, e.target, e.status) for e in rule_events(article) if e.type == T}

    assert got(0, "The EU held off on imposing tariffs on U.S. goods worth 21 billion euros.") == {("EU", "US", "delayed")}
    assert got(1, "Trump backed off his threat to impose 50% tariffs on EU goods, extending the deadline to July 9.") \
        == {("US", "EU", "delayed")}
    assert got(2, "Mexico will not retaliate with tariffs of its own, President Claudia Sheinbaum said.") == set()
    assert got(3, "China said it would not hesitate to retaliate with tariffs on U.S. goods.") != set()


def test_a_taxed_country_is_never_the_fallback_imposer_and_goods_go_to_the_importer():
    """'The 25% tariffs on Canadian and Mexican goods took effect ..., along with a doubling of duties on Chinese goods
    to 20%': no country whose goods the sentence taxes imposes the other tariff; 'whisky exported to the United
    States is to face a tariff of 25%': the United States imposes (self-written)."""
    text = ("Canada said it would answer. The 25% tariffs on Canadian and Mexican goods took effect on Tuesday, along "
            "with a doubling of duties on Chinese goods to 20%.")
    taxed = Article(id="taxed-not-imposer", title="", text=text, published=datetime(2025, 3, 4, tzinfo=timezone.utc))
    assert not [e for e in rule_events(taxed) if e.type == T and e.imposer in ("Canada", "Mexico", "China")
                and e.target in ("China", "Canada", "Mexico")]
    whisky = Article(id="exported-to-face", title="", published=datetime(2019, 10, 3, tzinfo=timezone.utc), text=(
        "The EU said it regretted the ruling. Single malt whisky exported to the United States is to face a tariff of "
        "25% from 18 October."))
    assert ("US", "25%") in {(e.imposer, e.rate) for e in rule_events(whisky) if e.type == T}


def test_a_condition_to_remove_a_rated_tariff_keeps_it():
    """'a 200% tariff on European wines if the EU does not remove its 50% tariff on American whiskey': the EU's tariff
    is a measure that stands, and the threat is not negated by the condition (self-written)."""
    text = "Trump threatened a 200% tariff on European wines if the EU does not remove its 50% tariff on American whiskey."
    article = Article(id="kept-rated", title="", text=text, published=datetime(2025, 3, 13, tzinfo=timezone.utc))
    got = {(e.imposer, e.target, e.rate, e.status) for e in rule_events(article) if e.type == T}
    assert got == {("US", "EU", "200%", "threatened"), ("EU", "US", "50%", "in_effect")}, got


def test_a_target_named_after_its_own_rate_takes_that_rate_not_the_range():
    """'setting tariffs from 25% to 40% from August 1, including 25% on Japan and South Korea and 36% on Thailand':
    Japan's and South Korea's rate is 25%, not the range (self-written)."""
    text = ("Trump sent letters to 14 countries on Monday setting tariffs from 25% to 40% from August 1, including 25% "
            "on Japan and South Korea and 36% on Thailand.")
    article = Article(id="range-then-own", title="", text=text, published=datetime(2025, 7, 8, tzinfo=timezone.utc))
    got = {(e.target, e.rate) for e in rule_events(article) if e.type == T}
    assert got == {("Japan", "25%"), ("South Korea", "25%"), ("Thailand", "36%")}, got


def test_a_new_subjects_clause_keeps_its_own_rate_and_had_retaliated_is_applied():
    """'25 percent tariffs on ... Chinese goods ..., and China said it had immediately retaliated with tariffs on U.S.
    goods': China's tariffs are in effect and do not take the US rate (self-written)."""
    text = ("The U.S. began collecting 25 percent tariffs on 34 billion dollars of Chinese goods on Friday, and China "
            "said it had immediately retaliated with tariffs on U.S. goods including soybeans and pork.")
    article = Article(id="and-new-subject-rate", title="", text=text, published=datetime(2018, 7, 6, tzinfo=timezone.utc))
    got = {(e.imposer, e.target, e.rate, e.status) for e in rule_events(article) if e.type == T}
    assert ("China", "US", None, "in_effect") in got and ("US", "China", "25%", "in_effect") in got, got


def test_effective_today_and_tariffs_that_would_remain_until():
    """'lowered its maximum import tariff to 40 pct from 45 pct, effective today' is in effect from the story's day;
    'the tariffs imposed on Japanese products last month would remain until Japan complies' stay in effect
    (self-written, 1987 wire style)."""
    cut = Article(id="effective-today", title="", published=datetime(1987, 4, 28, tzinfo=timezone.utc), text=(
        "MEXICO CITY, April 28 - Mexico lowered its maximum import tariff to 40 pct from 45 pct, effective today, the "
        "Commerce Ministry said."))
    got = {(e.imposer, e.rate, e.effective_date, e.status) for e in rule_events(cut) if e.type == T}
    assert got == {("Mexico", "40%", "1987-04-28", "in_effect")}, got
    stay = Article(id="would-remain-until", title="", published=datetime(1987, 5, 20, tzinfo=timezone.utc), text=(
        "U.S. Trade Representative Clayton Yeutter said the tariffs imposed on Japanese products last month would "
        "remain until Japan complies fully with the chip agreement."))
    assert {(e.imposer, e.target, e.status) for e in rule_events(stay) if e.type == T} == {("US", "Japan", "in_effect")}


def test_tariffs_by_a_country_are_its_own():
    """'The lately imposed tariffs by the United States on steel and aluminum do not aim at ...': the agent after
    the tariff word imposes, not the speaker's country; the goods end before 'do not' (self-written, 2018 style)."""
    text = ("The lately imposed tariffs by the United States on steel and aluminum do not aim at protecting national "
            "security but protect U.S. industries, said Chinese Ambassador to the WTO Zhang Xiangchen.")
    article = Article(id="tariffs-by", title="", text=text, published=datetime(2018, 5, 8, tzinfo=timezone.utc))
    got = {(e.imposer, e.goods) for e in rule_events(article) if e.type == T}
    assert got == {("US", "steel and aluminum")}, got


def test_tariffs_that_have_doubled_are_in_effect_and_their_goods_end_there():
    """'US tariffs on steel and aluminium imports have doubled to 50%': in effect, on 'steel and aluminium imports'
    (self-written, BBC style); a bank levy stays no tariff."""
    published = datetime(2025, 6, 4, tzinfo=timezone.utc)
    doubled = Article(id="have-doubled", title="", published=published, text=(
        "US tariffs on steel and aluminium imports have doubled to 50%, the White House said."))
    got = {(e.imposer, e.rate, e.goods, e.status) for e in rule_events(doubled) if e.type == T}
    assert got == {("US", "50%", "steel and aluminium imports", "in_effect")}, got
    bank = Article(id="bank-levy-from", title="", published=published, text=(
        "Poland's government said it would impose a 3% levy on bank assets, starting in July."))
    assert not [e for e in rule_events(bank) if e.type == T]


def test_a_floated_level_a_kept_baseline_and_an_on_of_another_verb():
    """'floated lowering the 145% tariffs on Chinese goods to 80%' proposes 80%; 'will keep a 10% baseline tariff
    on British imports' stays in effect; in 'against the U.S. tariffs and consult on new countermeasures' the
    countermeasures are no goods of the tariffs (self-written)."""
    published = datetime(2025, 5, 10, tzinfo=timezone.utc)

    def got(k: int, text: str) -> set:
        article = Article(id=f"floated-kept-{k}", title="", text=text, published=published)
        return {(e.imposer, e.target, e.rate, e.goods, e.status) for e in rule_events(article) if e.type == T}

    assert got(0, "Trump on Friday floated lowering the 145% tariffs on Chinese goods to 80%.") == \
        {("US", "China", "80%", "Chinese goods", "threatened")}
    assert got(1, "The United States will keep a 10% baseline tariff on British imports, Lutnick said.") == \
        {("US", "UK", "10%", "British imports", "in_effect")}
    assert got(3, "Japan will keep its tariff-rate quota for rice imports unchanged.") == set()  # a quota, no tariff act
    assert {g[3] for g in got(2, "The Commission said it would launch a WTO case against the U.S. tariffs and consult "
                                 "on new countermeasures.")} == {None}


def test_a_plan_named_in_a_condition_is_news_of_its_own():
    """'would take countermeasures if Washington went ahead with its plan to impose levies on chip imports': the US
    plan is a threat; a bare hypothetical 'if the United States imposed tariffs' stays none (self-written)."""
    published = datetime(2025, 5, 10, tzinfo=timezone.utc)
    plan = Article(id="if-its-plan", title="", published=published, text=(
        "Beijing would take countermeasures if Washington went ahead with its plan to impose levies on chip imports, "
        "the commerce ministry said."))
    assert {(e.imposer, e.status) for e in rule_events(plan) if e.type == T} == {("US", "threatened")}
    bare = Article(id="if-bare", title="", published=published, text=(
        "If the United States imposed tariffs on chips, prices would rise, analysts said."))
    assert not [e for e in rule_events(bare) if e.type == T]


def test_a_domestic_duty_is_no_tariff():
    """'cut stamp duty on share transactions to 0.5 pct', 'raised the excise duty on cigarettes': domestic taxes, no
    border measure; an import duty cut stays one (self-written, 1987 wire style)."""
    published = datetime(1987, 4, 10, tzinfo=timezone.utc)
    for k, text in enumerate(("Britain's chancellor Nigel Lawson cut stamp duty on share transactions to 0.5 pct.",
                              "India raised the excise duty on cigarettes by 10 pct in its budget.")):
        assert not [e for e in rule_events(Article(id=f"domestic-duty-{k}", title="", text=text, published=published))
                    if e.type == T], text
    gold = Article(id="import-duty-gold", title="", published=published, text=(
        "India cut the import duty on gold to 50 pct from 75 pct to curb smuggling, the finance ministry said."))
    assert {(e.imposer, e.rate) for e in rule_events(gold) if e.type == T} == {("India", "50%")}


def test_a_countrys_named_goods_that_face_a_tariff_are_not_its_tariff():
    """'Canadian energy and potash will face a lower 10% tariff': Canada's goods, not a Canadian tariff (the imposer
    is not named here) (self-written)."""
    text = "Canadian energy and potash will face a lower 10% tariff instead of 25%."
    article = Article(id="energy-potash-face", title="", text=text, published=datetime(2025, 3, 4, tzinfo=timezone.utc))
    assert not [e for e in rule_events(article) if e.type == T and e.imposer == "Canada"]


def test_a_list_of_goods_is_kept_whole():
    """'tariffs on U.S. steel, bourbon and motorcycles from April 1': the goods are the whole list, not the first
    item; ', and five days later' is no item; a list of countries stays targets (self-written)."""
    published = datetime(2025, 3, 12, tzinfo=timezone.utc)
    listed = Article(id="goods-list", title="", published=published, text=(
        "The EU will impose tariffs on U.S. steel, bourbon and motorcycles from April 1."))
    assert {e.goods for e in rule_events(listed) if e.type == T} == {"U.S. steel, bourbon and motorcycles"}
    later = Article(id="goods-list-later", title="", published=published, text=(
        "The U.S. imposed 25% tariffs on $34 billion of Chinese products, and five days later China answered."))
    assert {e.goods for e in rule_events(later) if e.type == T and e.imposer == "US"} == {"$34 billion of Chinese products"}


def test_examples_of_a_kind_of_goods_are_not_the_goods():
    """'100% on Canadian agricultural products, including canola, peas, and pork' and '25% on pork and aquatic
    products': two measures; the first's goods stay the kind, so pork is not read as its goods (self-written)."""
    text = ("China will impose a 100% tariff on Canadian agricultural products, including canola, peas, and pork, "
            "and a 25% tariff on pork and aquatic products from March 20.")
    article = Article(id="examples-of-kind", title="", text=text, published=datetime(2025, 3, 8, tzinfo=timezone.utc))
    got = {(e.rate, e.goods) for e in rule_events(article) if e.type == T}
    assert got == {("100%", "Canadian agricultural products"), ("25%", "pork and aquatic products")}, got


def test_the_older_acts_vague_date_is_not_the_cuts():
    """'will cut the extra tariffs it imposed on Chinese goods this year to 30% from 145% for 90 days': 'this year'
    is when the tariffs came, not when the cut applies (self-written)."""
    text = ("The United States will cut the extra tariffs it imposed on Chinese goods this year to 30% from 145% for "
            "90 days, the two sides said in a joint statement.")
    article = Article(id="older-vague-date", title="", text=text, published=datetime(2025, 5, 12, tzinfo=timezone.utc))
    got = {(e.imposer, e.rate, e.effective_date, e.date_text) for e in rule_events(article) if e.type == T}
    assert got == {("US", "30%", None, None)}, got


def test_a_baseline_on_all_imports_beside_countries_own_rates():
    """'a 10% baseline tariff on all imports and higher rates ..., including 34% on China, 20% on the European Union
    and 24% on Japan': the baseline is a measure on no one country, and China's rate is 34% (self-written)."""
    text = ("Trump announced a 10% baseline tariff on all imports and higher rates for dozens of countries, including "
            "34% on China, 20% on the European Union and 24% on Japan.")
    article = Article(id="baseline-and-own", title="", text=text, published=datetime(2025, 4, 2, tzinfo=timezone.utc))
    got = {(e.target, e.rate) for e in rule_events(article) if e.type == T}
    assert got == {(None, "10%"), ("China", "34%"), ("EU", "20%"), ("Japan", "24%")}, got


def test_a_second_rate_in_a_clause_is_a_measure_of_its_own_on_its_own_goods():
    """'include a 10% levy on goods from China and a 25% tariff on steel and aluminum imports': two measures; the
    steel tariff is a sector's, not China's (China's goods are all under the first) (self-written)."""
    text = ("Trump's new tariffs include a 10% levy on goods from China and a 25% tariff on steel and aluminum "
            "imports.")
    article = Article(id="second-rate-own", title="", text=text, published=datetime(2025, 2, 21, tzinfo=timezone.utc))
    got = {(e.target, e.rate) for e in rule_events(article) if e.type == T}
    assert got == {("China", "10%"), (None, "25%")}, got
