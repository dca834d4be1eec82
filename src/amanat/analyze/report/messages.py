"""The report's own words in English and Russian.  Codes (stages, countries, forms
of exploitation) take their labels from the vocabularies; this table holds only
what the vocabularies do not.  Any other language falls back to English, words and
numbers alike (a page in one language, not two)."""

from __future__ import annotations

from amanat.vocab import vocabulary

LANGUAGES = ("en", "ru")
FALLBACK = "en"

MESSAGES: dict[str, tuple[str, str]] = {
    "title": ("Country report", "Страновой доклад"),
    "scope": ("Scope", "Охват"),
    "country": ("Country", "Страна"),
    "year": ("Year", "Год"),
    "period": ("Period", "Период"),
    "generated": ("Generated", "Подготовлен"),
    "as_of": ("data as of", "данные на"),
    "people_basis": (
        "People are counted once however many agencies recorded them: {basis}.",
        "Каждый человек учтён один раз, сколько бы ведомств его ни зарегистрировало: {basis}.",
    ),
    "basis_resolved": (
        "records linked by entity resolution",
        "записи, связанные при установлении тождества",
    ),
    "basis_no_tables": (
        "no, each record counts (this register has no entity resolution)",
        "нет, учтена каждая запись (в реестре нет установления тождества)",
    ),
    "basis_no_judgements": (
        "no, each record counts (entity resolution has linked no records yet)",
        "нет, учтена каждая запись (установление тождества ещё не связало ни одной записи)",
    ),
    "basis_none": ("no, each record counts", "нет, учтена каждая запись"),
    "period_cases": ("Cases opened in {period}", "Дела, возбуждённые в {period}"),
    "period_trend": (
        "Cases opened in {period}, by year opened",
        "Дела, возбуждённые в {period}, по году возбуждения",
    ),
    "period_seizures": (
        "Seizures and prosecutions in {period}",
        "Изъятия и уголовные преследования в {period}",
    ),
    "period_victims": ("Victims identified in {period}", "Пострадавшие, выявленные в {period}"),
    "period_flows": (
        "Victims identified and seizures made in {period}",
        "Пострадавшие, выявленные, и изъятия, произведённые в {period}",
    ),
    "period_seized": ("Seizures made in {period}", "Изъятия, произведённые в {period}"),
    "period_networks": (
        "Networks with a case opened in {period}",
        "Сети, связанные с делами, возбуждёнными в {period}",
    ),
    "period_statistics": (
        "Victims identified and persons prosecuted or convicted in {period}",
        "Пострадавшие, выявленные, и лица, привлечённые к ответственности или осуждённые, "
        "в {period}",
    ),
    "no_records": ("no records", "нет записей"),
    "other_countries": ("other countries", "другие страны"),
    "map_victims": (
        "Arrows: direction of travel; width and numbers: victims",
        "Стрелки: направление; толщина и числа: пострадавшие",
    ),
    "map_drugs": (
        "Arrows: direction of travel; width and numbers: kilograms",
        "Стрелки: направление; толщина и числа: килограммы",
    ),
    "publication": (
        "For publication: TLP:CLEAR records only, small counts suppressed",
        "Для публикации: только записи TLP:CLEAR, малые значения скрыты",
    ),
    "internal": (
        "Internal: everything the user may see — do not publish",
        "Для служебного пользования: всё, что доступно пользователю, — не публиковать",
    ),
    "pipeline": ("Justice pipeline", "Движение уголовных дел"),
    "pipeline_note": (
        "Cases opened in the period, followed to where they are now. Conversion: share "
        "of the stage before.",
        "Дела, возбуждённые за период, прослежены до текущей стадии. Конверсия — доля от "
        "предыдущей стадии.",
    ),
    "trend": ("Year on year", "Динамика по годам"),
    "times": ("Time from each stage to the next", "Время от стадии до следующей стадии"),
    "times_note": (
        "Kaplan–Meier: share not yet at the next stage, by days; open cases censored at "
        "the analysis date.",
        "Каплан–Мейер: доля ещё не перешедших на следующую стадию, по дням; "
        "незавершённые дела цензурированы датой анализа.",
    ),
    "median": ("Median (days)", "Медиана (дней)"),
    "not_reached": ("not reached", "не достигнута"),
    "who": ("Who reaches conviction", "Кто доходит до приговора"),
    "convicted_share": ("Share convicted", "Доля осуждённых"),
    "seizures": ("Seizures per prosecution", "Изъятия в расчёте на одно уголовное преследование"),
    "victims": ("Victims identified and verdicts", "Выявленные пострадавшие и приговоры"),
    "flows": ("Flows", "Потоки"),
    "victim_flows": (
        "Victims: origin → transit → destination",
        "Пострадавшие: происхождение → транзит → назначение",
    ),
    "drug_flows": (
        "Drugs seized: origin → country of seizure → destination (kg)",
        "Изъятые наркотики: происхождение → страна изъятия → назначение (кг)",
    ),
    "arms_flows": (
        "Weapons seized: origin → country of seizure → destination",
        "Изъятое оружие: происхождение → страна изъятия → назначение",
    ),
    "origin": ("Origin", "Происхождение"),
    "transit": ("Transit", "Транзит"),
    "destination": ("Destination", "Назначение"),
    "direct": ("direct", "напрямую"),
    "unknown": ("unknown", "неизвестно"),
    "total": ("total", "итого"),
    "networks": ("Networks", "Сети"),
    "networks_summary": (
        "{found} networks of three or more people or groups; {overlap} actors active in "
        "more than one of human, drug and arms trafficking.",
        "{found} сетей из трёх и более лиц или групп; {overlap} участников действуют "
        "более чем в одной из сфер: торговля людьми, наркотики, оружие.",
    ),
    "networks_withheld": (
        "Network details are not published; only these counts are.",
        "Сведения о сетях не публикуются — только эти итоги.",
    ),
    "statistics": ("Statistics", "Статистика"),
    "statistics_note": (
        '"<5": 1 to 4; "x": hidden so that no small count can be worked out from the '
        'totals; "–": withheld.',
        "«<5»: от 1 до 4; «x»: скрыто, чтобы малые значения нельзя было вычислить из "
        "итогов; «–»: не публикуется.",
    ),
    "measure": ("Measure", "Показатель"),
    "value": ("Value", "Значение"),
    "stage": ("Stage", "Стадия"),
    "cases": ("Cases", "Дела"),
    "person_cases": ("Persons in cases", "Лица по делам"),
    "reach_note": (
        "A person in a case counts once, with all the agencies' records of them; "
        "each column counts those who reached the stage.",
        "Лицо по делу учтено один раз со всеми записями о нём всех ведомств; "
        "в каждом столбце — дошедшие до стадии.",
    ),
    "conversion": ("Conversion", "Конверсия"),
    "category": ("Category", "Категория"),
    "no_data": ("No records in scope.", "Нет записей в охвате."),
    "page": ("Page", "Стр."),
    "women": ("women", "женщины"),
    "men": ("men", "мужчины"),
    "girls": ("girls", "девочки"),
    "boys": ("boys", "мальчики"),
    "national": ("nationals", "граждане страны"),
    "foreign": ("foreigners", "иностранцы"),
    "0-17": ("0–17 years", "0–17 лет"),
    "18+": ("18 years and over", "18 лет и старше"),
    "route": ("Route", "Маршрут"),
    "weapons": ("Weapons", "Единиц оружия"),
    "network": ("Network", "Сеть"),
    "nodes": ("Nodes", "Узлы"),
    "brokers": ("Brokers", "Посредники (брокеры)"),
    "key_players": ("Key players", "Ключевые фигуры"),
    "facilitators_officials": ("Facilitators / officials", "Пособники / должностные лица"),
    "overlap": (
        "Active in more than one kind of trafficking",
        "Действуют в нескольких видах незаконного оборота",
    ),
    "domains": ("Domains", "Сферы"),
    "evidence": ("Records", "Записи"),
    "withheld": (
        "Withheld: too few records to publish any cell safely.",
        "Не публикуется: слишком мало записей, чтобы безопасно показать хотя бы одну ячейку.",
    ),
    "victims_sex_age": (
        "Victims detected by sex and age",
        "Выявленные пострадавшие по полу и возрасту",
    ),
    "victims_form_sex": (
        "Victims detected by form of exploitation and sex",
        "Выявленные пострадавшие по форме эксплуатации и полу",
    ),
    "victims_citizenship_sex": (
        "Victims detected by citizenship and sex",
        "Выявленные пострадавшие по гражданству и полу",
    ),
    "glotip_victims": (
        "GLOTIP: victims by sex/age group and form of exploitation",
        "GLOTIP: пострадавшие по полу/возрасту и форме эксплуатации",
    ),
    "persons_prosecuted": (
        "Persons prosecuted by sex and citizenship",
        "Лица, привлечённые к уголовной ответственности, по полу и гражданству",
    ),
    "persons_convicted": (
        "Persons convicted by sex and citizenship",
        "Осуждённые по полу и гражданству",
    ),
    "regional_victims": (
        "Victims detected by country and sex",
        "Выявленные пострадавшие по странам и полу",
    ),
    "dp_note": (
        "Differentially private counts (ε = {epsilon}): noise added, totals summed from "
        "the noisy cells.",
        "Дифференциально приватные значения (ε = {epsilon}): добавлен шум, итоги — суммы "
        "зашумлённых ячеек.",
    ),
    "human": ("human", "люди"),
    "drugs": ("drugs", "наркотики"),
    "arms": ("arms", "оружие"),
}

CATEGORY: dict[str, tuple[str, str]] = {
    "organiser": ("Organisers and financiers", "Организаторы и финансисты"),
    "recruiter": ("Recruiters and intermediaries", "Вербовщики и посредники"),
    "transporter_courier": (
        "Transporters, couriers, smugglers",
        "Перевозчики, курьеры, переправщики",
    ),
    "exploiter": ("Exploiters", "Эксплуататоры"),
    "other": ("Other perpetrators", "Иные соучастники"),
    "facilitator": ("Facilitators", "Пособники"),
    "official": ("Public officials", "Должностные лица"),
}

MEASURES: dict[str, tuple[str, str]] = {
    "identified": ("Victims identified", "Выявлено пострадавших"),
    "linked_to_case": ("Linked to a criminal case", "Связаны с уголовным делом"),
    "case_reached_verdict": ("Case reached a verdict", "Дело дошло до приговора"),
    "case_reached_conviction": ("Case reached a conviction", "Обвинительный приговор"),
    "drug_seizures": ("Drug seizures", "Изъятия наркотиков"),
    "kg_seized": ("Kilograms seized", "Изъято, кг"),
    "persons_prosecuted_drugs": (
        "Persons prosecuted (drugs)",
        "Лиц привлечено к ответственности (наркотики)",
    ),
    "persons_convicted_drugs": ("Persons convicted (drugs)", "Лиц осуждено (наркотики)"),
    "kg_per_prosecution": ("Kilograms per prosecution", "Кг на одно преследование"),
    "kg_per_conviction": ("Kilograms per conviction", "Кг на один приговор"),
    "courier_share_of_prosecuted": (
        "Couriers' share of those prosecuted",
        "Доля курьеров среди привлечённых",
    ),
    "weapons_seized": ("Weapons seized", "Изъято единиц оружия"),
    "persons_prosecuted_arms": ("Persons prosecuted (arms)", "Лиц привлечено (оружие)"),
    "weapons_per_prosecution": ("Weapons per prosecution", "Оружия на одно преследование"),
}


class Words:
    """Labels in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else FALLBACK
        self.index = LANGUAGES.index(self.lang)

    def __call__(self, key: str, **values: object) -> str:
        text = MESSAGES[key][self.index]
        return text.format(**values) if values else text

    def term(self, vocab: str, code: str) -> str:
        """A vocabulary label; the report's own word for direct/unknown; else the code."""
        if code in ("direct", "unknown", "total"):
            return self(code)
        terms = vocabulary(vocab)
        return terms.label(code, self.lang) if code in terms else code

    def code(self, code: str) -> str:
        """Any code a table shows: the report's words, else the first vocabulary
        that knows it (sex, form of exploitation, country, stage)."""
        if code in MESSAGES:
            return self(code)
        for vocab in ("sex", "exploitation_form", "country", "pipeline_stage", "case_type"):
            if code in vocabulary(vocab):
                return vocabulary(vocab).label(code, self.lang)
        return code

    def country(self, code: str) -> str:
        return self.term("country", code)

    def stage(self, code: str) -> str:
        return self.term("pipeline_stage", code)

    def period(self, first: int, last: int) -> str:
        """Years as the language writes them: "2020–2024", "2020–2024 гг.", "2024 г."."""
        years = str(first) if first == last else f"{first}–{last}"
        if self.lang == "ru":
            return f"{years} {'г.' if first == last else 'гг.'}"
        return years

    def category(self, code: str) -> str:
        return CATEGORY[code][self.index]

    def measure(self, code: str) -> str:
        if code.startswith("kg_") and code not in MEASURES:
            return f"{MEASURES['kg_seized'][self.index]}: {self.term('substance', code[3:])}"
        return MEASURES[code][self.index] if code in MEASURES else code
