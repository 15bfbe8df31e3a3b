"""The run report: report.md, results.json and the PNG figures it links."""

import json
import logging
import re
import struct
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("matplotlib")

import verifier.cli as cli  # noqa: E402
from verifier import report  # noqa: E402
from verifier.formatting import format_run_table, format_summary  # noqa: E402
from verifier.runner import RunPlan, run_plan  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

SMALL_PLAN = RunPlan(
    distributions=("parity:L=4", "repetition:L=5", "markov:L=5,flip=0.2", "product:L=4,p=0.3"),
    quick=True,
)
LAWS_WITH_FIGURES = ("parity:L=4", "repetition:L=5", "markov:L=5,flip=0.2")


def payload_of(result, unit="nats"):
    """Build the payload as ``dlm-verify run`` does, reduced to the keys the report reads."""
    return {
        "unit": unit,
        "mode": "float64, exact enumeration",
        "plan": "test",
        "rows": [item.to_json(unit) for item in result.reports],
        "not_applicable": result.not_applicable,
    }


def write(directory, result, unit="nats", **options):
    return report.write_report(
        directory, result, payload_of(result, unit), format_run_table(result.reports, unit),
        format_summary(result), unit, **options,
    )


@pytest.fixture(scope="module")
def small_run():
    return run_plan(SMALL_PLAN)


@pytest.fixture(scope="module")
def written_report(small_run, tmp_path_factory):
    """Write the report of the small run once; return the directory and the written files."""
    directory = tmp_path_factory.mktemp("report")
    payload = payload_of(small_run)
    keys_before = set(payload)
    written = report.write_report(directory, small_run, payload,
                                  format_run_table(small_run.reports),
                                  format_summary(small_run), "nats")
    assert set(payload) == keys_before, "write_report modified the caller's payload"
    return directory, written, payload


def image_links(markdown: str) -> list[str]:
    return re.findall(r"!\[[^\]]*\]\(([^)]+)\)", markdown)


def png_size(path: Path) -> tuple[int, int]:
    """Return (width, height) from the IHDR chunk, after checking the signature and chunk type."""
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE, f"{path} does not start with the PNG signature"
    assert data[12:16] == b"IHDR", f"{path} has no IHDR chunk first"
    return struct.unpack(">II", data[16:24])


def assert_complete_report(directory: Path) -> str:
    """Check that report.md links every PNG of figures/ and that each link is a valid PNG."""
    markdown = (directory / "report.md").read_text()
    links = image_links(markdown)
    assert links, "report.md links no figure"

    for link in links:
        assert not Path(link).is_absolute(), link
        assert link.startswith("figures/"), link
        assert link.endswith(".png"), link
        path = directory / link
        assert path.is_file(), f"report.md links {link}, which does not exist"
        width, height = png_size(path)
        assert width > 100, (link, width)
        assert height > 100, (link, height)

    on_disk = {f"figures/{path.name}" for path in (directory / "figures").glob("*.png")}
    assert on_disk == set(links)
    return markdown


def test_report_links_every_figure(written_report):
    directory, written, _ = written_report

    markdown = assert_complete_report(directory)
    assert written[0] == directory / "report.md"
    assert written[1] == directory / "results.json"
    assert {path.name for path in written[2:]} == {Path(link).name for link in image_links(markdown)}


def test_report_figure_set(written_report):
    directory, _, _ = written_report

    names = {path.name for path in (directory / "figures").glob("*.png")}
    assert "entropy_profiles.png" in names
    assert "rho_profiles.png" in names
    for law in LAWS_WITH_FIGURES:
        stem = re.sub(r"[^a-z0-9_]+", "-", law.lower()).strip("-")
        assert f"kl_{stem}.png" in names
        assert f"bounds_{stem}.png" in names
    assert not any("product" in name for name in names)


def test_report_figures_decode(written_report):
    image = pytest.importorskip("matplotlib.image")
    directory, _, _ = written_report

    for path in (directory / "figures").glob("*.png"):
        pixels = image.imread(path)
        assert pixels.ndim == 3, path
        assert pixels.shape[2] in (3, 4), path
        # A blank canvas is all white; a drawn figure has lines, text and markers on it.
        drawn = np.any(pixels[..., :3] < 0.9, axis=-1).mean()
        assert drawn > 0.01, (path, drawn)


def test_report_markdown_contents(small_run, written_report):
    directory, _, _ = written_report

    markdown = (directory / "report.md").read_text()
    assert format_run_table(small_run.reports) in markdown
    assert format_summary(small_run) in markdown
    assert "reconstruction" in markdown
    assert "information in nats" in markdown
    assert "ccl-tc:" in markdown  # the combinations that do not apply


def test_report_zero_values_named(written_report):
    # Parity has δ only at m = L−2, so fixed:3,1 on parity:L=4 has E KL = 0. A log axis cannot
    # draw it, so the caption must name it. The product law has no figure at all.
    directory, _, _ = written_report

    markdown = (directory / "report.md").read_text()
    parity_section = markdown.split("### parity:L=4: exact KL against K")[1].split("###")[0]
    assert "Not drawn" in parity_section
    assert "fixed" in parity_section.split("Not drawn")[1]
    assert "### product:L=4,p=0.3: no figure" in markdown
    assert "Log axes cannot show zero" in markdown


def test_results_json_lists_figures(written_report):
    directory, _, payload = written_report

    results = json.loads((directory / "results.json").read_text())
    assert results["rows"] == json.loads(json.dumps(payload["rows"]))
    files = [record["file"] for record in results["figures"] if record["file"]]
    links = image_links((directory / "report.md").read_text())
    assert files == links
    for record in results["figures"]:
        assert record["caption"]
    product = [record for record in results["figures"]
               if record["distribution"] == "product:L=4,p=0.3"]
    assert len(product) == 1
    assert product[0]["file"] is None


def test_report_in_bits(tmp_path):
    result = run_plan(RunPlan(distributions=("repetition:L=4",),
                              schedules=("balanced", "random-tc")))
    write(tmp_path, result, unit="bits")

    assert_complete_report(tmp_path)
    results = json.loads((tmp_path / "results.json").read_text())
    captions = [record["caption"] for record in results["figures"]]
    assert any("in bits" in caption for caption in captions)
    assert not any("in nats" in caption for caption in captions)


def test_report_rejects_unknown_unit(small_run, tmp_path):
    with pytest.raises(ValueError, match="unit"):
        write(tmp_path, small_run, unit="bans")


def test_report_curves_match_run(tmp_path, caplog):
    # The figures recompute E KL at every K; at the run's K they must agree with the run.
    result = run_plan(RunPlan(distributions=("markov:L=5,flip=0.2",), quick=True))
    with caplog.at_level(logging.WARNING, logger="verifier.report"):
        write(tmp_path, result)

    assert not [record for record in caplog.records if record.name == "verifier.report"]


def test_report_warns_on_disagreement(tmp_path, caplog):
    result = run_plan(RunPlan(distributions=("markov:L=5,flip=0.2",), schedules=("balanced",)))
    result.reports[0].expected_kl += 1e-3

    with caplog.at_level(logging.WARNING, logger="verifier.report"):
        write(tmp_path, result)

    messages = [record.getMessage() for record in caplog.records
                if record.name == "verifier.report"]
    assert len(messages) == 1
    assert "differs from the run's" in messages[0]


def test_report_law_that_cannot_be_rebuilt(tmp_path):
    table = np.array([[0.4, 0.1], [0.1, 0.4]])
    table = np.einsum("ab,c->abc", table, [0.5, 0.5])
    path = tmp_path / "law.npy"
    np.save(path, table)
    result = run_plan(RunPlan(distributions=(str(path),), schedules=("balanced", "fixed")))
    path.unlink()

    write(tmp_path / "out", result)

    markdown = assert_complete_report(tmp_path / "out")
    assert "could not be rebuilt" in markdown


def test_report_through_command_line(tmp_path, monkeypatch, capsys):
    plan = RunPlan(distributions=("parity:L=4", "product:L=3,p=0.3"),
                   schedules=("balanced", "random-tc", "ccl-dtc"), quick=True)
    monkeypatch.setattr(cli, "QUICK_PLAN", plan)
    if hasattr(cli, "_write_report"):
        # Until command_run calls write_report with its RunResult, route the old writer, which
        # receives no result, through it. Once command_run is wired, these patches are unused.
        recorded = {}
        original_run_plan = cli.run_plan

        def recording_run_plan(plan, progress=None):
            recorded["result"] = original_run_plan(plan, progress=progress)
            return recorded["result"]

        def routed_write_report(directory, payload, table, summary, unit):
            report.write_report(directory, recorded["result"], payload, table, summary, unit)

        monkeypatch.setattr(cli, "run_plan", recording_run_plan)
        monkeypatch.setattr(cli, "_write_report", routed_write_report)

    code = cli.main(["run", "--quick", "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()

    assert code == 0, captured.err
    assert_complete_report(tmp_path / "out")
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert results["summary"]["holds"] is True
    assert len(results["rows"]) == len(run_plan(plan).reports)
