"""Chapter 3's claims: cyber power, the users and firms moving East, internet freedom, rival institutions."""

from __future__ import annotations

from cyberorder import cyberpower, power
from cyberorder.claim import DEPENDS, NOT_SHOWN, Claim, Figure, Finding
from cyberorder.data import load

__all__ = ["CLAIMS"]


def _fact(name: str) -> float:
    facts = load("cyberspace_facts")
    return float(facts.loc[facts.fact == name, "value"].iloc[0])


def _ncpi_order() -> Finding:
    scores = cyberpower.weighted_scores(load("ncpi_2020_scores"))
    order = [name for name, _ in power.ranked(power.shares(scores))]
    test = cyberpower.lone_superpower(power.shares(scores))
    us, cn, ru = (order.index(c) + 1 for c in ("United States", "China", "Russia"))
    return Finding(f"NCPI 2020: United States {us}, China {cn}, Russia {ru} of {len(order)}; the leader holds "
                   f"{test.leader_share:.1%} of the summed scores, the next two {test.challengers_share:.1%}",
                   us == 1 and cn <= 4 and ru <= 4)


def _south_korea_most_connected() -> Finding:
    idi = load("itu_idi_ranks")
    first = idi[idi.idi_rank == 1].set_index("edition").country
    korea_first = sorted(int(e) for e, c in first.items() if c == "South Korea")
    last = int(idi.edition.max())
    use = load("internet_use_share")
    rows = use[(use.year == 2016) & (use.code != "WLD")].sort_values("pct_population_online", ascending=False)
    kor = float(rows.loc[rows.code == "KOR", "pct_population_online"].iloc[0])
    ahead = rows[rows.pct_population_online > kor]
    listed = ", ".join(f"{r.country} {r.pct_population_online:.1f}%" for r in ahead.itertuples())
    every = load("internet_use_2019")
    kor19 = float(every.loc[every.iso3 == "KOR", "pct_population_online"].iloc[0])
    ahead19 = every[every.pct_population_online > kor19]
    return Finding(f"ITU ICT Development Index: South Korea first in {', '.join(map(str, korea_first))}, "
                   f"{first[last]} first in {last} (the last edition). Share of the population online, 2016: South "
                   f"Korea {kor:.1f}%; ahead of it: {listed or 'none'}. Latest up to 2019, all 193 UN members: South "
                   f"Korea {kor19:.1f}%, {len(ahead19)} states ahead "
                   f"({', '.join(ahead19.sort_values('pct_population_online', ascending=False).country)})",
                   bool(korea_first),
                   other_measures=((f"ICT Development Index {last} (the last edition)", first[last] == "South Korea"),
                                   ("share of the population online, 2016 and 2019", ahead.empty and ahead19.empty)),
                   robustness="first on the ITU's composite index in 2015 and 2016, second in 2017; on the share of "
                              "people online alone, a dozen small or rich states rank higher")


def _asian_firms() -> Finding:
    firms = load("forbes_2018_tech_top10")
    asian = firms[firms.hq_continent == "Asia"]
    return Finding(f"{len(asian)} of the top {len(firms)} are Asian: {', '.join(asian.company)}", len(asian) == 3,
                   figures=(Figure("Asian firms in the tech top ten, 2018", 3, len(asian), "count"),))


def _eighth_decline() -> Finding:
    trend = load("fotn_global_trend")
    row = trend[trend.edition == 2018].iloc[0]
    return Finding(f"FOTN 2018: year {int(row.consecutive_year_of_decline)} of decline in a row; of "
                   f"{int(row.countries_assessed)} countries, {int(row.countries_declined)} declined and "
                   f"{int(row.countries_improved)} improved",
                   int(row.consecutive_year_of_decline) == 8 and row.countries_declined > row.countries_improved,
                   figures=(Figure("Years of decline in a row, FOTN 2018", 8,
                                   int(row.consecutive_year_of_decline), "count"),))


def _wcit_split() -> Finding:
    signed, not_signed = _fact("wcit12_signed"), _fact("wcit12_not_signed")
    named = load("wcit12_signatures").set_index("iso3").status
    opposite = named["USA"] != named["RUS"] and named["CHN"] == named["RUS"]
    return Finding(f"{signed:.0f} signed, {not_signed:.0f} did not ({signed / (signed + not_signed):.1%} of those "
                   f"present signed); Russia and China {named['RUS'].replace('_', ' ')}, the United States "
                   f"{named['USA'].replace('_', ' ')}", signed > 0 and not_signed > 0 and opposite)


def _russia_budapest() -> Finding:
    party = _fact("budapest_russia_party_2015")
    parties = load("budapest_convention_parties").set_index("as_of").parties
    return Finding(f"Russia a Party in September 2015: {'yes' if party else 'no'} (Parties then: {parties['2015-09']}; "
                   f"{parties.iloc[-1]} by {parties.index[-1]})", party == 0)


def _catching_up() -> Finding:
    scores = cyberpower.weighted_scores(load("ncpi_2020_scores"))
    order = [name for name, _ in power.ranked(power.shares(scores))]
    ranks_2022 = load("ncpi_2022_ranks").set_index("country").rank_2022
    moves = {c: (order.index(c) + 1, int(ranks_2022[c])) for c in ("China", "Russia")}
    return Finding("NCPI rank 2020 -> 2022: " + "; ".join(f"{c} {a} -> {b}" for c, (a, b) in moves.items())
                   + "; the United States first in both",
                   all(b < a for a, b in moves.values()),
                   robustness="ranks cannot show a gap to the leader closing, and the 2022 edition revised the "
                              "index's method: a rise in rank is weak evidence, no rise is no evidence against")


def _stronger_in_cyber() -> Finding:
    cyber = cyberpower.weighted_scores(load("ncpi_2020_scores"))
    gdp = load("gdp_share").query("year == 2019").set_index("actor").gdp_current_usd_bn
    milex = load("military_expenditure_share").query("year == 2019").set_index("actor").milex_constant_2019_usd_m
    names = {"USA": "United States", "CHN": "China", "RUS": "Russia", "GBR": "United Kingdom", "JPN": "Japan",
             "IND": "India", "BRA": "Brazil"}
    ratio = {c: {"cyber": cyber[names[c]] / cyber["United States"], "GDP": gdp[c] / gdp["USA"],
                 "military spending": milex[c] / milex["USA"]} for c in ("CHN", "RUS")}
    on_ratio = all(r["cyber"] > max(r["GDP"], r["military spending"]) for r in ratio.values())

    def rank(values: dict[str, float], code: str) -> int:
        return sorted(values, key=values.get, reverse=True).index(code) + 1

    seven = {c: cyber[n] for c, n in names.items()}
    ranks = {c: {"cyber": rank(seven, c), "GDP": rank({k: gdp[k] for k in names}, c),
                 "military spending": rank({k: milex[k] for k in names}, c)} for c in ("CHN", "RUS")}
    on_rank = all(r["cyber"] < min(r["GDP"], r["military spending"]) for r in ranks.values())
    parts = [f"{names[c]}: {ratio[c]['cyber']:.0%} of the US in cyber (NCPI 2020), {ratio[c]['GDP']:.0%} in GDP, "
             f"{ratio[c]['military spending']:.0%} in military spending (2019); rank among seven single states "
             f"{ranks[c]['cyber']}, {ranks[c]['GDP']}, {ranks[c]['military spending']}" for c in ratio]
    return Finding("; ".join(parts), on_ratio,
                   other_measures=(("rank among the seven single states in each domain", on_rank),),
                   robustness="measured against the US, both are closer in cyber than in GDP or military spending; "
                              "by rank, China is second in all three domains, so it is not relatively stronger in "
                              "cyber on that measure")


def _tech_accord() -> Finding:
    firms, principles = _fact("tech_accord_founding_signatories"), _fact("tech_accord_principles")
    return Finding(f"{firms:.0f} founding companies (Microsoft and {firms - 1:.0f} others), "
                   f"{principles:.0f} principles",
                   firms == 34 and principles == 4,
                   figures=(Figure("Tech Accord founding companies", 34, firms, "count"),))


def _small_states_punch_above() -> Finding:
    table = load("ncpi_2020_scores")
    scores = cyberpower.measure_scores(table, "ncpi_total")
    result = cyberpower.punching_above_weight(scores, cyberpower.gdp_by_country(), cyberpower.UNRANKED_2020)
    parts, holds = [], True
    for country in ("Estonia", "Singapore"):
        w = result.of(country)
        parts.append(f"{country}: cyber rank {w.cyber_rank}, GDP rank {w.gdp_rank} of {len(result.countries)}; "
                     f"{w.cyber_share:.2%} of the summed scores vs {w.gdp_share:.2%} of the summed GDP")
        holds = holds and w.rank_gap > 0 and w.gap > 0
    return Finding("; ".join(parts), holds)


CH = "03-post-liberal-cyberspace"
CLAIMS: tuple[Claim, ...] = (
    Claim(id="ncpi-us-first", chapter=CH,
          quote="The United States remains the equivalent of the lonely cyber superpower",
          computation="rank by the NCPI 2020 overall score (mean of the seven objective scores): the United States "
                      "first, China and Russia within the top four",
          tables=("ncpi_2020_scores",), check=_ncpi_order,
          where="book/03-post-liberal-cyberspace/cyber-power-lab#Shares, concentration and the lone-superpower test",
          note="First is not dominant: the US score is below China's and the UK's combined, under any weighting "
               "of the seven objectives the lab tries. North Korea is not ranked (missing data)."),
    Claim(id="small-states-punch-above", chapter=CH,
          quote="(such as Estonia and Singapore) to punch above their weight",
          computation="among the NCPI 2020's ranked countries: rank by overall score vs rank by GDP (2019, current "
                      "US$), and share of the summed scores minus share of the summed GDP; holds if both are "
                      "positive for Estonia and for Singapore",
          tables=("ncpi_2020_scores", "gdp_2019"), check=_small_states_punch_above,
          where="book/03-post-liberal-cyberspace/cyber-power-lab#Who punches above their weight?",
          note="GDP is one yardstick of size; on the intent score alone Singapore ranks below its GDP rank. North "
               "Korea is not ranked by the NCPI and cannot be compared."),
    Claim(id="south-korea-most-connected", chapter=CH,
          quote="The most connected country in the world is now South Korea",
          computation="the ITU's ICT Development Index (the article's source is the ITU): is South Korea first in "
                      "its 2015, 2016 or 2017 edition? Beside it, the share of the population using the internet "
                      "(2016, selected countries; latest up to 2019, every UN member)",
          tables=("itu_idi_ranks", "internet_use_share", "internet_use_2019"), check=_south_korea_most_connected,
          expected=DEPENDS,
          indicator="the ITU's ICT Development Index (access, use and skills), first in 2015 and 2016",
          where="book/03-post-liberal-cyberspace/cyber-power-lab#Where the users and the firms are",
          note="On the ITU's composite index South Korea was first in 2015 and 2016 and second (behind Iceland) in "
               "2017, its last edition. 'Most connected' read as the share of people online is a different, narrower "
               "measure, on which small or rich states lead. Ranks as reported in the press (medium confidence)."),
    Claim(id="china-russia-catching-up", chapter=CH,
          quote="although China and Russia are progressively catching up",
          computation="rank in the National Cyber Power Index 2020 (recomputed from its seven objective scores) and "
                      "2022 (as published): do China and Russia both rise?",
          tables=("ncpi_2020_scores", "ncpi_2022_ranks"), check=_catching_up, expected=NOT_SHOWN,
          where="book/03-post-liberal-cyberspace/cyber-power-lab#Shares, concentration and the lone-superpower test",
          note="Russia rose from fourth to third, China stayed second. Two editions with different methods are a "
               "thin basis for a trend; the article names no index."),
    Claim(id="relatively-stronger-in-cyber", chapter=CH,
          quote="are relatively more powerful than in any other domain",
          computation="China's and Russia's NCPI 2020 score, 2019 GDP and 2019 military spending, each as a share "
                      "of the United States': is the cyber ratio the highest? Beside it, their rank among seven single "
                      "states (US, China, Russia, UK, Japan, India, Brazil) in each domain",
          tables=("ncpi_2020_scores", "gdp_share", "military_expenditure_share"), check=_stronger_in_cyber,
          expected=DEPENDS,
          where="book/03-post-liberal-cyberspace/cyber-power-lab#Shares, concentration and the lone-superpower test",
          note="Two domains stand in for 'any other domain'. The NCPI measures capability and intent, GDP and "
               "spending measure resources: the comparison is of positions, not of like quantities."),
    Claim(id="asia-three-tech-firms", chapter=CH,
          quote="Asia had three companies (Samsung, Tencent and Hon Hai Precision Industry) in the global top ten",
          computation="count of companies headquartered in Asia among Forbes' ten largest tech companies of 2018",
          tables=("forbes_2018_tech_top10",), check=_asian_firms,
          indicator="Forbes' 2018 list of the largest tech companies (the article's source)",
          where="book/03-post-liberal-cyberspace/cyber-power-lab#Where the users and the firms are",
          note="Hon Hai is headquartered in Taiwan; Forbes lists it as Chinese."),
    Claim(id="tech-accord-34", chapter=CH,
          quote="signed the 'Cybersecurity Tech Accord' with 33 other companies",
          computation="founding signatories of the Tech Accord (17 April 2018) = 34, principles = 4",
          tables=("cyberspace_facts",), check=_tech_accord, kind="sourced",
          where="book/03-post-liberal-cyberspace/index#The vertical shift: firms as norm entrepreneurs",
          note="Read from the Tech Accord's launch statement: a documented count, not recomputed."),
    Claim(id="fotn-eighth-decline", chapter=CH,
          quote="global internet freedom has declined for the eighth consecutive year",
          computation="Freedom on the Net 2018: consecutive years of global decline = 8, and more countries "
                      "declined than improved",
          tables=("fotn_global_trend",), check=_eighth_decline, kind="sourced",
          where="book/03-post-liberal-cyberspace/values-lab#The global trend",
          note="The streak is Freedom House's own count, read from its report; the book's annual score table does "
               "not reach back to 2010, so the streak is not recomputed."),
    Claim(id="wcit-two-camps", chapter=CH,
          quote="which largely split countries into two distinct camps",
          computation="signatories and non-signatories of the ITRs at WCIT-12 (both non-zero), with Russia and "
                      "China on one side and the United States on the other",
          tables=("cyberspace_facts", "wcit12_signatures"), check=_wcit_split, kind="sourced",
          where="book/03-post-liberal-cyberspace/institutions-lab#WCIT-12: 89 against 55",
          note="The article places the 2012 vote at the World Summit on the Information Society; the split it "
               "describes happened at the ITU's WCIT-12 in Dubai. Only 31 of the 144 states are named in the sources."),
    Claim(id="russia-outside-budapest", chapter=CH,
          quote="has not been signed by all the Council of Europe members, most importantly by Russia",
          computation="Russia among the Parties to the Budapest Convention (September 2015 list)?",
          tables=("cyberspace_facts", "budapest_convention_parties"), check=_russia_budapest, kind="sourced",
          where="book/03-post-liberal-cyberspace/institutions-lab"
                "#The Budapest Convention: a treaty that grows, without Russia",
          note="Medium confidence: secondary lists of Parties. The data show Russia is not a Party; that it never "
               "signed is the article's statement, not verified here."),
)
