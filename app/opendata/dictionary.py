"""The one list of what each bulk export may contain: its columns, in order, with type and meaning in hy/en/ru.

A column that is not listed here cannot leave the server: the writers refuse a row whose keys differ from the
export's allowlist (app/opendata/exports.py), and tests/test_opendata.py compares every export with this module.
Applicants' personal data (name, email, phone, address) and the texts of appeals are deliberately absent.
"""

from dataclasses import dataclass

from app.i18n import LANGS

_LANG_NAMES = {"hy": ("հայերեն", "in Armenian", "на армянском"),
               "en": ("անգլերեն", "in English", "на английском"),
               "ru": ("ռուսերեն", "in Russian", "на русском")}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # integer, text, date, datetime (ISO 8601, UTC), boolean, decimal
    hy: str
    en: str
    ru: str

    def meaning(self, lang):
        return getattr(self, lang if lang in LANGS else "hy")

    def as_json(self):
        return {"name": self.name, "type": self.type, "meaning": {lang: self.meaning(lang) for lang in LANGS}}


def _translated(field, hy, en, ru, type_="text"):
    """Three columns field_hy, field_en, field_ru: the same meaning in each language of the content."""
    return [Column(f"{field}_{lang}", type_, f"{hy} ({_LANG_NAMES[lang][0]})", f"{en} ({_LANG_NAMES[lang][1]})",
                   f"{ru} ({_LANG_NAMES[lang][2]})") for lang in LANGS]


@dataclass(frozen=True)
class Export:
    name: str
    hy: str
    en: str
    ru: str
    columns: tuple

    @property
    def column_names(self):
        return [c.name for c in self.columns]

    def title(self, lang):
        return getattr(self, lang if lang in LANGS else "hy")

    def as_json(self):
        return {"name": self.name, "title": {lang: self.title(lang) for lang in LANGS},
                "columns": [c.as_json() for c in self.columns]}


ACTIONS = Export(
    "actions", "Միջոցառումներ և դրանց բյուջեները", "Actions and their budgets", "Мероприятия и их бюджеты",
    (
        Column("id", "integer", "Միջոցառման համարը կայքում (/actions/<id>)", "The action's number on the site "
               "(/actions/<id>)", "Номер мероприятия на сайте (/actions/<id>)"),
        *_translated("title", "Անվանում", "Title", "Название"),
        Column("institution", "text", "Կազմակերպող հաստատության կարճ անունը (slug)", "Short name (slug) of the "
               "organising institution", "Короткое имя (slug) учреждения-организатора"),
        Column("institution_name_hy", "text", "Հաստատության անվանումը", "The institution's name (in Armenian)",
               "Название учреждения (на армянском)"),
        Column("settlement", "text", "Բնակավայրի կարճ անունը (slug)", "Short name (slug) of the settlement",
               "Короткое имя (slug) населённого пункта"),
        Column("settlement_name_hy", "text", "Բնակավայրի անվանումը", "The settlement's name (in Armenian)",
               "Название населённого пункта (на армянском)"),
        Column("start_date", "date", "Սկզբի ամսաթիվը", "First day", "Дата начала"),
        Column("end_date", "date", "Ավարտի ամսաթիվը", "Last day", "Дата окончания"),
        Column("status", "text", "Կարգավիճակը՝ planned, in_progress, done, postponed, cancelled", "Status: planned, "
               "in_progress, done, postponed, cancelled", "Статус: planned, in_progress, done, postponed, cancelled"),
        Column("funding_source", "text", "Ֆինանսավորման աղբյուրը՝ community_budget, state_subvention, donor, other",
               "Funding source: community_budget, state_subvention, donor, other",
               "Источник финансирования: community_budget, state_subvention, donor, other"),
        Column("budget_planned_amd", "integer", "Նախատեսված բյուջեն, ամբողջ դրամով", "Planned budget, whole drams",
               "Плановый бюджет, в целых драмах"),
        Column("actual_spent_amd", "integer", "Հաշվետվություններով փաստացի ծախսը, դրամով (դատարկ՝ դեռ չկա)",
               "Actually spent according to the reports, drams (empty: nothing reported yet)",
               "Фактически потрачено по отчётам, драмов (пусто: отчётов ещё нет)"),
        Column("objectives", "text", "Զարգացման ծրագրի խնդիրների կոդերը՝ «;»-ով բաժանված",
               "Codes of the development program's objectives it serves, separated by ';'",
               "Коды задач программы развития, через ';'"),
    ),
)

REPORTS = Export(
    "reports", "Հաշվետվություններ", "Reports", "Отчёты",
    (
        Column("id", "integer", "Հաշվետվության համարը", "The report's number", "Номер отчёта"),
        Column("action_id", "integer", "Միջոցառման համարը (actions.id)", "The action it reports on (actions.id)",
               "Мероприятие, о котором отчёт (actions.id)"),
        Column("report_date", "date", "Հաշվետվության ամսաթիվը", "Date of the report", "Дата отчёта"),
        Column("participants", "integer", "Մասնակիցների թիվը", "Number of participants", "Число участников"),
        Column("actual_spent_amd", "integer", "Փաստացի ծախսը, դրամով", "Actually spent, drams",
               "Фактически потрачено, драмов"),
        *_translated("body", "Հաշվետվության տեքստը", "Text of the report", "Текст отчёта"),
    ),
)

PROGRAM = Export(
    "program", "Զարգացման ծրագիր՝ նպատակներ, խնդիրներ, ցուցանիշներ",
    "Development program: goals, objectives, indicators", "Программа развития: цели, задачи, показатели",
    (
        Column("goal_code", "text", "Նպատակի կոդը", "Goal code", "Код цели"),
        *_translated("goal_title", "Նպատակի անվանումը", "Goal title", "Название цели"),
        Column("objective_code", "text", "Խնդրի կոդը", "Objective code", "Код задачи"),
        *_translated("objective_title", "Խնդրի անվանումը", "Objective title", "Название задачи"),
        *_translated("indicator_name", "Ցուցանիշի անվանումը (դատարկ՝ խնդիրը ցուցանիշ չունի)",
                     "Indicator name (empty: the objective has no indicator)",
                     "Название показателя (пусто: у задачи нет показателя)"),
        Column("indicator_unit_hy", "text", "Չափման միավորը", "Unit of measurement (in Armenian)",
               "Единица измерения (на армянском)"),
        Column("baseline", "decimal", "Ելակետային արժեքը", "Baseline value", "Базовое значение"),
        Column("baseline_year", "integer", "Ելակետային տարին", "Baseline year", "Базовый год"),
        Column("target", "decimal", "Թիրախային արժեքը", "Target value", "Целевое значение"),
        Column("target_year", "integer", "Թիրախային տարին", "Target year", "Целевой год"),
    ),
)

APPEALS = Export(
    "appeals", "Դիմումների ընթացքը (անանուն)", "Appeal lifecycles (anonymised)", "Ход обращений (анонимно)",
    (
        Column("tracking_number", "text", "Հսկիչ համարը", "Tracking number", "Контрольный номер"),
        Column("kind", "text", "Տեսակը՝ application, complaint, proposal, information_request",
               "Kind: application, complaint, proposal, information_request",
               "Вид: application, complaint, proposal, information_request"),
        Column("channel", "text", "Ինչպես է ստացվել՝ online, paper, phone, open311",
               "How it arrived: online, paper, phone, open311", "Как поступило: online, paper, phone, open311"),
        Column("settlement", "text", "Բնակավայրի կարճ անունը (slug)", "Short name (slug) of the settlement",
               "Короткое имя (slug) населённого пункта"),
        Column("institution", "text", "Հասցեատեր հաստատության կարճ անունը (դատարկ՝ համայնքապետարան)",
               "Short name of the addressed institution (empty: the municipality)",
               "Короткое имя учреждения-адресата (пусто: мэрия)"),
        Column("status", "text", "Կարգավիճակը՝ received, registered, in_review, answered, rejected, forwarded, "
               "withdrawn", "Status: received, registered, in_review, answered, rejected, forwarded, withdrawn",
               "Статус: received, registered, in_review, answered, rejected, forwarded, withdrawn"),
        Column("received_dt", "datetime", "Ստացման պահը (UTC)", "When it was received (UTC)", "Когда получено (UTC)"),
        Column("registered_dt", "datetime", "Գրանցման պահը (UTC)", "When it was registered (UTC)",
               "Когда зарегистрировано (UTC)"),
        Column("first_action_dt", "datetime", "Աշխատակցի առաջին քայլը (UTC)", "First step by staff (UTC)",
               "Первое действие сотрудника (UTC)"),
        Column("extended_dt", "datetime", "Ժամկետի երկարաձգման պահը (UTC)", "When the deadline was extended (UTC)",
               "Когда продлён срок (UTC)"),
        Column("closed_dt", "datetime", "Փակման պահը (UTC)", "When it was closed (UTC)", "Когда закрыто (UTC)"),
        Column("due_date", "date", "Պատասխանի վերջնաժամկետը", "Due date of the answer", "Срок ответа"),
        Column("original_due_date", "date", "Վերջնաժամկետը մինչև երկարաձգումը",
               "Due date before the extension", "Срок до продления"),
        Column("response_days", "integer", "Օրացուցային օրեր ստացումից մինչև փակումը (դատարկ՝ բաց է)",
               "Calendar days from receipt to closing (empty: still open)",
               "Календарных дней от получения до закрытия (пусто: открыто)"),
        Column("late", "boolean", "Ուշացե՞լ է՝ փակվել է կամ բաց է վերջնաժամկետից հետո (true/false)",
               "Late: closed, or still open, after the due date (true/false)",
               "Просрочено: закрыто или открыто после срока (true/false)"),
    ),
)

EXPORTS = {e.name: e for e in (ACTIONS, REPORTS, PROGRAM, APPEALS)}
