"""A system data folder (io/system.py): its organisations, their names and kinds, the setting."""

from __future__ import annotations

import pytest

from commissioning_analytics.errors import UserError
from commissioning_analytics.io.system import is_system, read_system

pytestmark = pytest.mark.integration


def folder(tmp_path, *codes):
    for code in codes:
        (tmp_path / "organisations" / code).mkdir(parents=True)
    return tmp_path


def test_names_and_kinds_from_organisations_yml(tmp_path):
    root = folder(tmp_path, "B-TRUST", "A-ICB")
    (root / "organisations.yml").write_text(
        "A-ICB: {name: NHS A ICB, kind: icb}\nB-TRUST:\n  name: B Hospitals\n  kind: Trust\n"
    )
    system = read_system(root)
    assert is_system(root)
    assert [(o.code, o.name, o.kind) for o in system.organisations] == [
        ("A-ICB", "NHS A ICB", "ICB"),
        ("B-TRUST", "B Hospitals", "trust"),
    ]
    assert system.double_counting == "show" and not system.deduct
    assert any("no system.yml" in note for note in system.notes)


def test_without_names_file_organisations_are_named_by_folder_and_that_is_said(tmp_path):
    system = read_system(folder(tmp_path, "X"))
    assert [(o.code, o.name, o.kind) for o in system.organisations] == [("X", "X", "")]
    assert any("no organisations.yml" in note for note in system.notes)


def test_names_from_csv_and_the_deduct_setting(tmp_path):
    root = folder(tmp_path, "C1")
    (root / "organisations.csv").write_text("Code,Name,Kind\nC1,City Council,council\n")
    (root / "system.yml").write_text("double_counting: deduct\n")
    system = read_system(root)
    assert system.organisations[0].name == "City Council"
    assert system.deduct


def test_an_unknown_kind_is_refused_naming_the_file_and_code(tmp_path):
    root = folder(tmp_path, "Z")
    (root / "organisations.yml").write_text("Z: {name: Zed, kind: hospice}\n")
    with pytest.raises(UserError, match=r"organisations\.yml: Z: kind 'hospice'"):
        read_system(root)


def test_a_plain_data_folder_is_not_a_system(tmp_path):
    assert not is_system(tmp_path)
