"""The shipped vocabularies load, hold the agreed codes, and say what they should."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from amanat.vocab import (
    VocabularyError,
    all_vocabularies,
    parse_vocabulary,
    vocabulary,
    vocabulary_names,
)


def _codes(words: str) -> list[str]:
    return words.split()


# The agreed codes, in file order.  Codes are stored in records, so changing one is a
# migration, not an edit: this list makes such a change show up in review.
EXPECTED_CODES: dict[str, list[str]] = {
    "tlp": ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"],
    "language": _codes("ru kk ky uz tg tk en tr ar fa ps uk az zh de fr"),
    "script": ["Cyrl", "Latn", "Arab", "Zyyy"],
    "organisation_kind": _codes(
        "police interior_ministry prosecutor court border_service customs drug_control "
        "financial_intelligence regional_centre international_org ngo research_media "
        "other_government"
    ),
    "sex": ["female", "male", "unknown"],
    "gender_identity": _codes("woman man transgender non_binary other not_recorded"),
    "name_kind": _codes("primary alias maiden previous nickname"),
    "document_type": _codes(
        "national_passport international_passport id_card residence_permit birth_certificate "
        "driving_licence migration_card work_permit visa other"
    ),
    "address_kind": _codes("residence registration workplace last_known other"),
    "place_kind": _codes(
        "country region district city village border_crossing airport seaport railway_station "
        "checkpoint storage_facility farm construction_site address other"
    ),
    "group_kind": _codes("organised_crime_group company clan gang network armed_group other"),
    "case_type": _codes("tip smuggling drugs arms corruption money_laundering"),
    "case_status": _codes("reported investigation prosecution trial appeal suspended closed"),
    "case_role": _codes("suspect accused convicted acquitted victim witness facilitator"),
    "perpetrator_role": _codes(
        "RecruiterOrIntermediary Transporter BrokerTravelAgent Smuggler Abuser Kidnapper "
        "Exploiter Organiser Courier Financier Supplier Other"
    ),
    "facilitator_kind": _codes(
        "border_guard police customs immigration lawyer accountant banker real_estate_agent "
        "transport_network fuel_network document_forger other"
    ),
    "pipeline_stage": _codes(
        "reported investigation_opened suspect_identified arrested extradited charged "
        "prosecuted trial_opened convicted acquitted dismissed sentenced appeal_decided"
    ),
    "appeal_outcome": _codes(
        "upheld overturned sentence_reduced sentence_increased retrial_ordered"
    ),
    "trafficking_status": ["PossibleVictim", "ActualVictim", "NotAVictim"],
    "status_decider": _codes("Police NGO CourtOrProsecution OtherGovernment Other"),
    "exploitation_form": _codes(
        "ForcedLabour SexualExploitation ChildLabour ForcedMarriage Servitude "
        "ForcedMilitaryByNonStateActors OrganRemoval ForcedBegging ForcedAdoption Surrogacy "
        "Other"
    ),
    "sex_exploitation_type": _codes(
        "Prostitution Pornography RemoteInteractiveServices PrivateSexualServices"
    ),
    "labour_sector": _codes(
        "Agriculture Aquafarming Begging Construction DomesticWork Hospitality "
        "IllicitActivities Manufacturing MiningOrDrilling Peddling Transportation Other"
    ),
    "means_of_control": _codes(
        "DebtBondage TakesEarnings RestrictsFinancialAccess Threats PsychologicalAbuse "
        "PhysicalAbuse SexualAbuse FalsePromises PsychoactiveSubstances RestrictsMovement "
        "RestrictsMedicalCare ExcessiveWorkingHours UsesChildren ThreatOfLawEnforcement "
        "WithholdsNecessities WithholdsDocuments Other"
    ),
    "recruitment_method": _codes(
        "AtAPlaceOfBusiness AtAnEducationalInstitution AtWork ThroughOnlineSocialNetworks "
        "ThroughAnOnlineAdvertisement ThroughATelevisionAdvert ThroughANewspaperAdvert "
        "ThroughFamilyOrFamilyEvents ThroughFriendsOrSocialEvents Other"
    ),
    "recruiter_relationship": _codes("IntimatePartner Family Friend Acquaintance Stranger Unknown"),
    "movement_stage": _codes("recruitment transit exploitation identification return"),
    "assistance_kind": _codes(
        "shelter medical psychosocial legal repatriation reintegration financial "
        "vocational_training education interpretation"
    ),
    "assistance_status": _codes(
        "referred accepted in_progress completed declined_by_victim refused_by_provider"
    ),
    "consent_purpose": ["assistance", "prosecution", "research", "discovery"],
    "discoverability": ["none", "anonymous", "country", "organisation"],
    "legal_basis": _codes(
        "bilateral_agreement regional_agreement mla_request interpol_notice other"
    ),
    "substance": _codes(
        "heroin opium morphine poppy_straw hashish cannabis_herb cocaine methamphetamine "
        "amphetamine mdma mephedrone alpha_pvp synthetic_cannabinoids tramadol "
        "acetic_anhydride other"
    ),
    "weapon_type": _codes(
        "pistol revolver rifle hunting_rifle assault_rifle carbine shotgun submachine_gun "
        "machine_gun sniper_rifle grenade_launcher grenade improvised_firearm "
        "converted_firearm other"
    ),
    "relationship_kind": _codes(
        "family clan associate member_of leads employed_by owns operates pays"
    ),
    "source_kind": _codes(
        "agency_record court_decision ngo_report media researcher open_source hotline informant"
    ),
    "reliability": list("ABCDEF"),
    "credibility": ["1", "2", "3", "4", "5", "6"],
    "handling_code": ["H0", "H1", "H2", "H3"],
    "distribution": _codes("owner named group community"),
    "currency": _codes("USD EUR RUB KZT KGS UZS TJS TMT TRY AED AFN CNY"),
    "age_band": _codes("0-8 9-17 18-20 21-23 24-26 27-29 30-38 39-47 48+"),
}
# country is checked by its own tests: 249 codes are better checked by rule than by list.
EXPECTED_NAMES = {*EXPECTED_CODES, "country"}
ORDERED = {"tlp", "pipeline_stage", "reliability", "handling_code", "age_band", "distribution"}

CYRILLIC = re.compile("[А-Яа-яЁё]")
# What PyYAML makes of an empty value or a bare yes/no, once the loader calls str() on it.
YAML_ACCIDENTS = {"None", "True", "False"}


def test_the_shipped_vocabularies_are_the_agreed_ones() -> None:
    assert set(vocabulary_names()) == EXPECTED_NAMES


@pytest.mark.parametrize("name", sorted(EXPECTED_NAMES))
def test_vocabulary_loads_and_is_well_formed(name: str) -> None:
    vocab = vocabulary(name)
    assert vocab.name == name
    assert vocab.source.strip()
    assert vocab.ordered == (name in ORDERED)
    for term in vocab:
        assert re.fullmatch(r"\S+", term.code), term.code
        assert CYRILLIC.search(term.labels["ru"]), (name, term.code)
        assert not CYRILLIC.search(term.labels["en"]), (name, term.code)
        values = {term.code, *term.labels.values(), *term.attrs.values()}
        assert not values & YAML_ACCIDENTS, (name, term.code)


@pytest.mark.parametrize("name", sorted(EXPECTED_CODES))
def test_vocabulary_holds_the_agreed_codes_in_order(name: str) -> None:
    assert vocabulary(name).codes() == EXPECTED_CODES[name]


def test_every_iso_country_is_there_with_its_codes() -> None:
    country = vocabulary("country")
    assert len(country) >= 240
    kz = country.term("KZ")
    assert kz.attrs["alpha3"] == "KAZ"
    assert kz.attrs["numeric"] == "398"
    assert country.label("KZ", "ru") == "Казахстан"
    assert country.label("KZ", "kk") == "Қазақстан"
    assert country.label("RU") == "Russia"
    assert country.label("RU", "ru") == "Россия"
    # A bare NO is false in YAML 1.1; Norway must survive as a code.
    assert country.label("NO") == "Norway"
    assert country.term("AF").attrs["numeric"] == "004"  # leading zeros kept


def test_country_codes_follow_iso_shapes_and_are_unique() -> None:
    country = vocabulary("country")
    alpha3 = [t.attrs["alpha3"] for t in country]
    numeric = [t.attrs["numeric"] for t in country]
    assert all(re.fullmatch(r"[A-Z]{2}", t.code) for t in country)
    assert all(re.fullmatch(r"[A-Z]{3}", a) for a in alpha3)
    assert all(re.fullmatch(r"\d{3}", n) for n in numeric)
    assert len(set(alpha3)) == len(alpha3) == len(set(numeric))


def test_central_asia_is_the_five_republics() -> None:
    region = {t.code for t in vocabulary("country") if t.attrs.get("region") == "central_asia"}
    assert region == {"KZ", "KG", "UZ", "TJ", "TM"}


def test_pipeline_stages_are_ordered_and_grouped() -> None:
    stages = list(vocabulary("pipeline_stage"))
    orders = [int(t.attrs["order"]) for t in stages]
    assert orders[0] == 1
    assert all(a <= b for a, b in pairwise(orders))
    verdicts = {t.code: t.attrs["order"] for t in stages if t.attrs["order"] == "9"}
    assert set(verdicts) == {"convicted", "acquitted", "dismissed"}
    groups = [t.attrs["group"] for t in stages]
    expected = ["report", "investigation", "contact", "prosecution", "adjudication", "post"]
    assert list(dict.fromkeys(groups)) == expected  # each group once, in this order


def test_credibility_codes_are_strings() -> None:
    assert vocabulary("credibility").codes() == ["1", "2", "3", "4", "5", "6"]
    assert vocabulary("credibility").label("1") == "Confirmed by other sources"


def test_admiralty_and_handling_codes_rank_as_listed() -> None:
    assert vocabulary("reliability").rank("A") == 0
    assert vocabulary("reliability").label("F") == "Reliability cannot be judged"
    handling = vocabulary("handling_code")
    assert handling.rank("H0") < handling.rank("H3")
    assert "judicial" in handling.label("H1")
    assert "dissemination" in handling.label("H2")


def test_sex_exploitation_types_hang_under_sexual_exploitation() -> None:
    types = vocabulary("sex_exploitation_type")
    forms = vocabulary("exploitation_form")
    assert types.parent_vocabulary == "exploitation_form"
    for term in types:
        assert term.parent in forms
        assert term.parent == "SexualExploitation"


def test_labour_sectors_carry_isic_sections_where_one_fits() -> None:
    sectors = vocabulary("labour_sector")
    assert sectors.term("Construction").attrs["isic"] == "F"
    assert sectors.term("DomesticWork").attrs["isic"] == "T"
    assert all(re.fullmatch(r"[A-U]", t.attrs.get("isic", "A")) for t in sectors)


def test_substances_are_categorised() -> None:
    categories = {"opiate", "cannabis", "stimulant", "synthetic", "precursor", "other"}
    substances = vocabulary("substance")
    assert {t.attrs["category"] for t in substances} <= categories
    assert substances.term("acetic_anhydride").attrs["category"] == "precursor"


def test_age_bands_tile_the_ages_without_gaps() -> None:
    bands = list(vocabulary("age_band"))
    assert bands[0].attrs["min"] == "0"
    assert bands[-1].attrs["max"] == ""  # open top band
    for lower, upper in pairwise(bands):
        assert int(lower.attrs["max"]) + 1 == int(upper.attrs["min"])
    assert {t.code for t in bands if t.attrs["unodc"] == "minor"} == {"0-8", "9-17"}


def test_currencies_carry_iso_numbers() -> None:
    currency = vocabulary("currency")
    assert currency.term("KZT").attrs["numeric"] == "398"
    assert currency.label("RUB", "ru") == "Российский рубль"


def test_all_vocabularies_load_together() -> None:
    assert set(all_vocabularies()) == EXPECTED_NAMES


# --- the loader rejects malformed files -------------------------------------------------

SIX = "kk: Ә, ky: Ө, uz: Oʻ, tg: Ҷ"  # the four labels besides en and ru
HEADER = f"name: t\nlabel: {{en: Test, ru: Тест, {SIX}}}\nterms:\n"


def test_parse_accepts_a_minimal_vocabulary() -> None:
    vocab = parse_vocabulary("t", HEADER + f"  a: {{en: A, ru: А, {SIX}}}\n")
    assert vocab.codes() == ["a"]


def test_loader_rejects_a_duplicate_code() -> None:
    with pytest.raises(VocabularyError, match="duplicate key 'a'"):
        parse_vocabulary(
            "t", HEADER + f"  a: {{en: A, ru: А, {SIX}}}\n  a: {{en: B, ru: Б, {SIX}}}\n"
        )


def test_loader_rejects_a_missing_russian_label() -> None:
    with pytest.raises(VocabularyError, match="vocabulary 't', term 'a': missing 'ru' label"):
        parse_vocabulary("t", HEADER + "  a: {en: A, kk: А, ky: А, uz: A, tg: А}\n")


def test_loader_rejects_an_unknown_parent() -> None:
    with pytest.raises(VocabularyError, match="unknown parent 'zz'"):
        parse_vocabulary(
            "t",
            HEADER + f"  a: {{en: A, ru: А, {SIX}}}\n  b: {{en: B, ru: Б, {SIX}, parent: zz}}\n",
        )


def test_loader_rejects_a_name_that_is_not_the_file_name() -> None:
    with pytest.raises(VocabularyError, match="expected 'other'"):
        parse_vocabulary("other", HEADER + f"  a: {{en: A, ru: А, {SIX}}}\n")


def test_unknown_vocabulary_and_unknown_code_are_errors() -> None:
    with pytest.raises(VocabularyError, match="no vocabulary"):
        vocabulary("sentence_kind")
    with pytest.raises(VocabularyError, match="not a code"):
        vocabulary("sex").term("X")
