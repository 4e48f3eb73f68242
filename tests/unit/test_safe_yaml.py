"""User YAML (scenarios, mapping files, risk.yml): refused quickly, in one line with file and line."""

from pathlib import Path

import pytest

from commissioning_analytics.errors import ConfigError
from commissioning_analytics.io.register import read_mapping
from commissioning_analytics.model.risk import load_risk_config
from commissioning_analytics.model.scenarios import load_scenario
from commissioning_analytics.safe_yaml import MAX_YAML_BYTES, load_yaml

pytestmark = pytest.mark.unit

# The "billion laughs" of YAML: nine levels of nine aliases, a 10^9-element list from ~600 bytes.
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)


def one_line(error: ConfigError) -> str:
    lines = error.value.lines()
    assert len(lines) == 1 and "\n" not in lines[0]
    return lines[0]


def test_alias_bomb_is_refused_at_its_first_anchor(tmp_path: Path):
    path = tmp_path / "bomb.yml"
    path.write_text(ALIAS_BOMB)
    assert len(ALIAS_BOMB) < 700
    for reader in (load_yaml, load_scenario, read_mapping, load_risk_config):
        with pytest.raises(ConfigError) as caught:
            reader(path)
        assert one_line(caught) == (
            f"{path}: refused at line 1: anchors and aliases (&name, "
            "*name) are not allowed in this file; write each value out"
        )


def test_a_merge_key_needs_an_alias_and_is_refused(tmp_path: Path):
    path = tmp_path / "merge.yml"
    path.write_text("base: {shift_months: 1}\nchanges:\n  - <<: *base\n")
    with pytest.raises(ConfigError, match=r"merge\.yml: refused at line 3: anchors"):
        load_yaml(path)


def test_a_file_saved_in_windows_1252_names_the_line(tmp_path: Path):
    path = tmp_path / "cp1252.yml"
    path.write_bytes(
        "name: Café scenario\nchanges:\n  - theme: Planned Care\n    shift_months: 3\n".replace(
            "name: Café", "name: Caf\u00e9"
        ).encode("cp1252")
    )
    with pytest.raises(ConfigError) as caught:
        load_scenario(path)
    assert one_line(caught) == (
        f"{path}: not UTF-8 text at line 1 (byte 0xe9); save it as "
        "UTF-8 (in Notepad: Save as, Encoding UTF-8)"
    )


def test_a_utf8_byte_order_mark_is_fine(tmp_path: Path):
    path = tmp_path / "bom.yml"
    path.write_bytes("\ufeffname: Café\n".encode("utf-8"))
    assert load_yaml(path) == {"name": "Café"}


@pytest.mark.parametrize("value", ["100000000000000000000", ".inf", "-.inf", ".nan", "1.0e+300"])
def test_unusable_numbers_are_refused_with_the_line(tmp_path: Path, value):
    path = tmp_path / "s.yml"
    path.write_text(f"name: s\nchanges:\n  - theme: Planned Care\n    shift_months: {value}\n")
    with pytest.raises(ConfigError) as caught:
        load_scenario(path)
    assert one_line(caught).startswith(
        f"{path}: refused at line 4: '{value}' is not a usable number"
    )


def test_scenario_phase_true_is_not_phase_one(tmp_path: Path):
    path = tmp_path / "s.yml"
    path.write_text("name: s\nchanges:\n  - phase: true\n    shift_months: 3\n")
    with pytest.raises(
        ConfigError,
        match=r"changes\[0\]\.phase: expected phase numbers 1-4, "
        r"got True",
    ):
        load_scenario(path)


def test_a_yaml_syntax_error_is_one_line_with_the_line(tmp_path: Path):
    path = tmp_path / "layout.yml"
    path.write_text("columns:\n  Ref: scheme_id\n  Initiative: [scheme\n  Start: go_live\n")
    with pytest.raises(ConfigError) as caught:
        read_mapping(path)
    line = one_line(caught)
    assert line.startswith(f"{path}: not valid YAML at line ") and len(line) < 300


def test_deep_nesting_and_size_are_bounded(tmp_path: Path):
    deep = tmp_path / "deep.yml"
    deep.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(ConfigError, match="nested more than 32 levels deep"):
        load_yaml(deep)
    big = tmp_path / "big.yml"
    big.write_text("# padding\n" * (MAX_YAML_BYTES // 10 + 1))
    with pytest.raises(ConfigError, match="larger than 1000 kB"):
        load_yaml(big)


def test_missing_and_folder(tmp_path: Path):
    with pytest.raises(ConfigError, match="no such file"):
        load_yaml(tmp_path / "nope.yml")
    with pytest.raises(ConfigError, match="is a folder"):
        load_yaml(tmp_path)


def test_an_added_scheme_with_phase_true_is_refused(tmp_path: Path):
    path = tmp_path / "s.yml"
    path.write_text(
        "name: s\nchanges:\n  - add:\n      - scheme_id: N1\n        scheme: New\n"
        "        go_live: 2026-09\n        fye_net_saving: 1200\n        phase: true\n"
    )
    with pytest.raises(ConfigError, match=r"add\[0\]\.phase: expected 1-4, got True"):
        load_scenario(path)
