"""Extraction scored against the development corpus's gold facts (tests/corpus/)."""

import pytest

from analysis.evaluate import evaluate, same_partner


@pytest.fixture(scope="module")
def evaluation():
    return evaluate()


def test_the_seed_and_the_second_profile_give_every_fact_and_nothing_else(evaluation):
    for doc_id in ("cnrs_asean_profile", "dfg_asia_profile"):
        score = evaluation.by_document[doc_id]
        assert score.wrong == 0, evaluation.report(details=True)
    assert evaluation.by_document["cnrs_asean_profile"].recall == 1.0, evaluation.report()


# Written after the rules, by people who had not seen them, to measure how the rules hold
# on texts they were not tuned to: the team's own measure uses such unseen documents.
HELD_OUT = {
    # The sixth set, first measured at 71 % recall and 11 wrong rows.
    "edinburgh_india_institute_2013",
    "rwth_asia_profile_2020",
    "snsf_nsfc_mou_2016",
    # The fifth set, first measured at 62 % recall and 20 wrong rows.
    "aalto_asia_profile_2018",
    "heidelberg_kyoto_office_2015",
    "tudelft_csc_phd_news_2023",
    # The fourth set, first measured at 54 % recall and 5 wrong rows.
    "inria_asia_partnerships_web",
    "kit_asia_cooperation_annual_2016",
    "uppsala_asia_agreements_news_2019",
    # The third set, first measured at 51 % recall and 5 wrong rows.
    "fuberlin_new_delhi_office_2012",
    "imperial_csc_talent_programme_2015",
    "leiden_indonesia_partners_2025",
    # The second set, first measured at 54 % recall and 13 wrong rows.
    "cnr_asia_profile_2025",
    "eth_annual_report_2018_asia",
    "helsinki_asia_partners_web",
    "inra_caas_lia_2019",
    "inserm_china_cdc_mou_2014",
    "um_csc_phd_candidates_2024",
    # The first set, first measured at 46 % recall and 6 wrong rows.
    "cirad_crd_talent_mou_2023",
    "csic_asia_partners_by_country",
    "epfl_china_agreements_renewed_2013",
    "karolinska_singapore_china_doctoral_links",
    "kuleuven_vietnam_qnu_phd_2025",
    "leibniz_asia_profile_2013",
    "oeaw_annual_report_2014_asia",
    "tum_global_asia_locations",
}


def _subset(evaluation, doc_ids) -> tuple[float, int]:
    scores = [evaluation.by_document[d] for d in doc_ids]
    return sum(s.found for s in scores) / sum(s.gold for s in scores), sum(s.wrong for s in scores)


def test_the_development_documents_meet_the_targets(evaluation):
    """The issue's targets on the documents the rules were developed on: at least 90 %
    recall, no wrong row; the report names every miss and wrong row when it falls short."""
    recall, wrong = _subset(evaluation, set(evaluation.by_document) - HELD_OUT)
    assert recall >= 0.9 and wrong == 0, evaluation.report(details=True)


def test_the_held_out_documents_do_not_fall_below_their_measured_level(evaluation):
    """Not the target (80 %, 0 wrong): the level last measured on these documents (79.4 %
    recall, 15 wrong rows), so a change that loses facts or adds wrong rows fails."""
    recall, wrong = _subset(evaluation, HELD_OUT)
    assert recall >= 0.794 and wrong <= 15, evaluation.report(details=True)


def test_partner_names_match_by_their_words_or_acronym():
    assert same_partner("Kyoto University", "Kyoto University", "")
    assert same_partner(
        "Vietnam Academy of Science and Technology",
        "Vietnam Academy of Science and Technology",
        "VAST",
    )
    assert not same_partner("Kyoto University", "University of Tokyo", "")
