"""bzpeer.text: the one fold, name key, name variants and slug rule."""

import pytest

from bzpeer.text import fold, name_key, name_variants, not_a_person, slugify, unique_slug


@pytest.mark.parametrize(
    ("key", "variants"),
    [
        ("zhi gang wang", ["zhi gang wang", "zhigang wang"]),
        ("zhigang wang", ["zhigang wang"]),
        ("z g wang", ["z g wang"]),
        ("adrian del maestro", ["adrian del maestro"]),
        ("ludwig van der waals", ["ludwig van der waals"]),
        ("jan de la cruz maria", ["jan de la cruz maria"]),
        ("wang", ["wang"]),
        ("", []),
    ],
)
def test_name_variants_join_given_names_and_keep_particles_with_the_surname(key, variants):
    assert name_variants(key) == variants


def test_one_fold_for_every_comparison():
    assert fold("Guanglu Sóng") == "guanglu song"
    assert fold("Møller Straße") == "moller strasse"
    assert name_key("Bal\\'azs, C.-P.") == "balazs c p"


def test_slugs_are_ascii_and_unique_within_a_batch():
    assert slugify("Jørgen Møller") == "jorgen-moller"
    assert slugify("???", fallback="researcher") == "researcher"
    taken = {"wei-wang"}
    assert [unique_slug("Wei Wang", taken=taken) for _ in range(2)] == ["wei-wang-2", "wei-wang-3"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("Deleted Author", "placeholder"),
        ("The BABAR Collaboration", "organisation"),
        ("CMS Collaboration", "organisation"),
        ("Greenhouse Lab", "organisation"),
        ("HFLAV Working Group", "organisation"),
        ("Nora B. Whyte and Susan M. Duncan", "several people"),
        ("Smith & Jones", "several people"),
        ("Guanglu Song", ""),
        ("Adrian Del Maestro", ""),
        ("R.C. Group", ""),  # Robert Craig Group, a physicist in the dev set
        ("Robert Craig Group", ""),
    ],
)
def test_names_that_are_not_one_person(name, reason):
    assert not_a_person(name) == reason
