"""Chapter 2's claims: China's rise, the stop of the democratic wave, the 2010 IMF reform."""

from __future__ import annotations

from cyberorder import institutions, power, values
from cyberorder.claim import Claim, Finding
from cyberorder.data import load

__all__ = ["CLAIMS"]

BRIC = ("CHN", "IND", "RUS", "BRA")


def _china_competing_power() -> Finding:
    gdp, milex = load("gdp_share"), load("military_expenditure_share")
    g = power.shares_of_world(gdp, 2019, value="gdp_current_usd_bn", world="world_gdp_current_usd_bn")
    m = power.shares_of_world(milex, 2019, value="milex_constant_2019_usd_m", world="world_milex_constant_2019_usd_m")
    g1990 = power.shares_of_world(gdp, 1990, value="gdp_current_usd_bn", world="world_gdp_current_usd_bn")["CHN"]
    states = [power.REST_OF_WORLD, "EUU"]  # the EU is not a state: rank single states only
    g_rank = [n for n, _ in power.ranked(g, states)].index("CHN") + 1
    m_rank = [n for n, _ in power.ranked(m, states)].index("CHN") + 1
    return Finding(f"China's share of world GDP: {g1990:.1%} (1990) -> {g['CHN']:.1%} (2019), rank {g_rank} "
                   f"of the seven single states compared; of world military spending (SIPRI, April 2021 release): "
                   f"{m['CHN']:.1%} (2019), rank {m_rank}", g_rank == 2 and m_rank == 2 and g["CHN"] > 0.10)


def _democratic_wave_stopped() -> Finding:
    fiw = load("freedom_in_the_world_status")
    until_2017 = values.peak(fiw, "Share Free", 1972, 2017)
    latest = values.peak(fiw, "Share Free", 1972, int(fiw.survey_year.max()))
    return Finding(f"share of countries rated Free peaked at {until_2017.peak_value:.1%} in {until_2017.peak_year}; "
                   f"{until_2017.last_value:.1%} in 2017 (the FIW 2018 edition the article cites), "
                   f"{latest.last_value:.1%} in {latest.last}; no later year passed the peak",
                   until_2017.peak_year < 2010 and latest.peak_year == until_2017.peak_year
                   and until_2017.last_value < until_2017.peak_value)


def _imf_reform() -> Finding:
    table = load("imf_quota_shares")
    before = institutions.quota_shares(table, "before_14th_review")
    after = institutions.quota_shares(table, "after_14th_review")
    bric_before, bric_after = (institutions.group_total(q, BRIC) for q in (before, after))
    rank = {p: [n for n, _ in power.ranked(q, [institutions.OTHER_MEMBERS])].index("CHN") + 1
            for p, q in (("before", before), ("after", after))}
    us_vote = institutions.voting_shares(after)["USA"]
    veto = "above" if institutions.can_block(us_vote) else "below"
    return Finding(f"BRIC quota share {bric_before:.2%} -> {bric_after:.2%}; China ranked {rank['before']} -> "
                   f"{rank['after']}; US voting share after (computed) {us_vote:.2%}, {veto} the 15% "
                   f"blocking line", bric_after > bric_before and rank["after"] == 3)


CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="framing-china-power",
        chapter="02-framing",
        quote="China has become a competing Great Power",
        computation="China's share of world GDP (World Bank, current US$) and of world military spending (SIPRI, "
                    "April 2021 release) in 2019: second among single states in both, and above 10% of world GDP",
        tables=("gdp_share", "military_expenditure_share"),
        check=_china_competing_power,
        where="book/02-framing/power-lab#The leader and its lead",
        note="Shares are one measure of power among several; they say nothing about influence or prestige. "
             "Whether this makes the world multipolar depends on thresholds the book lets the reader set.",
    ),
    Claim(
        id="framing-democratic-wave",
        chapter="02-framing",
        quote="The wave of democratization … has clearly stopped",
        computation="share of countries rated Free by Freedom House: peak year before 2010 over 1972-2017, the 2017 "
                    "share below the peak, and no later year above it",
        tables=("freedom_in_the_world_status",),
        check=_democratic_wave_stopped,
        indicator="Freedom House's count of countries rated Free (the article cites Freedom in the World 2018)",
        where="book/02-framing/values-lab#The peak",
        note="Under 'Share Not Free' or 'Free or Partly Free' the best year is 1992; under 'Share Free' and "
             "'Free minus Not Free' it is 2006-2007. Either way the wave crested well before the article.",
    ),
    Claim(
        id="framing-imf-reform",
        chapter="02-framing",
        quote="In 2010 they negotiated a reform of voting shares in the IMF",
        computation="quota shares before and after the 14th General Review: the BRIC's combined share rises and "
                    "China becomes the third-largest member",
        tables=("imf_quota_shares",),
        check=_imf_reform,
        indicator="IMF quota shares before and after the 14th General Review (the 2010 reform)",
        where="book/02-framing/institutions-lab#From quotas to votes",
        note="Quota shares of the top 20 members (IMF figures via Reuters). Voting shares are computed from quotas "
             "with the IMF's basic-vote rule, a simplification; the reform took effect only years later, after "
             "the US Congress approved it.",
    ),
)
