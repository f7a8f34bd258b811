"""How strong a tie is, said as a predicate rather than by a tier word before 'partner':
small documents worded unlike the corpus texts."""

from pipeline import extract_text, rows

UVA = ("UvA", "University of Amsterdam", "NLD")


def _tiers(tmp_path, sentence: str) -> set[tuple[str, ...]]:
    text = f"University of Amsterdam and Asia\n\n{sentence}\n"
    return rows(
        extract_text(tmp_path, "uva_web", text, UVA)["partner_countries"], "country", "tier"
    )


def test_a_relationship_that_is_a_close_one(tmp_path):
    assert _tiers(tmp_path, "The university's relationship with Japan is a very close one.") == {
        ("Japan", "strong")
    }


def test_links_that_play_an_important_role(tmp_path):
    said = "Links with universities in Korea played an important role in its research policy."
    assert _tiers(tmp_path, said) == {("Korea", "significant")}


def test_a_country_that_is_an_important_one_named_twice(tmp_path):
    said = (
        "India is an increasingly important country for the UvA: Indian students form its "
        "second group."
    )
    assert _tiers(tmp_path, said) == {("Indian", "significant")}  # both name India


def test_cooperation_in_a_country_that_is_well_established(tmp_path):
    said = (
        "It works in public health, where the UvA's cooperation in Indonesia is well established."
    )
    assert _tiers(tmp_path, said) == {("Indonesia", "strong")}
