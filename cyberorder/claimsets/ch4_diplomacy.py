"""Chapter 4's claims: cyber diplomacy as a post-liberal practice (the twin UN track, the GGEs, swing states)."""

from __future__ import annotations

from cyberorder import diplomacy as dip
from cyberorder.claim import Claim, Finding
from cyberorder.data import load
from cyberorder.reach import reach

__all__ = ["CLAIMS"]

CHAPTER = "04-diplomacy-as-practice"


def _fact(name: str) -> float:
    facts = load("cyber_diplomacy_facts").set_index("fact")
    return float(facts.loc[name, "value"])


def _vote_totals() -> Finding:
    matrix = dip.vote_matrix()
    recorded = load("un_resolutions").set_index("resolution")
    parts, same = [], True
    for res in (dip.OEWG_RESOLUTION, dip.US_RESOLUTION):
        t = dip.tally(dip.votes_on(matrix, res))
        r = recorded.loc[res]
        same &= (t.yes, t.no, t.abstain) == (r.recorded_yes, r.recorded_no, r.recorded_abstain) and t.passes
        parts.append(f"{res}: {t.yes}-{t.no}-{t.abstain}, {t.non_voting} not voting")
    return Finding("; ".join(parts) + " (both as recorded; both adopted)", bool(same))


def _gge_vs_oewg() -> Finding:
    gge = load("gge_members")
    size = int((gge.gge == "2019-2021").sum())
    members = len(dip.member_states())
    r = reach(gge[gge.gge == "2019-2021"].iso3)
    return Finding(f"GGE 2019-21: {size} member states ({r.share_of_members:.1%} of the seats, holding "
                   f"{r.share_of_population:.1%} of the member states' population and {r.share_of_internet_users:.1%} "
                   f"of their internet users); OEWG: open to all {members} UN member states (100% of each by "
                   "construction)", size == 25 and members == 193)


def _five_gges() -> Finding:
    record = dip.gge_record(load("gge_groups"), until=2017)
    years = ", ".join(str(y) for y in record.report_years)
    return Finding(f"{record.groups} GGEs finished 2004-2017; {record.consensus_reports} consensus reports ({years})",
                   record.groups == 5 and record.consensus_reports == 3 and record.report_years == (2010, 2013, 2015))


def _offensive() -> Finding:
    n = _fact("offensive_cyber_states")
    return Finding(f"US intelligence, January 2017: more than {n:.0f} nations developing offensive cyber-attack "
                   "capabilities (as of late 2016)", n >= 30)


def _us_china() -> Finding:
    year, drop = _fact("us_china_agreement"), _fact("china_compromise_drop_pct")
    return Finding(f"agreement of 25 September {year:.0f}; FireEye: breaches by China-based groups down about "
                   f"{drop:.0f}% over two years, with the fall starting in mid-2014", drop > 0)


def _russian_1998() -> Finding:
    year = _fact("russian_proposal_resolution")
    return Finding(f"resolution 53/70 adopted on 4 December {year:.0f}", year == 1998)


def _tech_ambassador() -> Finding:
    year = _fact("first_tech_ambassador")
    return Finding(f"Denmark: announced January {year:.0f}, in post from 1 September {year:.0f}", year == 2017)


def _recent() -> Finding:
    strategies = load("ncss_first_strategies")
    by_year = dip.first_strategies_by_year(strategies)
    upto = by_year[by_year.year <= 2019]
    before = int(upto[upto.year < 2010].new.sum())
    total = int(upto.new.sum())
    share = 1 - before / total
    return Finding(f"{total} countries had a national cybersecurity strategy by 2019; {before} of them had adopted "
                   f"their first before 2010, so {share:.1%} adopted it in 2010-2019", share > 0.8)


def _forums_multiplied() -> Finding:
    forums = load("forums")
    by_year = dip.forums_by_year(forums)
    total = by_year.groupby("year").new.sum()
    in_decade = (total.index >= 2010) & (total.index <= 2019)
    before, decade = int(total[total.index < 2010].sum()), int(total[in_decade].sum())
    recent = by_year[(by_year.year >= 2010) & (by_year.year <= 2019)].groupby("model").new.sum()
    models = ", ".join(f"{int(recent[m])} {m}" for m in dip.FORUM_MODELS if recent[m])
    return Finding(f"of the book's {len(forums)} forums, {before} were founded before 2010 and {decade} in 2010-2019 "
                   f"({models})", decade > before)


def _bridges() -> Finding:
    matrix = dip.vote_matrix()
    camp = dip.camps(matrix)
    names = {"BRA": "Brazil", "IND": "India", "IDN": "Indonesia"}
    detail = ", ".join(f"{n}: {matrix.loc[s, dip.OEWG_RESOLUTION]} / {matrix.loc[s, dip.US_RESOLUTION]}"
                       for s, n in names.items())
    bridges = [s for s in names if camp[s] == dip.BRIDGE]
    return Finding(f"votes on 73/27 / 73/266: {detail}; {len(dip.bridges(matrix))} states voted yes on both",
                   len(bridges) == len(names))


CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="twin-track-votes",
        chapter=CHAPTER,
        quote="revealed a clear international division",
        computation="recount of every member's recorded vote on A/RES/73/27 and A/RES/73/266 (Voeten's data) against "
                    "the recorded results; both pass (yes > no among those present and voting)",
        tables=("un_votes", "un_resolutions"),
        check=_vote_totals,
        note="Both resolutions passed comfortably: the division lay in which track states backed, and 77 states "
             "backed both. 73/27's tally is confirmed by press reports; 73/266's only by the dataset.",
    ),
    Claim(
        id="gge-25-oewg-open",
        chapter=CHAPTER,
        quote="The GGE includes 25 selected members, whereas the OEWG is open to all interested countries",
        computation="members of the 2019-21 GGE (sourced list) = 25; UN member states in the roll calls = 193; "
                    "the GGE's share of the member states' population and internet users (reach)",
        tables=("gge_members", "un_votes", "population", "internet_use_2019"),
        check=_gge_vs_oewg,
    ),
    Claim(
        id="five-gges-three-reports",
        chapter=CHAPTER,
        quote="five UN GGEs on this topic since 2004, three of which have reached consensus reports",
        computation="GGEs that finished by 2017 = 5; of them with a consensus report = 3 (2010, 2013, 2015)",
        tables=("gge_groups",),
        check=_five_gges,
        note="A sixth group (2019-21) agreed a consensus report (A/76/135) after the article.",
    ),
    Claim(
        id="offensive-capabilities-30",
        chapter=CHAPTER,
        quote="Over 30 countries are openly pursuing defensive and offensive cyber capabilities",
        computation="the US intelligence community's count of nations developing offensive capabilities, late 2016",
        tables=("cyber_diplomacy_facts",),
        check=_offensive,
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
        note="The fall began in mid-2014, before the agreement, so the data cannot credit the agreement alone.",
    ),
    Claim(
        id="russian-proposal-1998",
        chapter=CHAPTER,
        quote="The process followed from a Russian proposal in 1998",
        computation="date of General Assembly resolution 53/70, the first of the series on information security",
        tables=("cyber_diplomacy_facts",),
        check=_russian_1998,
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
    ),
    Claim(
        id="diplomacy-recent",
        chapter=CHAPTER,
        quote="Starting essentially in the early 2010s",
        computation="share of the countries with a national cybersecurity strategy by 2019 whose first one dates "
                    "from 2010-2019 (Kostyuk's dataset) > 80%",
        tables=("ncss_first_strategies",),
        check=_recent,
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
        note="The table is the book's selection, built around the forums the article names, not a census: it shows "
             "the direction of the growth, not its size.",
    ),
    Claim(
        id="bridges-brazil-india-indonesia",
        chapter=CHAPTER,
        quote="Brazil, India or Indonesia, for example, act as bridges",
        computation="did each vote yes on both rival 2018 resolutions (73/27 and 73/266)?",
        tables=("un_votes",),
        check=_bridges,
        should_hold=False,
        note="India and Indonesia voted yes on both; Brazil abstained on the Russia-led 73/27, so by this measure it "
             "leaned to one track rather than bridging them.",
    ),
)
