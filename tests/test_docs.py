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


def test_editor_schemas_are_generated_from_the_models() -> None:
    import json

    from generator.schema_docs import json_schemas

    for name, schema in json_schemas().items():
        committed = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
        assert committed == schema, f"run: python -m generator.schema_docs --skema ({name})"


def test_every_example_file_passes_its_editor_schema() -> None:
    import datetime as dt
    import json

    import jsonschema
    import yaml

    def plain(value: object) -> object:
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value.isoformat() if isinstance(value, dt.date) else value

    files = [*ROOT.glob("data/**/*.yaml"), *ROOT.glob("tests/fixtures/minimal/**/*.yaml")]
    for path in files:
        schema = json.loads(
            (ROOT / "schemas" / path.name.replace(".yaml", ".schema.json")).read_text(
                encoding="utf-8"
            )
        )
        jsonschema.validate(plain(yaml.safe_load(path.read_text(encoding="utf-8"))), schema)
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert set(settings["yaml.schemas"]) == {
        f"./schemas/{p.name}" for p in (ROOT / "schemas").glob("*.json")
    }


def test_schema_fields_carry_indonesian_descriptions() -> None:
    from generator.schema_docs import json_schemas

    described = sum(
        1
        for schema in json_schemas().values()
        for prop in schema.get("properties", {}).values()
        if "description" in prop
    )
    assert described >= 20


def test_field_descriptions_match_what_the_code_checks() -> None:
    """Shared glossary texts once described every field of the same name, wrongly for some."""
    from generator.schema.kecamatan import AnggaranTahunan
    from generator.schema.tahun import BarisRkt, Riwayat, TargetPk, TindakLanjut

    def described(model: type, name: str) -> str:
        return str(model.model_fields[name].description)  # type: ignore[attr-defined]

    assert "tuntas" in described(TindakLanjut, "status")
    assert "draf" not in described(TindakLanjut, "status")
    for model in (Riwayat, AnggaranTahunan):
        assert "nama folder" not in described(model, "tahun")
    for model in (TargetPk, BarisRkt):
        assert "Daftar" not in described(model, "indikator")
    reference = render_reference()
    assert "'tuntas'" in reference
    assert reference.count("harus sama dengan nama folder") == 1  # laporan.yaml's tahun only
