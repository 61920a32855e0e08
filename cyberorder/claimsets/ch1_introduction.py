"""Chapter 1's claims: where the users are, and who runs the core."""

from __future__ import annotations

from cyberorder import power
from cyberorder.claim import Claim, Figure, Finding
from cyberorder.data import load

__all__ = ["ARTICLE_ASIA_SHARES", "CLAIMS"]

ARTICLE_ASIA_SHARES = {2005: (0.34, "34%"), 2016: (0.50, "just above 50%")}
"""The article's figures for Asia's share of the world's internet users (year -> value, as the article words it);
the claim checks them and chapter 1's chart draws them on the data."""


def _asia_share() -> Finding:
    users = load("internet_users_by_continent")
    s2005 = power.user_shares(users, 2005)["Asia"]
    s2016 = power.user_shares(users, 2016)["Asia"]
    holds = abs(s2005 - ARTICLE_ASIA_SHARES[2005][0]) < 0.01 and ARTICLE_ASIA_SHARES[2016][0] < s2016 < 0.53
    return Finding(f"2005: {s2005:.1%}; 2016: {s2016:.1%}", holds, figures=tuple(
        Figure(f"Asia's share of internet users, {year}", ARTICLE_ASIA_SHARES[year][0], share, "share")
        for year, share in ((2005, s2005), (2016, s2016))))


def _asia_outnumbers_rest() -> Finding:
    users = load("internet_users_by_continent")
    row = users[(users.year == 2016) & (users.continent == "Asia")].iloc[0]
    rest = int(row.world_internet_users) - int(row.internet_users)
    return Finding(f"2016: Asia {int(row.internet_users) / 1e6:,.0f} m, rest of the world {rest / 1e6:,.0f} m",
                   int(row.internet_users) > rest)


def _users_outside_west_roots_in_us() -> Finding:
    users, roots = load("internet_users_by_continent"), load("root_servers")
    latest = int(users.year.max())
    west = power.group_share(power.user_shares(users, latest), ("Europe", "North America", "Oceania"))
    us = float((roots.operator_iso3 == "USA").mean())
    return Finding(f"{latest}: Europe + North America + Oceania have {west:.1%} of users; "
                   f"US-based operators run {us:.1%} of the 13 root identities", west < 0.5 and us > 0.5)


CLAIMS: tuple[Claim, ...] = (
    Claim(
        id="intro-roots",
        chapter="01-introduction",
        quote="most internet traffic is now generated outside the West",
        computation="share of the world's internet users in Europe, North America and Oceania (latest year) < 50%; "
                    "share of root-server identities run by US-based operators > 50%",
        tables=("internet_users_by_continent", "root_servers"),
        check=_users_outside_west_roots_in_us,
        where="book/01-introduction/lab#Who runs the core",
        note="Users stand in for traffic, which no open dataset measures by region; operators' home "
             "countries are not where the anycast instances are.",
    ),
    Claim(
        id="asia-share",
        chapter="01-introduction",
        quote="from 34 per cent of the global share in 2005 to just above 50 per cent in 2016",
        computation="Asia's internet users / world internet users: within one point of 34% in 2005, "
                    "between 50% and 53% in 2016",
        tables=("internet_users_by_continent",),
        check=_asia_share,
        indicator="internet users by continent, ITU estimates via Our World in Data (the closest available to the "
                  "article's ITU figures)",
        where="book/01-introduction/lab#Shares of the world's users",
    ),
    Claim(
        id="asia-absolute",
        chapter="01-introduction",
        quote="more internet users in Asia than in the rest of the world",
        computation="Asia's internet users > world minus Asia, 2016",
        tables=("internet_users_by_continent",),
        check=_asia_outnumbers_rest,
        indicator="internet users by continent, ITU estimates via Our World in Data",
        where="book/01-introduction/lab#Shares of the world's users",
    ),
)
