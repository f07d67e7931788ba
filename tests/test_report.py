"""tools/report.py: the docs' figures come from the measured JSON, and the docs are current."""

import json

import pytest
import report
from helpers import ROOT

DOCS = ROOT / "docs"


def leaves(value: object) -> list:
    """Every number and string inside decoded JSON."""
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in leaves(v)]
    return [value]


def written_forms(value: object) -> set[str]:
    """How the pages may write a figure: as a percentage, rounded, signed, or as is."""
    if isinstance(value, float):
        percentages = {f"{value:.{places}%}" for places in (0, 1, 2)}
        return percentages | {f"{value:.{places}f}" for places in (1, 3, 4)} | {f"{value:+.2f}"}
    if isinstance(value, str) and " (p99 " in value:
        # benchmark.json's '0.255 (p99 0.292)' is written as two cells: median, p99.
        median, p99 = value.removesuffix(")").split(" (p99 ")
        return {f"| {median} | {p99} |"}
    return {str(value)}


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("docs")
    assert report.main(["--docs", str(DOCS), "--out", str(out)]) == 0
    return {page: (out / page).read_text(encoding="utf-8") for page in report.PAGES}


@pytest.mark.parametrize("page", list(report.PAGES))
def test_every_figure_of_the_json_is_on_its_page(pages, page):
    data = json.loads((DOCS / report.PAGES[page][0]).read_text(encoding="utf-8"))
    text = pages[page]
    for value in leaves(data):
        assert any(form in text for form in written_forms(value)), value
    for key in data.get("robustness", {}) | data.get("non_digit_by_kind", {}):
        assert f"| {key} |" in text


@pytest.mark.parametrize("page", list(report.PAGES))
def test_committed_page_is_what_the_generator_writes_now(pages, page):
    committed = (DOCS / page).read_text(encoding="utf-8")
    assert committed == pages[page], f"docs/{page} is stale: run python tools/report.py"


def test_readme_summary_is_what_the_generator_writes_now(tmp_path):
    assert report.main(["--docs", str(DOCS), "--out", str(tmp_path)]) == 0
    committed = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "<!-- summary end -->" in committed
    assert committed == (tmp_path / "README.md").read_text(encoding="utf-8"), (
        "README.md's summary table is stale: run python tools/report.py"
    )
    evaluation = json.loads((DOCS / "evaluation.json").read_text(encoding="utf-8"))
    assert f"| {evaluation['mnist_accuracy']:.2%} |" in committed


def test_keys_added_later_are_shown_too():
    evaluation = report.render_evaluation({"mnist_accuracy": 0.99, "new_rate": 0.123456})
    assert "| new_rate | 0.1235 |" in evaluation
    performance = report.render_performance(
        {"machine": "Linux x86_64, 2 cores", "[wayland] first frame (s)": "0.3 (p99 0.4)"}
    )
    assert "- machine: Linux x86_64, 2 cores" in performance
    assert "## Start-up on wayland" in performance
    assert "| first frame (s) | 0.3 | 0.4 |" in performance
