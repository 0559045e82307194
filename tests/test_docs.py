"""User documentation cannot drift from the code."""

from pathlib import Path

from generator.schema_docs import render_reference

ROOT = Path(__file__).parents[1]


def test_data_reference_is_generated_from_the_schema() -> None:
    committed = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    assert committed == render_reference(), "run: python -m generator.schema_docs > docs/data.md"


def test_readme_documents_every_command() -> None:
    from generator.cli import _parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    subparsers = _parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for command in subparsers:
        assert f"lkjip {command}" in readme, command


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = ci.strip().splitlines()[-1]
    assert f"```sh\n{command}\n```" in readme
