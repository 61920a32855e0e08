"""Chapter 4's claims: cyber diplomacy as a post-liberal practice (the twin UN track, the GGEs, swing states)."""

from __future__ import annotations

from cyberorder import history, robustness, rollcalls
from cyberorder.claim import DEPENDS, NOT_SHOWN, Claim, Figure, Finding
from cyberorder.data import load
from cyberorder.reach import reach

__all__ = ["CLAIMS"]

CHAPTER = "04-diplomacy-as-practice"


def _fact(name: str) -> float:
    facts = load("cyber_diplomacy_facts").set_index("fact")
    return float(facts.loc[name, "value"])


def _group_test() -> str:
    both = robustness.backed_both_2018()
    if both.all() or not both.any():
        return "no test: every state voted alike on backing both"
    result = robustness.permutation_test(robustness.regional_groups().loc[both.index], both, permutations=2_000)
    return f"permutation test, 2,000 shuffles, p = {result.p_value:.4f}; Lab 5c"


def _division() -> Finding:
    matrix = rollcalls.vote_matrix()
    russia, us = matrix[rollcalls.OEWG_RESOLUTION], matrix[rollcalls.US_RESOLUTION]
    against_us = int(((russia == "yes") & (us == "no")).sum())
    against_russia = int(((us == "yes") & (russia == "no")).sum())
    both = int(((russia == "yes") & (us == "yes")).sum())
    voting = int(((russia != "non-voting") | (us != "non-voting")).sum())
    recorded = load("un_resolutions").set_index("resolution")
    checked = []
    for res in recorded.index:
        t, r = rollcalls.tally(rollcalls.votes_on(matrix, res)), recorded.loc[res]
        agrees = (t.yes, t.no, t.abstain) == (r.recorded_yes, r.recorded_no, r.recorded_abstain)
        checked.append(f"{res} {t.yes}-{t.no}-{t.abstain} ({r.tally_independent} independent record"
                       f"{'' if r.tally_independent == 'none' else ', agrees' if agrees else ', DISAGREES'})")
    opposed = against_us >= 10 and against_russia >= 10
    return Finding(f"2018: {against_russia} states voted yes on the US text and no on Russia's, {against_us} the "
                   f"reverse; {both} of the {voting} states that voted on either backed both. Recounts: "
                   + "; ".join(checked), opposed,
                   other_measures=(("most voting states chose one track only (yes on both below half)",
                                    both < voting / 2),
                                   ("few states backed both texts (below a quarter)", both < voting / 4)),
                   robustness="the division is clear among the states that voted against a text; it blurs among the "
                              f"yes votes, where two in five states backed both. Regional group predicts backing "
                              f"both ({_group_test()})")


def _gge_vs_oewg() -> Finding:
    gge = load("gge_members")
    size = int((gge.gge == "2019-2021").sum())
    members = len(rollcalls.member_states())
    r = reach(gge[gge.gge == "2019-2021"].iso3)
    return Finding(f"GGE 2019-21: {size} member states ({r.share_of_members:.1%} of the seats, holding "
                   f"{r.share_of_population:.1%} of the member states' population and {r.share_of_internet_users:.1%} "
                   f"of their internet users); OEWG: open to all {members} UN member states (100% of each by "
                   "construction)", size == 25 and members == 193,
                   figures=(Figure("Members of the 2019-21 GGE", 25, size, "count"),))


def _five_gges() -> Finding:
    record = history.gge_record(load("gge_groups"), until=2017)
    years = ", ".join(str(y) for y in record.report_years)
    return Finding(f"{record.groups} GGEs finished 2004-2017; {record.consensus_reports} consensus reports ({years})",
                   record.groups == 5 and record.consensus_reports == 3 and record.report_years == (2010, 2013, 2015),
                   figures=(Figure("UN GGEs, 2004-2017", 5, record.groups, "count"),
                            Figure("GGE consensus reports, to 2017", 3, record.consensus_reports, "count")))


def _offensive() -> Finding:
    n = _fact("offensive_cyber_states")
    return Finding(f"US intelligence, January 2017: more than {n:.0f} nations developing offensive cyber-attack "
                   "capabilities (as of late 2016)", n >= 30)


def _us_china() -> Finding:
    year, drop = _fact("us_china_agreement"), _fact("china_compromise_drop_pct")
    return Finding(f"agreement of 25 September {year:.0f}; FireEye: breaches by China-based groups down about "
                   f"{drop:.0f}% over two years", drop > 0)


def _us_china_effect() -> Finding:
    year, start = _fact("us_china_agreement"), _fact("china_decline_start_year")
    return Finding(f"FireEye dates the start of the fall to mid-{start:.0f}; the agreement was signed in September "
                   f"{year:.0f}", start >= year,
                   robustness="the timing cannot separate the agreement from the indictments of 2014 and the threat "
                              "of sanctions that preceded it")


def _russian_1998() -> Finding:
    year = _fact("russian_proposal_resolution")
    return Finding(f"resolution 53/70 adopted on 4 December {year:.0f}", year == 1998,
                   figures=(Figure("Russia's first UN resolution (year)", 1998, year, "year"),))


def _tech_ambassador() -> Finding:
    year = _fact("first_tech_ambassador")
    return Finding(f"Denmark: announced January {year:.0f}, in post from 1 September {year:.0f}", year == 2017,
                   figures=(Figure("First tech ambassador (year)", 2017, year, "year"),))


def _recent() -> Finding:
    strategies = load("ncss_first_strategies")
    by_year = history.first_strategies_by_year(strategies)
    upto = by_year[by_year.year <= 2019]
    before = int(upto[upto.year < 2010].new.sum())
    total = int(upto.new.sum())
    share = 1 - before / total
    return Finding(f"{total} countries had a national cybersecurity strategy by 2019; {before} of them had adopted "
                   f"their first before 2010, so {share:.1%} adopted it in 2010-2019", share > 0.8)


def _forums_multiplied() -> Finding:
    forums = load("forums")
    by_year = history.forums_by_year(forums)
    total = by_year.groupby("year").new.sum()
    in_decade = (total.index >= 2010) & (total.index <= 2019)
    before, decade = int(total[total.index < 2010].sum()), int(total[in_decade].sum())
    recent = by_year[(by_year.year >= 2010) & (by_year.year <= 2019)].groupby("model").new.sum()
    models = ", ".join(f"{int(recent[m])} {m}" for m in history.FORUM_MODELS if recent[m])
    return Finding(f"of the book's {len(forums)} forums, {before} were founded before 2010 and {decade} in 2010-2019 "
                   f"({models})", decade > before)


RIVAL_PAIRS = (("2018", "A/RES/73/27", "A/RES/73/266"), ("2019", "A/RES/74/29", "A/RES/74/28"))
"""The rival texts of each year: the Russia-led one first, the US-led one second."""


def _bridges() -> Finding:
    matrix = rollcalls.vote_matrix()
    names = {"BRA": "Brazil", "IND": "India", "IDN": "Indonesia"}
    both = {s: [y for y, ru, us in RIVAL_PAIRS if matrix.loc[s, ru] == matrix.loc[s, us] == "yes"] for s in names}
    detail = "; ".join(f"{n}: " + ", ".join(f"{y} {matrix.loc[s, ru]} / {matrix.loc[s, us]}" for y, ru, us in
                                          RIVAL_PAIRS) for s, n in names.items())
    some_year = all(v for v in both.values())
    every_year = all(len(v) == len(RIVAL_PAIRS) for v in both.values())
    in_2018 = all("2018" in v for v in both.values())
    return Finding(f"votes on the Russia-led / US-led text of each year: {detail}", some_year,
                   other_measures=(("yes on both rival texts in every year", every_year),
                                   ("yes on both rival texts in 2018 alone", in_2018)),
                   robustness="Brazil abstained on the Russia-led text in 2018 and backed both in 2019: one roll "
                              "call decides the verdict, which is the swing behaviour the article describes")


def _forums_for_governments() -> Finding:
    forums = load("forums")
    recent = forums[(forums.founded >= 2003) & (forums.founded <= 2019)]
    governmental = recent[recent.model.isin(["intergovernmental", "state-led coalition"])]
    share = len(governmental) / len(recent)
    since_2012 = forums[(forums.founded >= 2012) & (forums.founded <= 2019)]
    by_initiator = since_2012.initiator.value_counts()
    sovereignty = int(by_initiator.get("China-Russia camp", 0))
    return Finding(f"of the {len(recent)} forums in the book's table founded 2003-2019, {len(governmental)} are "
                   f"intergovernmental or state-led ({share:.0%}): " + ", ".join(governmental.short_name)
                   + f". Initiators of the {len(since_2012)} founded 2012-2019: "
                   + ", ".join(f"{n} {who}" for who, n in by_initiator.items()),
                   len(governmental) >= 2,
                   other_measures=(("most new forums are intergovernmental or state-led", share > 0.5),
                                   ("most forums since 2012 were started by the China-Russia camp",
                                    sovereignty > len(since_2012) / 2)),
                   robustness="the table is the book's selection, and the model of governance stands in for the "
                              "aim the article names (more power to governments); most forums since 2012 were "
                              "started by western governments or companies")


CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="twin-track-division",
        chapter=CHAPTER,
        quote="the outcome revealed a clear international division on how to proceed",
        computation="on the rival 2018 texts (A/RES/73/27, Russia-led; A/RES/73/266, US-led), from every member's "
                    "recorded vote: states voting yes on one and no on the other (two opposed camps of at least ten "
                    "each?), against states voting yes on both; each recorded tally recounted and set against the "
                    "independent records that exist",
        tables=("un_votes", "un_resolutions"),
        check=_division,
        expected=DEPENDS,
        indicator="the recorded votes on the two 2018 resolutions",
        where="book/04-diplomacy-as-practice/roll-calls-lab#Counting a vote",
        note="Only 73/27's full tally has a record independent of Voeten's dataset (press reports); 74/29's yes count "
             "has one (TASS); for 73/266 and 74/28 the recount reads back the dataset's own rows.",
    ),
    Claim(
        id="gge-25-oewg-open",
        chapter=CHAPTER,
        quote="The GGE includes 25 selected members, whereas the OEWG is open to all interested countries",
        computation="members of the 2019-21 GGE (sourced list) = 25; UN member states in the roll calls = 193; "
                    "the GGE's share of the member states' population and internet users (reach)",
        tables=("gge_members", "un_votes", "population", "internet_use_2019"),
        check=_gge_vs_oewg,
        indicator="the 2019-21 GGE's membership and the UN's 193 member states",
        where="book/04-diplomacy-as-practice/twin-track-lab#Whom a forum speaks for",
    ),
    Claim(
        id="five-gges-three-reports",
        chapter=CHAPTER,
        quote="five UN GGEs on this topic since 2004, three of which have reached consensus reports",
        computation="GGEs that finished by 2017 = 5; of them with a consensus report = 3 (2010, 2013, 2015)",
        tables=("gge_groups",),
        check=_five_gges,
        indicator="the GGEs and their reports, one row each (gge_groups)",
        where="book/04-diplomacy-as-practice/twin-track-lab#The GGEs since 2004",
        note="A sixth group (2019-21) agreed a consensus report (A/76/135) after the article.",
    ),
    Claim(
        id="offensive-capabilities-30",
        chapter=CHAPTER,
        quote="Over 30 countries are openly pursuing defensive and offensive cyber capabilities",
        computation="the US intelligence community's count of nations developing offensive capabilities, late 2016",
        tables=("cyber_diplomacy_facts",),
        check=_offensive,
        kind="sourced",
        where="book/04-diplomacy-as-practice/index#2. Limiting and de-escalating offensive operations",
        note="The source speaks of capabilities being developed, not of states 'openly' pursuing them; "
             "it names no list.",
    ),
    Claim(
        id="us-china-2015",
        chapter=CHAPTER,
        quote="a significant (albeit temporary) reduction in terms of Chinese cyber activity against US companies",
        computation="FireEye's June 2016 report: fall in network compromises by suspected China-based groups",
        tables=("cyber_diplomacy_facts",),
        check=_us_china,
        kind="sourced",
        where="book/04-diplomacy-as-practice/index#2. Limiting and de-escalating offensive operations",
        note="The descriptive part: FireEye's documented fall, read from its report.",
    ),
    Claim(
        id="us-china-2015-effect",
        chapter=CHAPTER,
        quote="suggesting that such agreements can work",
        computation="did the fall FireEye reports begin after the September 2015 agreement?",
        tables=("cyber_diplomacy_facts",),
        check=_us_china_effect,
        expected=NOT_SHOWN,
        where="book/04-diplomacy-as-practice/index#2. Limiting and de-escalating offensive operations",
        note="The causal part: the fall began in mid-2014, before the agreement, so this timing cannot credit the "
             "agreement. It does not refute it either: the agreement may have locked in a fall under way.",
    ),
    Claim(
        id="russian-proposal-1998",
        chapter=CHAPTER,
        quote="The process followed from a Russian proposal in 1998",
        computation="date of General Assembly resolution 53/70, the first of the series on information security",
        tables=("cyber_diplomacy_facts",),
        check=_russian_1998,
        kind="sourced",
        where="book/04-diplomacy-as-practice/index#3. Building norms: the GGE process",
        note="The article's 'treaty to ban electronic and information weapons' is its own description of "
             "the proposal.",
    ),
    Claim(
        id="first-tech-ambassador",
        chapter=CHAPTER,
        quote="the world's first 'Tech Ambassador' in 2017",
        computation="year Denmark created the post",
        tables=("cyber_diplomacy_facts",),
        check=_tech_ambassador,
        kind="sourced",
        where="book/04-diplomacy-as-practice/index#1. Keeping channels open",
    ),
    Claim(
        id="diplomacy-recent",
        chapter=CHAPTER,
        quote="Starting essentially in the early 2010s",
        computation="share of the countries with a national cybersecurity strategy by 2019 whose first one dates "
                    "from 2010-2019 (Kostyuk's dataset) > 80%",
        tables=("ncss_first_strategies",),
        check=_recent,
        where="book/04-diplomacy-as-practice/twin-track-lab#The rise of cyber diplomacy",
        note="Strategies are a proxy: the article speaks of foreign-policy strategies for cyberspace and of "
             "cyber diplomats.",
    ),
    Claim(
        id="forums-multiplied",
        chapter=CHAPTER,
        quote="international forums—which have themselves multiplied",
        computation="forums in the book's table founded in 2010-2019 against those founded in all the years before "
                    "(ITU 1865 onwards), with the governance model of the recent ones",
        tables=("forums",),
        check=_forums_multiplied,
        where="book/04-diplomacy-as-practice/twin-track-lab#Forums founded by year and by model",
        note="The table is the book's selection, built around the forums the article names, not a census: it shows "
             "the direction of the growth, not its size.",
    ),
    Claim(
        id="bridges-brazil-india-indonesia",
        chapter=CHAPTER,
        quote="Brazil, India or Indonesia, for example, act as bridges but are, by nature, swing states",
        computation="on the four recorded votes (the Russia-led and US-led texts of 2018 and of 2019): did each of "
                    "the three vote yes on both rival texts in at least one year (a bridge)? Beside it: in every "
                    "year, and in 2018 alone",
        tables=("un_votes",),
        check=_bridges,
        expected=DEPENDS,
        indicator="the recorded votes on the rival UN texts of 2018 and 2019",
        where="book/04-diplomacy-as-practice/roll-calls-lab#A year later",
        note="India and Indonesia backed both texts in both years. Brazil abstained on 73/27 in 2018 and backed both "
             "in 2019: on one roll call it leaned, on the other it bridged — a swing state, as the whole sentence "
             "says.",
    ),
    Claim(
        id="forums-for-governments",
        chapter=CHAPTER,
        quote="which share the aim of giving more power over cyberspace",
        computation="forums in the book's table founded 2003-2019 (from WSIS on) whose governance model is "
                    "intergovernmental or state-led: at least two (the article's 'a number')? Beside it: are they most "
                    "of the new forums, and who initiated the forums founded since 2012?",
        tables=("forums",),
        check=_forums_for_governments,
        expected=DEPENDS,
        where="book/04-diplomacy-as-practice/twin-track-lab#Forums founded by year and by model",
        note="The article's sentence is about some forums ('a number of'); read as a trend of the whole field it does "
             "not hold in the book's table, where most new forums are multistakeholder, company- or "
             "civil-society-led.",
    ),
)
