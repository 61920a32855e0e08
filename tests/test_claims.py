"""The claims registry: every claim recomputes, the command lists them and fails on a broken one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cyberorder import claims
from cyberorder.claim import ATTRIBUTED, VERDICTS


def test_every_claim_has_the_verdict_the_book_expects() -> None:
    for claim, found in claims.check_all():
        assert found.holds == claim.should_hold, (claim.id, found.value)


def test_claims_quote_at_most_a_short_phrase() -> None:
    for claim in claims.CLAIMS:
        assert len(claim.quote.split()) <= 25, claim.id
        assert claim.tables and claim.computation


def test_the_command_prints_every_claim() -> None:
    run = subprocess.run([sys.executable, "-m", "cyberorder.claims"], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    for claim in claims.CLAIMS:
        assert claim.id in run.stdout
    assert "34.5%" in run.stdout and "51.4%" in run.stdout


def test_the_command_fails_when_a_claim_breaks(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    broken = claims.Claim(id="broken", chapter="x", quote="q", computation="c", tables=("t",),
                          check=lambda: claims.Finding("nothing", False))
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
        assert (t.loc[claim.id, "verdict"] == ATTRIBUTED) == claim.attributed, claim.id
