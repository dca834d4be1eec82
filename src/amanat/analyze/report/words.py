"""The report's own words, as msgids of Amanat's one gettext domain
(``amanat.language``): the report reads in any of its languages, each falling back
as ``amanat.language.i18n.FALLBACK`` says (Kazakh to Russian, then English).  Codes
(stages, countries, forms of exploitation) take their labels from the vocabularies;
these tables name only what the vocabularies do not, by the key the report's
analyses use (a statistics table's name, a measure, a category of perpetrator)."""

from __future__ import annotations

from collections.abc import Callable

from amanat.analyze.network.node_words import node_label
from amanat.language import i18n
from amanat.language.i18n import N_, Nn_
from amanat.vocab import vocabulary

MESSAGES: dict[str, str] = {
    "title": N_("Country report"),
    "scope": N_("Scope"),
    "country": N_("Country"),
    "year": N_("Year"),
    "period": N_("Period"),
    "generated": N_("Generated"),
    "as_of": N_("data as of"),
    "people_basis": N_("People are counted once however many agencies recorded them: %(basis)s."),
    "basis_resolved": N_("records linked by entity resolution"),
    "basis_no_tables": N_("no, each record counts (this register has no entity resolution)"),
    "basis_no_judgements": N_(
        "no, each record counts (entity resolution has linked no records yet)"
    ),
    "basis_none": N_("no, each record counts"),
    "period_cases": N_("Cases opened in %(period)s"),
    "period_trend": N_("Cases opened in %(period)s, by year opened"),
    "period_seizures": N_("Seizures and prosecutions in %(period)s"),
    "period_victims": N_("Victims identified in %(period)s"),
    "period_flows": N_("Victims identified and seizures made in %(period)s"),
    "period_seized": N_("Seizures made in %(period)s"),
    "period_networks": N_("Networks with a case opened in %(period)s"),
    "period_statistics": N_("Victims identified and persons prosecuted or convicted in %(period)s"),
    "no_records": N_("no records"),
    "other_countries": N_("other countries"),
    "map_victims": N_("Arrows: direction of travel; width and numbers: victims"),
    "map_drugs": N_("Arrows: direction of travel; width and numbers: kilograms"),
    "publication": N_("For publication: TLP:CLEAR records only, small counts suppressed"),
    "internal": N_("Internal: everything the user may see — do not publish"),
    "pipeline": N_("Justice pipeline"),
    "pipeline_note": N_(
        "Cases opened in the period, followed to where they are now. Conversion: share of"
        " the stage before."
    ),
    "trend": N_("Year on year"),
    "times": N_("Time from each stage to the next"),
    "times_note": N_(
        "Kaplan–Meier: share not yet at the next stage, by days; open cases censored at "
        "the analysis date."
    ),
    "median": N_("Median (days)"),
    "not_reached": N_("not reached"),
    "who": N_("Who reaches conviction"),
    "convicted_share": N_("Share convicted"),
    "seizures": N_("Seizures per prosecution"),
    "victims": N_("Victims identified and verdicts"),
    "flows": N_("Flows"),
    "victim_flows": N_("Victims: origin → transit → destination"),
    "drug_flows": N_("Drugs seized: origin → country of seizure → destination (kg)"),
    "arms_flows": N_("Weapons seized: origin → country of seizure → destination"),
    "origin": N_("Origin"),
    "transit": N_("Transit"),
    "destination": N_("Destination"),
    "direct": N_("direct"),
    "unknown": N_("unknown"),
    "total": N_("total"),
    "networks": N_("Networks"),
    "networks_withheld": N_("Network details are not published; only these counts are."),
    "statistics": N_("Statistics"),
    "statistics_note": N_(
        '"<5": 1 to 4; "x": hidden so that no small count can be worked out from the '
        'totals; "–": withheld.'
    ),
    "measure": N_("Measure"),
    "value": N_("Value"),
    "stage": N_("Stage"),
    "cases": N_("Cases"),
    "person_cases": N_("Persons in cases"),
    "reach_note": N_(
        "A person in a case counts once, with all the agencies' records of them; each "
        "column counts those who reached the stage."
    ),
    "conversion": N_("Conversion"),
    "category": N_("Category"),
    "no_data": N_("No records in scope."),
    "page": N_("Page"),
    "women": N_("women"),
    "men": N_("men"),
    "girls": N_("girls"),
    "boys": N_("boys"),
    "national": N_("nationals"),
    "foreign": N_("foreigners"),
    "0-17": N_("0–17 years"),
    "18+": N_("18 years and over"),
    "route": N_("Route"),
    "weapons": N_("Weapons"),
    "network": N_("Network"),
    "nodes": N_("Nodes"),
    "brokers": N_("Brokers"),
    "key_players": N_("Key players"),
    "facilitators_officials": N_("Facilitators / officials"),
    "overlap": N_("Active in more than one kind of trafficking"),
    "domains": N_("Domains"),
    "evidence": N_("Records"),
    "withheld": N_("Withheld: too few records to publish any cell safely."),
    "victims_sex_age": N_("Victims detected by sex and age"),
    "victims_form_sex": N_("Victims detected by form of exploitation and sex"),
    "victims_citizenship_sex": N_("Victims detected by citizenship and sex"),
    "glotip_victims": N_("GLOTIP: victims by sex/age group and form of exploitation"),
    "persons_prosecuted": N_("Persons prosecuted by sex and citizenship"),
    "persons_convicted": N_("Persons convicted by sex and citizenship"),
    "regional_victims": N_("Victims detected by country and sex"),
    "dp_note": N_(
        "Differentially private counts (ε = %(epsilon)s): noise added, totals summed from"
        " the noisy cells."
    ),
    "human": N_("human"),
    "drugs": N_("drugs"),
    "arms": N_("arms"),
}

CATEGORY: dict[str, str] = {
    "organiser": N_("Organisers and financiers"),
    "recruiter": N_("Recruiters and intermediaries"),
    "transporter_courier": N_("Transporters, couriers, smugglers"),
    "exploiter": N_("Exploiters"),
    "other": N_("Other perpetrators"),
    "facilitator": N_("Facilitators"),
    "official": N_("Public officials"),
}

MEASURES: dict[str, str] = {
    "identified": N_("Victims identified"),
    "linked_to_case": N_("Linked to a criminal case"),
    "case_reached_verdict": N_("Case reached a verdict"),
    "case_reached_conviction": N_("Case reached a conviction"),
    "drug_seizures": N_("Drug seizures"),
    "kg_seized": N_("Kilograms seized"),
    "persons_prosecuted_drugs": N_("Persons prosecuted (drugs)"),
    "persons_convicted_drugs": N_("Persons convicted (drugs)"),
    "kg_per_prosecution": N_("Kilograms per prosecution"),
    "kg_per_conviction": N_("Kilograms per conviction"),
    "courier_share_of_prosecuted": N_("Couriers' share of those prosecuted"),
    "weapons_seized": N_("Weapons seized"),
    "persons_prosecuted_arms": N_("Persons prosecuted (arms)"),
    "weapons_per_prosecution": N_("Weapons per prosecution"),
}

# A period of one year and of several, as each language writes years ("2024 г.").
ONE_YEAR = N_("%(year)s")
YEARS = N_("%(first)s–%(last)s")
NETWORKS_FOUND = Nn_(
    "%(count)s network of three or more people or groups",
    "%(count)s networks of three or more people or groups",
)
ACTORS_OVERLAPPING = Nn_(
    "%(count)s actor active in more than one of human, drug and arms trafficking.",
    "%(count)s actors active in more than one of human, drug and arms trafficking.",
)
# Codes a table shows that are not the report's own words, by the vocabulary to ask.
CODE_VOCABULARIES = ("sex", "exploitation_form", "country", "pipeline_stage", "case_type")


class Words:
    """The report's words in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE

    def _(self, message: str) -> str:
        return i18n.gettext(self.lang, message)

    def __call__(self, key: str, **values: object) -> str:
        text = self._(MESSAGES[key])
        return text % values if values else text

    def actor(self, key: str, label: str) -> str:
        """A network's actor as the web's network pages name it (``node_words``)."""
        return node_label(self._, key, label)

    def term(self, vocab: str, code: str) -> str:
        """A vocabulary label; the report's own word for direct/unknown; else the code."""
        if code in ("direct", "unknown", "total"):
            return self(code)
        terms = vocabulary(vocab)
        return i18n.in_language(terms.term(code).labels, self.lang) if code in terms else code

    def code(self, code: str) -> str:
        """Any code a table shows: the report's words, else the first vocabulary
        that knows it (sex, form of exploitation, country, stage)."""
        if code in MESSAGES:
            return self(code)
        for vocab in CODE_VOCABULARIES:
            if code in vocabulary(vocab):
                return self.term(vocab, code)
        return code

    def country(self, code: str) -> str:
        return self.term("country", code)

    def stage(self, code: str) -> str:
        return self.term("pipeline_stage", code)

    def period(self, first: int, last: int) -> str:
        """Years as the language writes them: "2020–2024", "2020–2024 гг.", "2024 г."."""
        if first == last:
            return self._(ONE_YEAR) % {"year": first}
        return self._(YEARS) % {"first": first, "last": last}

    def category(self, code: str) -> str:
        return self._(CATEGORY[code])

    def measure(self, code: str) -> str:
        if code.startswith("kg_") and code not in MEASURES:
            return f"{self._(MEASURES['kg_seized'])}: {self.term('substance', code[3:])}"
        return self._(MEASURES[code]) if code in MEASURES else code

    def networks_summary(self, found: int, overlap: int, count: Callable[[int], str]) -> str:
        """How many networks, and how many actors cross kinds of trafficking, each
        noun in the plural form its number takes in the language."""
        networks = i18n.ngettext(self.lang, *NETWORKS_FOUND, found) % {"count": count(found)}
        actors = i18n.ngettext(self.lang, *ACTORS_OVERLAPPING, overlap)
        return f"{networks}; {actors % {'count': count(overlap)}}"
