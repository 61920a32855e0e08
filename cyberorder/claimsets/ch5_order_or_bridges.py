"""Chapter 5's claims: the diplomatic workload (the article's figures) and how divided the UN's cyber votes are."""

from __future__ import annotations

from cyberorder import fragmentation as fr
from cyberorder import history, rollcalls
from cyberorder.claim import ATTRIBUTED, Claim, Figure, Finding
from cyberorder.data import load

__all__ = ["CLAIMS"]

CHAPTER = "05-order-or-bridges"
INITIATIVES, SINCE_2012_PCT, SINCE_2015_PCT = 84, 83, 63
"""Housen-Couriel's figures as the article reports them (not checked against her study)."""


def _workload() -> Finding:
    # What the book can test: that the article's percentages are whole numbers of 84 initiatives.
    counts = {pct: round(INITIATIVES * pct / 100) for pct in (SINCE_2012_PCT, SINCE_2015_PCT)}
    consistent = all(round(100 * n / INITIATIVES) == pct for pct, n in counts.items())
    # Beside them, the book's own data: first national cybersecurity strategies adopted up to 2017.
    by_year = history.first_strategies_by_year(load("ncss_first_strategies"))
    upto = by_year[by_year.year <= 2017]
    total = int(upto.new.sum())
    since_2012 = int(upto[upto.year >= 2012].new.sum()) / total
    since_2015 = int(upto[upto.year >= 2015].new.sum()) / total
    # and the forums in chapter 4's table (a selection, not a census), counted by the same cut-off years
    forums = history.forums_by_year(load("forums"))
    by_2017 = forums[forums.year <= 2017].groupby("year").new.sum()
    n_forums = int(by_2017.sum())
    forums_2012, forums_2015 = int(by_2017[by_2017.index >= 2012].sum()), int(by_2017[by_2017.index >= 2015].sum())
    return Finding(f"article: {SINCE_2012_PCT}% of {INITIATIVES} = {counts[SINCE_2012_PCT]} initiatives since 2012, "
                   f"{SINCE_2015_PCT}% = {counts[SINCE_2015_PCT]} in 2015 or later (consistent: {consistent}); "
                   f"book's data: of {total} first national strategies adopted by 2017, {since_2012:.1%} date from "
                   f"2012 or later and {since_2015:.1%} from 2015 or later; of {n_forums} forums in the book's table "
                   f"founded by 2017, {forums_2012} date from 2012 or later and {forums_2015} from 2015 or later",
                   consistent,
                   figures=tuple(Figure(f"Since {year} (article: initiatives; book: strategies)", pct / 100, share,
                                        "share")
                                 for year, pct, share in ((2012, SINCE_2012_PCT, since_2012),
                                                          (2015, SINCE_2015_PCT, since_2015))))


def _not_two_camps() -> Finding:
    agr = fr.roll_call_agreement()
    strict = fr.blocs(agr, 1, len(agr.resolutions))
    matrix = rollcalls.vote_matrix()
    middle = set(matrix.index[(matrix == "yes").all(axis=1)])
    largest = {s for s, b in strict.bloc_of.items() if b == 1}
    weights = fr.bloc_reach(strict).set_index("bloc")
    china = weights.loc[strict.bloc_of["CHN"]]
    left_out = []
    for res in matrix.columns:  # how stable: leave each roll call out in turn
        kept = fr.agreement(matrix.drop(columns=res))
        left_out.append(f"without {res.removeprefix('A/RES/')}: {fr.blocs(kept, 1, len(kept.resolutions)).count}")
    return Finding(f"identical votes on all four roll calls: {strict.count} blocs, the largest ({len(largest)} states) "
                   f"voting yes on all four, with {weights.loc[1, 'share_of_population']:.1%} of the members' "
                   f"population; China's bloc: {china.share_of_members:.1%} of the members, "
                   f"{china.share_of_population:.1%} of the population",
                   strict.count > 2 and largest == middle,
                   robustness="blocs of identical voters with one roll call left out: " + ", ".join(left_out))


CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="housen-couriel-84-initiatives",
        chapter=CHAPTER,
        quote="out of the 84 initiatives identified, 83 per cent have been developed since 2012",
        computation="the article's figures (84 initiatives; 83% since 2012; 63% in 2015 or later) checked only "
                    "for internal consistency; beside them, the share of first national cybersecurity strategies "
                    "(to 2017) adopted since 2012 and since 2015",
        tables=("ncss_first_strategies", "forums"),
        check=_workload,
        kind="attributed",
        expected=ATTRIBUTED,
        where="book/05-order-or-bridges/index#The diplomatic workload",
        note="Housen-Couriel's study (GCSC Issue Brief No. 1, 2017/18) could not be read for this book: the figures "
             "are the article's. Strategies and forums are different counts from diplomatic initiatives; they show "
             "the same recent surge, less steeply (the forums' table is a selection that includes old bodies).",
    ),
    Claim(
        id="west-versus-rest-too-simple",
        chapter=CHAPTER,
        quote="a slightly simplistic understanding of the complex dynamics at play",
        computation="blocs of states with identical votes on all four recorded cyber votes (2018-19): more than "
                    "two blocs, the largest being the states that voted yes on all four; stability: the same count "
                    "with each roll call left out in turn",
        tables=("un_votes", "population", "internet_use_2019"),
        check=_not_two_camps,
        indicator="the recorded votes on the UN's rival cyber texts of 2018 and 2019",
        where="book/05-order-or-bridges/fragmentation-lab#Blocs",
        note="Four roll calls are a thin basis. Blocs here are states with identical votes; looser blocs (one "
             "difference allowed) are single-linkage chains and are not used as evidence. Weighed by people rather "
             "than votes, the small bloc of China and Russia counts for far more.",
    ),
)
