"""The claims registry: verdicts no stronger than their computation, recomputed from the raw tables, and a command
that fails when a verdict moves."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from cyberorder import claims, rollcalls
from cyberorder.claim import ATTRIBUTED, DEPENDS, FAILS, HOLDS, NOT_SHOWN, SOURCED, VERDICTS, Claim, Finding
from cyberorder.claimsets import ch3_cyberspace, ch4_diplomacy
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import concordance

FACT_TABLES = {"cyberspace_facts", "cyber_diplomacy_facts"}


def _claim(cid: str) -> Claim:
    return next(c for c in claims.CLAIMS if c.id == cid)


def test_every_claim_has_the_verdict_the_book_expects() -> None:
    for claim, found in claims.check_all():
        assert claim.verdict(found) == claim.expected, (claim.id, found.value)


def test_the_registry_has_thirty_claims_and_every_kind_of_verdict() -> None:
    verdicts = {c.verdict(f) for c, f in claims.check_all()}
    assert len(claims.CLAIMS) >= 30
    assert {HOLDS, DEPENDS, NOT_SHOWN, SOURCED, ATTRIBUTED} <= verdicts


def test_a_claim_reads_does_not_hold_only_on_the_articles_own_indicator() -> None:
    for claim, found in claims.check_all():
        if claim.verdict(found) == FAILS:
            assert claim.indicator, f"{claim.id}: 'does not hold' on a proxy; name the article's indicator or say " \
                                    "'not shown by this measure'"
    proxy = Claim(id="p", chapter="x", quote="q", computation="c", tables=("t",), check=lambda: Finding("v", False))
    assert proxy.verdict(proxy.check()) == NOT_SHOWN
    own = Claim(id="o", chapter="x", quote="q", computation="c", tables=("t",), check=lambda: Finding("v", False),
                indicator="the article's")
    assert own.verdict(own.check()) == FAILS


def test_a_look_up_is_never_reported_as_a_recomputation() -> None:
    for claim in claims.CLAIMS:
        if set(claim.tables) <= FACT_TABLES:  # documented facts: read, or at most compared (never a "holds")
            assert claim.kind == "sourced" or claim.expected == NOT_SHOWN, \
                f"{claim.id} only reads documented facts: its verdict is 'sourced'"
    for claim, found in claims.check_all():
        if claim.kind != "recomputed":
            assert claim.verdict(found) not in (HOLDS, DEPENDS, NOT_SHOWN), claim.id


def test_disagreeing_measures_read_depends_on_the_measure() -> None:
    claim = Claim(id="d", chapter="x", quote="q", computation="c", tables=("t",),
                  check=lambda: Finding("v", True, other_measures=(("other", False),)))
    assert claim.verdict(claim.check()) == DEPENDS
    for claim, found in claims.check_all():
        if claim.verdict(found) == DEPENDS:
            assert found.other_measures and found.robustness, claim.id


def test_claims_quote_at_most_a_sentence_and_say_where_they_are_taught() -> None:
    pages = concordance._toc_pages(ROOT)
    for claim in claims.CLAIMS:
        assert len(claim.quote.split()) <= 25, claim.id
        assert claim.tables and claim.computation
        page, _, heading = claim.where.partition("#")
        path = concordance.page_file(ROOT, page)
        assert path is not None and page in pages, f"{claim.id}: no page {page!r}"
        assert heading in concordance.headings(path), f"{claim.id}: {path.name} has no heading {heading!r}"


def test_south_korea_depends_on_the_measure_and_flips_with_the_itu_ranks(monkeypatch: pytest.MonkeyPatch) -> None:
    claim = _claim("south-korea-most-connected")
    assert claim.verdict(claim.check()) == DEPENDS
    real = ch3_cyberspace.load

    def never_first(name: str) -> pd.DataFrame:
        table = real(name)
        if name == "itu_idi_ranks":
            table = table.assign(idi_rank=table.idi_rank.where(table.iso3 != "KOR", 2))
        return table

    monkeypatch.setattr(ch3_cyberspace, "load", never_first)
    assert claim.verdict(claim.check()) == FAILS  # on the article's own indicator, now failing


def test_the_bridges_verdict_is_recomputed_from_the_votes(monkeypatch: pytest.MonkeyPatch) -> None:
    claim = _claim("bridges-brazil-india-indonesia")
    assert claim.verdict(claim.check()) == DEPENDS
    matrix = rollcalls.vote_matrix().copy()
    matrix.loc["BRA", "A/RES/74/29"] = "abstain"  # Brazil never backs both texts
    monkeypatch.setattr(rollcalls, "vote_matrix", lambda: matrix)
    assert claim.verdict(claim.check()) == FAILS


def test_the_division_of_2018_is_measured_from_the_votes(monkeypatch: pytest.MonkeyPatch) -> None:
    claim = _claim("twin-track-division")
    found = claim.check()
    assert "46 states voted yes on the US text and no on Russia's" in found.value
    assert "77 of the" in found.value
    matrix = rollcalls.vote_matrix().copy()
    both = matrix.index[(matrix["A/RES/73/27"] == "yes") & (matrix["A/RES/73/266"] == "yes")]
    matrix.loc[both, "A/RES/73/27"] = "no"  # no state backs both: a clean split on every measure
    monkeypatch.setattr(rollcalls, "vote_matrix", lambda: matrix)
    assert claim.verdict(claim.check()) == HOLDS


def test_relative_strength_in_cyber_is_computed_from_three_tables() -> None:
    found = _claim("relatively-stronger-in-cyber").check()
    assert found.holds  # closer to the US in cyber than in GDP or spending
    assert dict(found.other_measures)["rank among the seven single states in each domain"] is False


def test_the_fragmentation_claim_reports_its_robustness() -> None:
    found = _claim("west-versus-rest-too-simple").check()
    assert found.robustness.count("without") == 4


def test_the_command_prints_every_claim() -> None:
    run = subprocess.run([sys.executable, "-m", "cyberorder.claims"], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    for claim in claims.CLAIMS:
        assert claim.id in run.stdout
    assert "34.5%" in run.stdout and "51.4%" in run.stdout
    assert "depends on the measure" in run.stdout


def test_the_command_fails_when_a_verdict_moves(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    broken = Claim(id="broken", chapter="x", quote="q", computation="c", tables=("t",),
                   check=lambda: Finding("nothing", False), indicator="the article's")
    monkeypatch.setattr(claims, "CLAIMS", (*claims.CLAIMS, broken))
    assert claims.main() == 1
    assert "unexpected: broken" in capsys.readouterr().out


def test_table_has_one_row_per_claim() -> None:
    t = claims.table()
    assert list(t["id"]) == [c.id for c in claims.CLAIMS]
    assert set(t["verdict"]) <= set(VERDICTS)


def test_attributed_claims_never_read_as_checked() -> None:
    t = claims.table().set_index("id")
    for claim in claims.CLAIMS:
        assert (t.loc[claim.id, "verdict"] == ATTRIBUTED) == (claim.kind == "attributed"), claim.id


def test_unknown_kinds_and_verdicts_are_refused() -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        Claim(id="k", chapter="x", quote="q", computation="c", tables=("t",), check=lambda: Finding("v", True),
              kind="guessed")
    with pytest.raises(ValueError, match="expected must be one of"):
        Claim(id="e", chapter="x", quote="q", computation="c", tables=("t",), check=lambda: Finding("v", True),
              expected="probably")


def test_ch4_rival_pairs_are_the_recorded_resolutions() -> None:
    recorded = set(rollcalls.vote_matrix().columns)
    for _, ru, us in ch4_diplomacy.RIVAL_PAIRS:
        assert {ru, us} <= recorded


def test_catching_up_is_recomputed_from_both_editions(monkeypatch: pytest.MonkeyPatch) -> None:
    claim = _claim("china-russia-catching-up")
    assert claim.verdict(claim.check()) == NOT_SHOWN  # China held second
    real = ch3_cyberspace.load

    def china_first(name: str) -> pd.DataFrame:
        table = real(name)
        if name == "ncpi_2022_ranks":
            ranks = {"CHN": 1, "USA": 2, "RUS": 3}
            table = table.assign(rank_2022=[ranks.get(c, r) for c, r in zip(table.iso3, table.rank_2022,
                                                                              strict=True)])
        return table

    monkeypatch.setattr(ch3_cyberspace, "load", china_first)
    assert claim.verdict(claim.check()) == HOLDS
