"""Offices named after the institution, parties introduced with a possessive, and years a
sentence takes from the one before: small documents worded unlike the corpus texts."""

from pipeline import extract_text, rows


def test_a_centre_carrying_the_institutions_name_is_its_office(tmp_path):
    tables = extract_text(
        tmp_path,
        "kit_news",
        "KIT news\n\nThe Karlsruhe Institute of Technology (KIT) works with partners in Asia. "
        "The Vietnam-KIT Centre (VKC) was set up in 2012 in Hanoi. In 2016 came the "
        "opening of the KIT Liaison Office Beijing.\n",
        ("KIT", "Karlsruhe Institute of Technology", "DEU"),
    )
    assert rows(tables["events"], "event_type", "year", "place", "country") == {
        ("office_opened", "2012", "", "Vietnam"),  # cleaning adds the country of a place
        ("office_opened", "2016", "Beijing", ""),
    }


def test_a_partner_after_a_possessive_is_the_party_and_its_country_is_the_maps(tmp_path):
    tables = extract_text(
        tmp_path,
        "kth_news",
        "KTH news\n\nKTH Royal Institute of Technology signed a memorandum in 2015 with "
        "the island state's Nanyang Technological University (NTU), whose campus "
        "hosts the new programme.\n",
        ("KTH", "KTH Royal Institute of Technology", "SWE"),
    )
    assert rows(tables["agreements"], "partner", "year") == {
        ("Nanyang Technological University", "2015")
    }
    assert set(tables["agreements"].country) == {"Singapore"}


def test_there_refers_back_to_the_year_of_the_visit(tmp_path):
    tables = extract_text(
        tmp_path,
        "uu_report",
        "Uppsala University annual report\n\nIn October 2018 the rector visited Jakarta. "
        "There the university concluded an agreement with Gadjah Mada University.\n",
        ("Uppsala University", "Uppsala University", "SWE"),
    )
    assert rows(tables["agreements"], "partner", "year") == {("Gadjah Mada University", "2018")}


def test_the_memorandum_of_the_sentence_before_is_renewed_with_its_partner(tmp_path):
    tables = extract_text(
        tmp_path,
        "lund_report",
        "Lund University annual report\n\nA memorandum with Seoul National University was "
        "signed in 2009. Extended in 2019, the memorandum now covers doctoral exchanges.\n",
        ("Lund University", "Lund University", "SWE"),
    )
    assert rows(tables["agreements"], "partner", "action", "year") == {
        ("Seoul National University", "signed", "2009"),
        ("Seoul National University", "renewed", "2019"),
    }


def test_a_renewed_cooperation_with_national_archives_is_an_agreement_renewed(tmp_path):
    tables = extract_text(
        tmp_path,
        "kitlv_web",
        "KITLV and Asia\n\n- 2021: KITLV and the National Library of Thailand renewed their "
        "cooperation on manuscripts.\n",
        ("KITLV", "Royal Netherlands Institute of Southeast Asian and Caribbean Studies", "NLD"),
    )
    assert rows(tables["agreements"], "partner", "action", "year") == {
        ("National Library of Thailand", "renewed", "2021")
    }


def test_partners_that_followed_an_agreement_signed_the_same_kind(tmp_path):
    tables = extract_text(
        tmp_path,
        "uu_profile",
        "Utrecht University in Japan\n\nUtrecht University concluded an accord with Kyoto "
        "University in 2005. In 2008 followed Osaka University, and in 2012 Tohoku "
        "University.\n",
        ("Utrecht University", "Utrecht University", "NLD"),
    )
    assert rows(tables["agreements"], "partner", "year") == {
        ("Kyoto University", "2005"),
        ("Osaka University", "2008"),
        ("Tohoku University", "2012"),
    }


def test_coordinating_partners_of_a_named_institute_joined_it(tmp_path):
    tables = extract_text(
        tmp_path,
        "aalto_web",
        "Aalto University and China\n\n- 2017: Aalto and Tongji University become the "
        "coordinating partners of the Sino-Finnish Design Factory Network.\n",
        ("Aalto", "Aalto University", "FIN"),
    )
    assert rows(tables["events"], "event_type", "year", "label") == {
        ("network_joined", "2017", "Sino-Finnish Design Factory Network")
    }


def test_a_predecessor_of_the_institution_signs_for_it(tmp_path):
    tables = extract_text(
        tmp_path,
        "aalto_history",
        "Aalto University history\n\nIn 1998 the Helsinki University of Technology, one "
        "predecessor of Aalto University, signed an agreement with Tsinghua University. In "
        "2005 the Helsinki University of Technology and Tongji University concluded a "
        "memorandum.\n",
        ("Aalto", "Aalto University", "FIN"),
    )
    assert rows(tables["agreements"], "partner", "action", "year") == {
        ("Tsinghua University", "signed", "1998"),
        ("Tongji University", "signed", "2005"),  # not the Helsinki University of Technology
    }


def test_under_a_heading_of_two_countries_a_partner_takes_the_one_named_last(tmp_path):
    tables = extract_text(
        tmp_path,
        "aalto_report",
        "Aalto University in Asia\n\nChina is where most of the projects are; China and "
        "Chinese partners come first.\n\nJapan and Korea\nThe ties with Japanese "
        "universities go back to 1995. In 2008 Aalto University signed a memorandum with "
        "the Research Institute for Sustainable Humanosphere.\n",
        ("Aalto", "Aalto University", "FIN"),
    )
    assert rows(tables["agreements"], "partner", "country", "year") == {
        ("Research Institute for Sustainable Humanosphere", "Japanese", "2008")
    }


def test_a_partner_keeps_the_year_on_the_side_of_its_signing(tmp_path):
    tables = extract_text(
        tmp_path,
        "lund_news",
        "Lund University news\n\nChina: Lund University joined the Sino-Swedish network in "
        "2009, and a new agreement with Zhejiang University was signed in March 2014.\n",
        ("Lund", "Lund University", "SWE"),
    )
    assert rows(tables["agreements"], "partner", "year") == {("Zhejiang University", "2014")}


def test_what_an_agreement_sets_out_to_build_is_not_a_party_to_it(tmp_path):
    tables = extract_text(
        tmp_path,
        "lund_press",
        "Lund signs with Zhejiang\n\nIn 2019 Lund University and Zhejiang University signed "
        "an agreement to develop the Sino-Swedish Energy Centre on the Hangzhou campus.\n",
        ("Lund", "Lund University", "SWE"),
    )
    assert rows(tables["agreements"], "partner", "year") == {("Zhejiang University", "2019")}


def test_an_institution_called_by_the_acronym_its_name_starts_with(tmp_path):
    tables = extract_text(
        tmp_path,
        "kth_partners",
        "KTH in Asia\n\nJapan is KTH's closest partner country in Asia, and collaboration "
        "between KTH and Korea is now well established. Singapore is one of the key "
        "countries in KTH's strategy.\n",
        ("KTH Stockholm", "KTH Royal Institute of Technology", "SWE"),
    )
    assert rows(tables["partner_countries"], "country", "tier") == {
        ("Japan", "main"),
        ("Korea", "strong"),
        ("Singapore", "main"),
    }


def test_when_the_two_sides_sign_the_parties_are_the_two_and_nobody_else_named(tmp_path):
    tables = extract_text(
        tmp_path,
        "kth_history",
        "KTH history\n\nKTH advised Seoul National University on its engineering courses "
        "in 1946; in 1972 the two concluded the first exchange agreement between a "
        "Swedish and a Korean university. In 2004 the two universities signed a memorandum "
        "that the Korean Ministry of Education approved in 2005.\n",
        ("KTH Stockholm", "KTH Royal Institute of Technology", "SWE"),
    )
    assert rows(tables["agreements"], "partner", "year") == {
        ("Seoul National University", "1972"),
        ("Seoul National University", "2004"),
    }


def test_a_named_centre_partners_run_together_is_a_joint_lab_and_a_programme_is_not(tmp_path):
    tables = extract_text(
        tmp_path,
        "kth_centres",
        "KTH centres\n\nThe Sino-Swedish Centre for Clean Energy in Wuhan is operated jointly "
        "by KTH and Huazhong University. A master's programme in Tokyo is run jointly with "
        "Keio University.\n",
        ("KTH Stockholm", "KTH Royal Institute of Technology", "SWE"),
    )
    assert rows(tables["joint_labs"], "country") == {("Wuhan",)}  # raw rows keep the place


def test_a_year_opening_a_sentence_dates_its_own_clause_not_the_next(tmp_path):
    tables = extract_text(
        tmp_path,
        "lund_update",
        "Lund update\n\n2016 - Lund University opened an office in Tokyo.\nLast year Zhejiang "
        "University set up its Nordic Centre on our campus; the new office in Hangzhou "
        "works closely with it.\nLast year a delegation went to Korea; our office in Busan "
        "had opened in 2019.\n",
        ("Lund", "Lund University", "SWE"),
        date="2021-03-01",
    )
    # '2016 -' heads its line; 'Last year' (2020) heads no line, and dates no clause after
    # ';'. The centre a partner set up on the campus is the partner's.
    assert rows(tables["events"], "event_type", "year", "place") == {
        ("office_opened", "2016", "Tokyo"),
        ("office_opened", "2019", "Busan"),
    }
