"""The Dilijan demo community as plain data; app/demo/seed.py turns it into rows.

Every translated text is an (hy, en, ru) triple; None marks a missing translation, so the
language fallback shows on the public pages.
"""

from app.institutions.models import InstitutionKind as Kind
from app.schedule.models import FundingSource as Fund

COMMUNITY = {
    "name": ("Դիլիջան համայնք", "Dilijan community", "Община Дилижан"),
    "tracking_prefix": "DIL",
    "timezone": "Asia/Yerevan",
    "website": "https://dilijan.am",
    "email": "info@dilijan.am",
    "phone": "+374 268 22401",
    "address": (
        "ք. Դիլիջան, Կենտրոնական հրապարակ 2",
        "2 Central Square, Dilijan 3901, Armenia",
        "г. Дилижан, Центральная площадь, 2",
    ),
    "report_overdue_days": 7,
}

# slug, name, population, year of the population figure; the first one is the centre.
SETTLEMENTS = [
    ("dilijan", ("Դիլիջան", "Dilijan", "Дилижан"), 15914, 2022),
    ("haghartsin", ("Հաղարծին", "Haghartsin", "Агарцин"), 3842, 2014),
    ("teghut", ("Թեղուտ", "Teghut", "Техут"), 1353, 2014),
    ("gosh", ("Գոշ", "Gosh", "Гош"), 1115, 2011),
    ("hovk", ("Հովք", "Hovk", "Овк"), 435, 2011),
    ("aghavnavank", ("Աղավնավանք", "Aghavnavank", "Агавнаванк"), 282, 2008),
    ("khachardzan", ("Խաչարձան", "Khachardzan", "Хачардзан"), None, None),
]
VILLAGES = [slug for slug, *_ in SETTLEMENTS[1:]]
ALL = ["dilijan", *VILLAGES]
TOWN = ["dilijan"]

PROGRAM = {
    "title": (
        "Դիլիջան համայնքի 2022–2026 թվականների հնգամյա զարգացման ծրագիր",
        "Dilijan community five-year development program 2022–2026",
        "Пятилетняя программа развития общины Дилижан на 2022–2026 годы",
    ),
    "start_year": 2022,
    "end_year": 2026,
    "council_decision": "Ավագանու 2021 թ. դեկտեմբերի 24-ի N 112-Ն որոշում",
    "adopted_on": (2021, 12, 24),
}

# Indicator units.
PCS = ("հատ", "pcs", "шт.")
PEOPLE = ("մարդ", "people", "чел.")
PCT = ("%", "%", "%")
KM = ("կմ", "km", "км")
EVENTS = ("միջոցառում", "events", "мероприятий")
FAMILIES = ("ընտանիք", "families", "семей")
MLN_AMD = ("մլն դրամ", "million AMD", "млн драмов")
PER_WEEK = ("անգամ շաբաթական", "times a week", "раз в неделю")

# Goals -> objectives (code, title, indicators); an indicator is (name, unit, baseline, target),
# measured in the year before the program and at its end.
GOALS = [
    {
        "code": "1",
        "title": (
            "Նախադպրոցական կրթության հասանելիություն բոլոր բնակավայրերում",
            "Preschool education within reach in every settlement",
            "Доступ к дошкольному образованию во всех населённых пунктах",
        ),
        "description": (
            "Համայնքի յուրաքանչյուր բնակավայրի 3–6 տարեկան երեխաները պետք է կարողանան հաճախել մանկապարտեզ "
            "կամ նախադպրոցական խումբ՝ տնից ոչ հեռու։",
            "Children aged 3 to 6 in every settlement can attend a kindergarten or a preschool group close to home.",
            "Дети 3–6 лет в каждом населённом пункте могут посещать детский сад или дошкольную группу рядом с домом.",
        ),
        "objectives": [
            ("1.1", (
                "Մանկապարտեզների շենքերի վերանորոգում և էներգաարդյունավետության բարձրացում",
                "Repair kindergarten buildings and make them energy-efficient",
                "Ремонт зданий детских садов и повышение их энергоэффективности",
            ), [(("Վերանորոգված մանկապարտեզներ", "Kindergartens repaired", "Отремонтировано детских садов"),
                 PCS, 0, 3)]),
            ("1.2", (
                "Նախադպրոցական խմբերի բացում այն գյուղերում, որտեղ մանկապարտեզ չկա",
                "Open preschool groups in villages without a kindergarten",
                "Открытие дошкольных групп в сёлах без детского сада",
            ), [
                (("Նախադպրոցական ծառայություն ունեցող բնակավայրեր", "Settlements with a preschool service",
                  "Населённые пункты с дошкольными услугами"), PCS, 2, 7),
                (("3–6 տարեկան երեխաների ընդգրկվածություն", "Enrolment of children aged 3–6", "Охват детей 3–6 лет"),
                 PCT, 58, 85),
            ]),
            ("1.3", (
                "Մանկապարտեզներում սննդի և առողջության պայմանների բարելավում",
                "Better meals and health care in kindergartens",
                "Улучшение питания и медицинского обслуживания в детских садах",
            ), [(("Սննդից գոհ ծնողներ", "Parents satisfied with meals", "Родители, довольные питанием"), PCT, 62, 90)]),
        ],
    },
    {
        "code": "2",
        "title": ("Արվեստի կրթություն գյուղերում", "Arts education in the villages",
                  "Художественное образование в сёлах"),
        "description": (
            "Երաժշտական և արվեստի դպրոցների դասերը պետք է հասանելի լինեն նաև գյուղերի երեխաներին։",
            "Music and art lessons reach the children of the villages, not only those of the town.",
            "Занятия музыкальной и художественной школ доступны и сельским детям.",
        ),
        "objectives": [
            ("2.1", (
                "Երաժշտական և արվեստի դպրոցների դասարաններ գյուղերում",
                "Music and art school classes in the villages",
                "Классы музыкальной и художественной школ в сёлах",
            ), [(("Գյուղերից սովորողներ", "Pupils from the villages", "Учащиеся из сёл"), PEOPLE, 24, 90)]),
            ("2.2", (
                "Երաժշտական գործիքների և պարագաների համալրում",
                "New musical instruments and equipment",
                "Пополнение музыкальных инструментов и оборудования",
            ), [(("Գնված կամ վերանորոգված գործիքներ", "Instruments bought or restored",
                  "Куплено или отремонтировано инструментов"), PCS, 0, 40)]),
            ("2.3", (
                "Սաների ցուցահանդեսներ և համերգներ բոլոր բնակավայրերում",
                "Pupils' exhibitions and concerts in every settlement",
                "Выставки и концерты учащихся во всех населённых пунктах",
            ), [(("Գյուղերում անցկացված համերգներ և ցուցահանդեսներ տարեկան",
                  "Concerts and exhibitions in the villages per year", "Концертов и выставок в сёлах в год"),
                 EVENTS, 3, 18)]),
        ],
    },
    {
        "code": "3",
        "title": ("Մշակութային և զբոսաշրջային միջոցառումներ", "Culture and tourism events",
                  "Культурные и туристические мероприятия"),
        "description": (
            "Տոներ, փառատոներ և խմբակներ, որոնք բնակիչներին միավորում են և զբոսաշրջիկներին բերում Դիլիջան։",
            "Holidays, festivals and clubs that bring residents together and visitors to Dilijan.",
            "Праздники, фестивали и кружки, которые объединяют жителей и привлекают гостей в Дилижан.",
        ),
        "objectives": [
            ("3.1", (
                "Համայնքային տոների և փառատոների կազմակերպում",
                "Community holidays and festivals",
                "Организация общинных праздников и фестивалей",
            ), [(("Փառատոների այցելուներ տարեկան", "Festival visitors per year", "Посетителей фестивалей в год"),
                 PEOPLE, 6000, 15000)]),
            ("3.2", (
                "Մշակույթի տան խմբակների և ստեղծագործական կոլեկտիվների աշխատանքի ընդլայնում",
                "More clubs and groups at the Culture House",
                "Расширение работы кружков и коллективов Дома культуры",
            ), [(("Խմբակների անդամներ", "Club members", "Участники кружков"), PEOPLE, 180, 350)]),
            ("3.3", (
                "Զբոսաշրջային արահետների նշագրում և այցելուների տեղեկատվություն",
                "Mark hiking trails and inform visitors",
                "Маркировка туристических троп и информация для гостей",
            ), [(("Նշագրված արահետներ", "Trails marked", "Промаркировано троп"), KM, 12, 60)]),
        ],
    },
    {
        "code": "4",
        "title": ("Աղբահանություն բոլոր բնակավայրերում", "Waste collection in every settlement",
                  "Вывоз мусора во всех населённых пунктах"),
        "description": (
            "Կանոնավոր աղբահանություն յուրաքանչյուր գյուղում և ինքնաբուխ աղբավայրերի վերացում։",
            "Regular waste collection in every village and no more illegal dumps.",
            "Регулярный вывоз мусора в каждом селе и ликвидация стихийных свалок.",
        ),
        "objectives": [
            ("4.1", (
                "Աղբահանության տեխնիկայի թարմացում",
                "Renew the waste collection fleet",
                "Обновление мусоровозной техники",
            ), [(("Աշխատող աղբատար մեքենաներ", "Garbage trucks in service", "Мусоровозов в работе"), PCS, 3, 5)]),
            ("4.2", (
                "Կանոնավոր աղբահանություն բոլոր գյուղերում",
                "Regular waste collection in every village",
                "Регулярный вывоз мусора во всех сёлах",
            ), [
                (("Կանոնավոր աղբահանությամբ բնակավայրեր", "Settlements with regular collection",
                  "Населённые пункты с регулярным вывозом"), PCS, 3, 7),
                (("Աղբահանության հաճախականությունը գյուղերում", "Collections in the villages",
                  "Частота вывоза в сёлах"), PER_WEEK, 0.5, 2),
            ]),
            ("4.3", (
                "Աղբամանների տեղադրում և ինքնաբուխ աղբավայրերի վերացում",
                "Install bins and clear illegal dumps",
                "Установка контейнеров и ликвидация стихийных свалок",
            ), [(("Տեղադրված աղբամաններ", "Bins installed", "Установлено контейнеров"), PCS, 0, 250)]),
        ],
    },
    {
        "code": "5",
        "title": ("Ճանապարհներ և փողոցային լուսավորություն", "Roads and street lighting", "Дороги и уличное освещение"),
        "description": (
            "Անվտանգ ճանապարհներ և լուսավոր փողոցներ քաղաքում և գյուղերում։",
            "Safe roads and well-lit streets in the town and the villages.",
            "Безопасные дороги и освещённые улицы в городе и сёлах.",
        ),
        "objectives": [
            ("5.1", (
                "Ներհամայնքային ճանապարհների ասֆալտապատում և փոսային նորոգում",
                "Resurface and patch local roads",
                "Асфальтирование и ямочный ремонт внутриобщинных дорог",
            ), [(("Նորոգված ճանապարհներ", "Roads repaired", "Отремонтировано дорог"), KM, 0, 25)]),
            ("5.2", (
                "Լուսադիոդային (LED) փողոցային լուսավորության ներդրում",
                "Install LED street lighting",
                "Внедрение светодиодного уличного освещения",
            ), [
                (("Գյուղերի լուսավորված փողոցների մասնաբաժին", "Share of village streets lit",
                  "Доля освещённых улиц в сёлах"), PCT, 35, 90),
                (("Փողոցային լուսավորության էլեկտրաէներգիայի տարեկան ծախս",
                  "Yearly electricity cost of street lighting",
                  "Годовые расходы на электроэнергию уличного освещения"), MLN_AMD, 28, 16),
            ]),
            ("5.3", (
                "Կանգառների, մայթերի և կանաչ տարածքների բարեկարգում",
                "Better bus stops, pavements and green spaces",
                "Благоустройство остановок, тротуаров и зелёных зон",
            ), [(("Նորացված կանգառներ", "Bus stops renewed", "Обновлено остановок"), PCS, 0, 20)]),
        ],
    },
    {
        "code": "6",
        "title": ("Գյուղերի ջրամատակարարում", "Village water supply", "Водоснабжение сёл"),
        "description": (
            "Շուրջօրյա խմելու ջուր և վերականգնված ոռոգման ցանց գյուղերում։",
            "Drinking water around the clock and working irrigation in the villages.",
            "Круглосуточная питьевая вода и восстановленное орошение в сёлах.",
        ),
        "objectives": [
            ("6.1", (
                "Խմելու ջրի ներքին ցանցերի կառուցում և վերանորոգում",
                "Build and repair drinking water networks",
                "Строительство и ремонт сетей питьевой воды",
            ), [(("Շուրջօրյա ջուր ստացող գյուղական տնային տնտեսություններ",
                  "Village households with water around the clock",
                  "Сельские домохозяйства с круглосуточной водой"), PCT, 45, 90)]),
            ("6.2", (
                "Ոռոգման ջրագծերի վերականգնում",
                "Restore irrigation lines",
                "Восстановление оросительных линий",
            ), [(("Վերականգնված ոռոգման ցանց", "Irrigation network restored", "Восстановлено оросительной сети"),
                 KM, 0, 8)]),
        ],
    },
    {
        "code": "7",
        "title": ("Շարամբեյան փողոցի պատմամշակութային ժառանգություն", "Sharambeyan Street heritage",
                  "Историческое наследие улицы Шарамбеяна"),
        "description": (
            "Պահպանել պատմական թաղամասի տեսքը և այն դարձնել արհեստների ու արվեստի կենդանի փողոց։",
            "Keep the historic quarter's character and make it a living street of crafts and art.",
            "Сохранить облик исторического квартала и сделать его живой улицей ремёсел и искусства.",
        ),
        "objectives": [
            ("7.1", (
                "Պատմական շենքերի ճակատների պահպանում և վերականգնում",
                "Preserve and restore historic façades",
                "Сохранение и реставрация исторических фасадов",
            ), [(("Վերականգնված ճակատներ", "Façades restored", "Отреставрировано фасадов"), PCS, 0, 6)]),
            ("7.2", (
                "Արհեստանոցների և փողոցային ցուցահանդեսների աջակցություն",
                "Support craft workshops and street exhibitions",
                "Поддержка ремесленных мастерских и уличных выставок",
            ), [(("Գործող արհեստանոցներ", "Workshops open", "Действующих мастерских"), PCS, 4, 10)]),
        ],
    },
    {
        "code": "8",
        "title": ("Արձագանքող և թափանցիկ էլեկտրոնային կառավարում", "Responsive and transparent e-governance",
                  "Отзывчивое и прозрачное электронное управление"),
        "description": (
            "Բնակիչները դիմում են առցանց, ստանում են պատասխան ժամանակին և տեսնում, թե ինչպես է ծախսվում բյուջեն։",
            "Residents apply online, get answers on time and see how the budget is spent.",
            "Жители обращаются онлайн, вовремя получают ответы и видят, как расходуется бюджет.",
        ),
        "objectives": [
            ("8.1", (
                "Դիմումների առցանց ընդունում և ժամկետների հսկում",
                "Accept appeals online and watch the deadlines",
                "Онлайн-приём обращений и контроль сроков",
            ), [(("Ժամկետում պատասխանված դիմումներ", "Appeals answered on time", "Обращения с ответом в срок"),
                 PCT, 71, 95)]),
            ("8.2", (
                "Հաստատությունների ծրագրերի, բյուջեների և հաշվետվությունների հրապարակում",
                "Publish institutions' plans, budgets and reports",
                "Публикация планов, бюджетов и отчётов учреждений",
            ), [(("Ժամանակին հաշվետվություն ներկայացնող հաստատություններ", "Institutions reporting on time",
                  "Учреждения, отчитывающиеся вовремя"), PCT, 20, 100)]),
            ("8.3", (
                "Հանրային քննարկումներ և բնակիչների մասնակցություն",
                "Public hearings and residents' participation",
                "Общественные обсуждения и участие жителей",
            ), [(("Հանրային քննարկումներ տարեկան", "Public hearings per year", "Общественных обсуждений в год"),
                 EVENTS, 2, 12)]),
        ],
    },
    {
        "code": "9",
        "title": ("Երիտասարդություն և սպորտ", "Youth and sport", "Молодёжь и спорт"),
        "description": (
            "Մարզահրապարակներ, մրցումներ և երիտասարդական նախաձեռնություններ բոլոր բնակավայրերում։",
            "Sports grounds, competitions and youth initiatives in every settlement.",
            "Спортплощадки, соревнования и молодёжные инициативы во всех населённых пунктах.",
        ),
        "objectives": [
            ("9.1", (
                "Մարզահրապարակների կառուցում գյուղերում",
                "Build sports grounds in the villages",
                "Строительство спортивных площадок в сёлах",
            ), [(("Բացօթյա մարզահրապարակներ", "Outdoor sports grounds", "Открытых спортплощадок"), PCS, 2, 6)]),
            ("9.2", (
                "Մարզական մրցումներ և առողջ ապրելակերպի միջոցառումներ",
                "Sports competitions and healthy-living events",
                "Спортивные соревнования и мероприятия о здоровом образе жизни",
            ), [(("Մասնակիցներ տարեկան", "Participants per year", "Участников в год"), PEOPLE, 400, 1200)]),
            ("9.3", (
                "Երիտասարդական նախաձեռնությունների և կամավորության խրախուսում",
                "Encourage youth initiatives and volunteering",
                "Поддержка молодёжных инициатив и волонтёрства",
            ), [(("Աջակցված երիտասարդական նախաձեռնություններ", "Youth initiatives supported",
                  "Поддержано молодёжных инициатив"), PCS, 0, 15)]),
        ],
    },
    {
        "code": "10",
        "title": ("Սոցիալական աջակցություն", "Social support", "Социальная поддержка"),
        "description": (
            "Աջակցություն անապահով ընտանիքներին, տարեցներին և հաշմանդամություն ունեցող մարդկանց։",
            "Help for low-income families, older people and people with disabilities.",
            "Помощь малообеспеченным семьям, пожилым людям и людям с инвалидностью.",
        ),
        "objectives": [
            ("10.1", (
                "Սոցիալապես անապահով ընտանիքների աջակցություն",
                "Support low-income families",
                "Поддержка малообеспеченных семей",
            ), [(("Աջակցություն ստացած ընտանիքներ տարեկան", "Families supported per year",
                  "Семей, получивших поддержку, в год"), FAMILIES, 120, 200)]),
            ("10.2", (
                "Տարեցների և հաշմանդամություն ունեցող մարդկանց ներառում",
                "Include older people and people with disabilities",
                "Вовлечение пожилых людей и людей с инвалидностью",
            ), [(("Մատչելի դարձված հանրային շենքեր", "Public buildings made accessible",
                  "Общественных зданий с доступной средой"), PCS, 1, 8)]),
            ("10.3", (
                "Միայնակ տարեցների տնային խնամք",
                "Home care for older people living alone",
                "Патронаж одиноких пожилых людей",
            ), [(("Տնային խնամք ստացող տարեցներ", "Older people receiving home care",
                  "Пожилых людей на патронаже"), PEOPLE, 15, 60)]),
        ],
    },
]

INSTITUTIONS = [
    {
        "slug": "kindergarten-1",
        "kind": Kind.KINDERGARTEN,
        "settlement": "dilijan",
        "name": ("Դիլիջանի թիվ 1 մանկապարտեզ ՀՈԱԿ", "Dilijan Kindergarten No 1", "Детский сад № 1 г. Дилижан"),
        "address": ("ք. Դիլիջան, Մյասնիկյան փ. 23", "23 Myasnikyan St, Dilijan", "г. Дилижан, ул. Мясникяна, 23"),
        "phone": "+374 268 23145",
        "email": "kindergarten1@dilijan.am",
        "head": ("Կարինե Մելքոնյան", "Karine Melkonyan", "Карине Мелконян"),
        "description": (
            "Համայնքի ամենամեծ մանկապարտեզը՝ վեց խմբով և շուրջ 150 երեխայով։",
            "The community's largest kindergarten, with six groups and about 150 children.",
            "Крупнейший детский сад общины: шесть групп, около 150 детей.",
        ),
        "plan": {
            "years": (2023, 2026),
            "mission": (
                "Ապահովել Դիլիջանի 2–6 տարեկան երեխաների անվտանգ, առողջ և զարգացնող նախադպրոցական կրթությունը։",
                "Give every child aged 2 to 6 in Dilijan a safe, healthy and stimulating preschool education.",
                "Обеспечить детям Дилижана от 2 до 6 лет безопасное, здоровое и развивающее дошкольное образование.",
            ),
            "vision": (
                "Մանկապարտեզ, ուր յուրաքանչյուր երեխա գալիս է ուրախությամբ, և որին ծնողները լիովին վստահում են։",
                "A kindergarten every child is happy to come to and every parent trusts.",
                "Детский сад, куда каждый ребёнок приходит с радостью и которому полностью доверяют родители.",
            ),
            "goals": [
                (("Անվտանգ և էներգաարդյունավետ շենք", "A safe, energy-efficient building",
                  "Безопасное и энергоэффективное здание"), ["1.1"]),
                (("Առողջ սնունդ բոլոր երեխաների համար", "Healthy meals for every child",
                  "Здоровое питание для всех детей"), ["1.3", "10.1"]),
                (("Բաց և հաշվետու աշխատանք ծնողների հետ", "Open, accountable work with parents",
                  "Открытая и подотчётная работа с родителями"), ["8.2", "8.3"]),
            ],
        },
    },
    {
        "slug": "music-school",
        "kind": Kind.MUSIC_SCHOOL,
        "settlement": "dilijan",
        "name": ("Դիլիջանի մանկական երաժշտական դպրոց ՀՈԱԿ", "Dilijan Children's Music School",
                 "Детская музыкальная школа г. Дилижан"),
        "address": ("ք. Դիլիջան, Գետափնյա փ. 8", "8 Getapnya St, Dilijan", "г. Дилижан, ул. Гетапня, 8"),
        "phone": "+374 268 24210",
        "email": "music@dilijan.am",
        "head": ("Գայանե Հովհաննիսյան", "Gayane Hovhannisyan", "Гаяне Оганнисян"),
        "description": (
            "Դաշնամուրի, լարային, փողային և ժողովրդական գործիքների բաժիններ, ավելի քան 200 սան։",
            "Piano, string, wind and folk instrument departments, with more than 200 pupils.",
            "Отделения фортепиано, струнных, духовых и народных инструментов, более 200 учащихся.",
        ),
        "plan": {
            "years": (2023, 2026),
            "mission": (
                "Երաժշտական կրթությունը հասանելի դարձնել համայնքի բոլոր երեխաներին՝ անկախ այն բանից, "
                "թե որ բնակավայրում են ապրում։",
                "Make music education available to every child in the community, whichever settlement they live in.",
                "Сделать музыкальное образование доступным каждому ребёнку общины, где бы он ни жил.",
            ),
            "vision": (
                "Դիլիջանը՝ երաժշտության քաղաք, որտեղ կենդանի երաժշտություն է հնչում յուրաքանչյուր գյուղում։",
                "Dilijan as a town of music, with live music in every village.",
                "Дилижан — город музыки, где живая музыка звучит в каждом селе.",
            ),
            "goals": [
                (("Դասարաններ գյուղերում", "Classes in the villages", "Классы в сёлах"), ["2.1"]),
                (("Ժամանակակից գործիքներ", "Modern instruments", "Современные инструменты"), ["2.2"]),
                (("Համերգներ ամբողջ համայնքում", "Concerts across the community", "Концерты по всей общине"),
                 ["2.3", "3.2"]),
            ],
        },
    },
    {
        "slug": "art-school",
        "kind": Kind.ART_SCHOOL,
        "settlement": "dilijan",
        "name": ("Շարամբեյան մանկական արվեստի դպրոց ՀՈԱԿ", "Sharambeyan Children's Art School",
                 "Детская художественная школа «Шарамбеян»"),
        "address": ("ք. Դիլիջան, Շարամբեյան փ. 14", "14 Sharambeyan St, Dilijan", "г. Дилижан, ул. Шарамбеяна, 14"),
        "phone": "+374 268 22876",
        "email": "artschool@dilijan.am",
        "head": ("Տիգրան Առաքելյան", "Tigran Arakelyan", "Тигран Аракелян"),
        "description": (
            "Գտնվում է պատմական Շարամբեյան փողոցում։ Սովորեցնում է նկարչություն, քանդակ, խեցեգործություն "
            "և գորգագործություն։",
            "Housed on historic Sharambeyan Street. Teaches painting, sculpture, ceramics and carpet weaving.",
            None,
        ),
        "plan": {
            "years": (2023, 2026),
            "mission": (
                "Պահպանել և զարգացնել Դիլիջանի գեղարվեստական ավանդույթները՝ երեխաներին սովորեցնելով նկարչություն, "
                "խեցեգործություն և ժողովրդական արհեստներ։",
                "Keep Dilijan's artistic traditions alive by teaching children painting, ceramics and folk crafts.",
                "Сохранять и развивать художественные традиции Дилижана, обучая детей живописи, керамике и "
                "народным ремёслам.",
            ),
            "vision": (
                "Շարամբեյան փողոցը՝ կենդանի արվեստանոց, որտեղ երեխաներն ու վարպետներն աշխատում են կողք կողքի։",
                "Sharambeyan Street as a living workshop where children and masters work side by side.",
                None,
            ),
            "goals": [
                (("Արվեստի դասեր գյուղերի երեխաների համար", "Art lessons for village children",
                  "Уроки искусства для сельских детей"), ["2.1"]),
                (("Ցուցահանդեսներ և արհեստների տոնավաճառներ", "Exhibitions and craft fairs",
                  "Выставки и ярмарки ремёсел"), ["2.3", "7.2"]),
                (("Շարամբեյան փողոցի ժառանգությունը այցելուների համար", "Sharambeyan Street heritage for visitors",
                  None), ["7.1", "3.3"]),
            ],
        },
    },
    {
        "slug": "culture-house",
        "kind": Kind.CULTURE_HOUSE,
        "settlement": "dilijan",
        "name": ("Դիլիջանի մշակույթի տուն ՀՈԱԿ", "Dilijan Culture House", "Дом культуры г. Дилижан"),
        "address": ("ք. Դիլիջան, Կենտրոնական հրապարակ 1", "1 Central Square, Dilijan",
                    "г. Дилижан, Центральная площадь, 1"),
        "phone": "+374 268 22050",
        "email": "culture@dilijan.am",
        "head": ("Նարինե Պետրոսյան", "Narine Petrosyan", "Нарине Петросян"),
        "description": (
            "Համայնքի մշակութային կենտրոնը՝ 400 տեղանոց դահլիճով, պարի, երգի և թատերական խմբակներով։ "
            "Միջոցառումներ է կազմակերպում նաև գյուղերում։",
            "The community's cultural centre, with a 400-seat hall and dance, singing and drama clubs. "
            "It also runs events in the villages.",
            "Культурный центр общины: зал на 400 мест, танцевальные, вокальные и театральные кружки. "
            "Проводит мероприятия и в сёлах.",
        ),
        "plan": {
            "years": (2023, 2026),
            "mission": (
                "Մշակութային կյանքը հասցնել համայնքի բոլոր բնակավայրեր և բոլոր տարիքի բնակիչներին տալ հանդիպման վայր։",
                "Bring cultural life to every settlement and give residents of all ages a place to meet.",
                "Нести культурную жизнь во все населённые пункты и дать жителям всех возрастов место для встреч.",
            ),
            "vision": (
                "Ակտիվ համայնք, որտեղ յուրաքանչյուր բնակիչ գտնում է իր խմբակը, իր տոնը և իր հանդիսատեսին։",
                "An active community where every resident finds a club, a celebration and an audience.",
                "Активная община, где каждый житель находит свой кружок, свой праздник и своего зрителя.",
            ),
            "goals": [
                (("Համայնքային տոներ և փառատոներ", "Community holidays and festivals",
                  "Общинные праздники и фестивали"), ["3.1"]),
                (("Խմբակներ և ստեղծագործական կոլեկտիվներ", "Clubs and creative groups",
                  "Кружки и творческие коллективы"), ["3.2"]),
                (("Երիտասարդական և մարզական ծրագրեր", "Youth and sport programmes",
                  "Молодёжные и спортивные программы"), ["9.2", "9.3"]),
                (("Տարեցների և խոցելի խմբերի ներառում", "Including older and vulnerable people",
                  "Вовлечение пожилых и уязвимых групп"), ["10.1", "10.2"]),
            ],
        },
    },
    {
        "slug": "communal-services",
        "kind": Kind.COMMUNAL_SERVICES,
        "settlement": "dilijan",
        "name": ("Դիլիջանի կոմունալ ծառայություն ՀՈԱԿ", "Dilijan Communal Services", "Коммунальная служба Дилижана"),
        "address": ("ք. Դիլիջան, Երևանյան փ. 60", "60 Yerevanyan St, Dilijan", "г. Дилижан, ул. Ереванян, 60"),
        "phone": "+374 268 27733",
        "email": "communal@dilijan.am",
        "head": ("Սամվել Դավթյան", "Samvel Davtyan", "Самвел Давтян"),
        "description": (
            "Պատասխանատու է աղբահանության, փողոցների լուսավորության, ճանապարհների, կանաչապատման և գյուղերի "
            "ջրամատակարարման համար։",
            "Responsible for waste collection, street lighting, roads, green spaces and the villages' water supply.",
            None,
        ),
        "plan": {
            "years": (2022, 2026),
            "mission": (
                "Մաքուր, լուսավոր և անվտանգ միջավայր համայնքի բոլոր բնակավայրերում։",
                "A clean, well-lit and safe environment in every settlement of the community.",
                "Чистая, освещённая и безопасная среда во всех населённых пунктах общины.",
            ),
            "vision": (
                "Յոթ բնակավայր՝ ծառայությունների նույն որակով։",
                "Seven settlements, one standard of service.",
                "Семь населённых пунктов — один уровень услуг.",
            ),
            "goals": [
                (("Աղբահանություն յուրաքանչյուր գյուղում", "Waste collection in every village",
                  "Вывоз мусора в каждом селе"), ["4.1", "4.2", "4.3"]),
                (("Ճանապարհներ և լուսավորություն", "Roads and lighting", "Дороги и освещение"),
                 ["5.1", "5.2", "5.3"]),
                (("Ջուր բոլոր տներին", "Water for every home", "Вода в каждый дом"), ["6.1", "6.2"]),
                (("Պատմական միջավայրի պահպանություն", "Caring for the historic town", "Сохранение исторической среды"),
                 ["7.1"]),
            ],
        },
    },
    {
        "slug": "haghartsin-kindergarten",
        "kind": Kind.KINDERGARTEN,
        "settlement": "haghartsin",
        "name": ("Հաղարծինի մանկապարտեզ ՀՈԱԿ", "Haghartsin Kindergarten", "Детский сад села Агарцин"),
        "address": ("գ. Հաղարծին, 3-րդ փողոց, 5", "5 3rd Street, Haghartsin", "с. Агарцин, 3-я улица, 5"),
        "phone": "+374 268 60215",
        "email": "haghartsin-kindergarten@dilijan.am",
        "head": ("Լիլիթ Ավետիսյան", "Lilit Avetisyan", "Лилит Аветисян"),
        "description": (
            "Երկու խումբ՝ 45 երեխայով։ Նախադպրոցական խումբ է վարում նաև Թեղուտում։",
            "Two groups with 45 children. It also runs a preschool group in Teghut.",
            None,
        ),
        "plan": {
            "years": (2024, 2026),
            "mission": (
                "Նախադպրոցական կրթություն Հաղարծինի և հարևան գյուղերի երեխաների համար։",
                "Preschool education for the children of Haghartsin and the neighbouring villages.",
                None,
            ),
            "vision": (
                "Ոչ մի երեխա առանց մանկապարտեզի, ոչ մի գյուղում։",
                "No child without a kindergarten, in any village.",
                None,
            ),
            "goals": [
                (("Նախադպրոցական խմբեր հարևան գյուղերում", "Preschool groups in neighbouring villages",
                  "Дошкольные группы в соседних сёлах"), ["1.2"]),
                (("Տաք և անվտանգ շենք", "A warm and safe building", "Тёплое и безопасное здание"), ["1.1"]),
                (("Առողջ սնունդ", "Healthy meals", None), ["1.3"]),
            ],
        },
    },
]

# Venues by kind: the town's own, and patterns for the villages ({hy}, {gen}, {en}, {ru} are the
# village's names; Armenian genitives all end in -ի here).
TOWN_VENUES = {
    "culture": ("Դիլիջանի մշակույթի տուն", "Dilijan Culture House", "Дом культуры Дилижана"),
    "school": ("Դիլիջանի թիվ 1 միջնակարգ դպրոց", "Dilijan Secondary School No 1", "Средняя школа № 1 г. Дилижан"),
    "square": ("Դիլիջանի կենտրոնական հրապարակ", "Central Square, Dilijan", "Центральная площадь Дилижана"),
    "sports": ("Դիլիջանի քաղաքային մարզադաշտ", "Dilijan town stadium", "Городской стадион Дилижана"),
    "park": ("Դիլիջանի քաղաքային այգի", "Dilijan town park", "Городской парк Дилижана"),
    "kindergarten": ("Թիվ 1 մանկապարտեզ, Մյասնիկյան փ. 23", "Kindergarten No 1, 23 Myasnikyan St",
                     "Детский сад № 1, ул. Мясникяна, 23"),
    "music": ("Երաժշտական դպրոցի համերգասրահ", "Music School concert hall", "Концертный зал музыкальной школы"),
    "art": ("Արվեստի դպրոցի ցուցասրահ, Շարամբեյան փ. 14", "Art School gallery, 14 Sharambeyan St",
            "Выставочный зал художественной школы, ул. Шарамбеяна, 14"),
    "streets": ("Դիլիջանի կենտրոնի փողոցներ", "Streets of central Dilijan", "Улицы центра Дилижана"),
}
VILLAGE_VENUES = {
    "culture": ("{gen} համայնքային կենտրոն", "{en} community centre", "Общественный центр села {ru}"),
    "school": ("{gen} միջնակարգ դպրոց", "{en} school", "Школа села {ru}"),
    "square": ("{gen} կենտրոնական հրապարակ", "{en} village square", "Центральная площадь села {ru}"),
    "sports": ("{gen} դպրոցի մարզադաշտ", "{en} school sports ground", "Спортплощадка школы села {ru}"),
    "kindergarten": ("{gen} դպրոցի նախադպրոցական խումբ", "Preschool group, {en} school",
                     "Дошкольная группа школы села {ru}"),
    "streets": ("{hy} գյուղ", "{en} village", "село {ru}"),
}
# A village has no music hall, gallery or park of its own.
VILLAGE_VENUE_ALIASES = {"music": "culture", "art": "culture", "park": "square"}
VENUE_OVERRIDES = {
    ("haghartsin", "kindergarten"): ("Հաղարծինի մանկապարտեզ", "Haghartsin Kindergarten", "Детский сад села Агарцин"),
}
PLACES = {
    "depot": ("Կոմունալ ծառայության տնտեսական բակ", "Communal Services yard",
              "Хозяйственный двор коммунальной службы"),
    "sharambeyan": ("Շարամբեյան փողոց", "Sharambeyan Street", "Улица Шарамбеяна"),
    "lake": ("Պարզ լճի ափ", "Lake Parz shore", "Берег озера Парз"),
    "goshavank": ("Գոշավանքի համալիրի տարածք", "Goshavank monastery grounds", "Территория монастыря Гошаванк"),
}

# The actions the demo is built around. "when" is a day offset from today, or (month, day) for the
# latest such date in the demo window; "days" > 1 or no "time" makes it a work spanning days.
KEY_ACTIONS = [
    {
        "institution": "kindergarten-1", "settlement": "dilijan", "venue": "kindergarten",
        "title": ("Թիվ 1 մանկապարտեզի տանիքի վերանորոգում", "Roof repair at Kindergarten No 1",
                  "Ремонт кровли детского сада № 1"),
        "description": (
            "Կփոխարինվեն տանիքի ծածկը և ջրահեռացման համակարգը, կջերմամեկուսացվի ձեղնահարկը։ Աշխատանքների "
            "ընթացքում խմբերը կտեղափոխվեն շենքի արևելյան թև։",
            "The roof covering and gutters are replaced and the attic insulated. During the works the groups "
            "move to the east wing of the building.",
            "Замена кровельного покрытия и водостоков, утепление чердака. На время работ группы переводятся в "
            "восточное крыло здания.",
        ),
        "when": (6, 10), "days": 60, "budget": 38_000_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["1.1"], "category": "works",
    },
    {
        "institution": "music-school", "settlement": "dilijan", "venue": "music",
        "title": ("Երաժշտական գործիքների ձեռքբերում", "New musical instruments for the Music School",
                  "Закупка музыкальных инструментов для музыкальной школы"),
        "description": (
            "Կգնվեն երկու դաշնամուր, ջութակներ, քանոն, դուդուկներ և հարվածային գործիքներ, որոնց մի մասը "
            "կտրամադրվի գյուղերի դասարաններին։",
            "Two pianos, violins, a kanon, duduks and percussion are bought; some go to the classes in the villages.",
            "Закупаются два фортепиано, скрипки, канон, дудуки и ударные; часть инструментов передаётся классам "
            "в сёлах.",
        ),
        "when": -130, "days": 40, "budget": 9_000_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["2.2", "2.1"], "category": "procurement",
    },
    {
        "institution": "culture-house", "settlement": "dilijan", "venue": "square",
        "title": ("Դիլիջանի քաղաքի օր", "Dilijan City Day festival", "Праздник «День города Дилижан»"),
        "description": (
            "Ամբողջօրյա տոն կենտրոնական հրապարակում՝ ժողովրդական երգ ու պար, արհեստավորների տոնավաճառ, "
            "մանկական խաղեր և երեկոյան համերգ։",
            "A day-long celebration on Central Square: folk song and dance, a craft fair, children's games "
            "and an evening concert.",
            "Праздник на центральной площади весь день: народные песни и танцы, ярмарка ремёсел, детские игры "
            "и вечерний концерт.",
        ),
        "when": (9, 13), "time": "12:00", "hours": 10, "budget": 12_000_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["3.1"], "category": "festival", "participants": (3000, 6000),
    },
    {
        "institution": "communal-services", "settlement": "dilijan", "venue": "depot",
        "title": ("Նոր աղբատար մեքենայի ձեռքբերում", "A new garbage truck", "Приобретение нового мусоровоза"),
        "description": (
            "Ձեռք է բերվում 16 խմ տարողությամբ աղբատար մեքենա, որպեսզի Գոշում, Հովքում և Աղավնավանքում "
            "աղբը հանվի շաբաթական երկու անգամ։",
            "A 16 m³ garbage truck is bought so that waste is collected twice a week in Gosh, Hovk and Aghavnavank.",
            "Приобретается мусоровоз объёмом 16 м³, чтобы вывозить мусор в Гоше, Овке и Агавнаванке дважды в неделю.",
        ),
        "when": -210, "days": 45, "budget": 65_000_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["4.1", "4.2"], "category": "procurement",
    },
    {
        "institution": "communal-services", "settlement": "haghartsin", "venue": "streets",
        "title": ("Լուսադիոդային փողոցային լուսավորություն Հաղարծինում", "LED street lighting in Haghartsin",
                  "Светодиодное уличное освещение в Агарцине"),
        "description": (
            "Գյուղի բոլոր փողոցներում կտեղադրվեն 160 լուսադիոդային լուսատու և 4,2 կմ նոր մալուխ։",
            "160 LED lamps and 4.2 km of new cable are installed along every street of the village.",
            "На всех улицах села устанавливаются 160 светодиодных светильников и 4,2 км нового кабеля.",
        ),
        "when": -170, "days": 75, "budget": 48_000_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["5.2"], "category": "works",
    },
    {
        "institution": "communal-services", "settlement": "hovk", "venue": "streets",
        "title": ("Հովքի խմելու ջրագծի կառուցում", "New drinking water line for Hovk",
                  "Строительство водопровода питьевой воды в Овке"),
        "description": (
            "Կկառուցվեն 6,8 կմ նոր ջրագիծ և 150 խմ ջրավազան, որպեսզի գյուղը ջուր ստանա շուրջօրյա։ "
            "Ծրագիրը ֆինանսավորվում է պետական սուբվենցիայով։",
            "6.8 km of new pipeline and a 150 m³ reservoir are built so that the village has water around the "
            "clock. Funded by a state subvention.",
            "Строится 6,8 км нового водопровода и резервуар на 150 м³, чтобы село получало воду круглосуточно. "
            "Финансируется государственной субвенцией.",
        ),
        "when": -75, "days": 150, "budget": 85_000_000, "funding": Fund.STATE_SUBVENTION,
        "objectives": ["6.1"], "category": "works",
    },
    {
        "institution": "communal-services", "settlement": "aghavnavank", "venue": "sports",
        "title": ("Մարզահրապարակի կառուցում Աղավնավանքում", "A sports ground for Aghavnavank", None),
        "description": (
            "Դպրոցի մոտ կկառուցվի արհեստական ծածկով բազմաֆունկցիոնալ մարզահրապարակ՝ ֆուտբոլի, բասկետբոլի և "
            "վոլեյբոլի համար, լուսավորությամբ և նստարաններով։",
            "A multi-purpose ground with artificial turf for football, basketball and volleyball, with lights "
            "and benches, is built next to the school.",
            None,
        ),
        "when": 25, "days": 70, "budget": 26_000_000, "funding": Fund.DONOR,
        "objectives": ["9.1"], "category": "works",
    },
    {
        "institution": "communal-services", "settlement": "teghut", "venue": "streets",
        "title": ("Թեղուտի կենտրոնական փողոցի ասֆալտապատում", "Resurfacing Teghut's main street",
                  "Асфальтирование центральной улицы Техута"),
        "description": (
            "Կասֆալտապատվի 1,4 կմ փողոց, կկառուցվեն ջրահեռացման առուներ։",
            "1.4 km of street is resurfaced and drainage ditches are dug.",
            "Асфальтируются 1,4 км улицы, устраиваются водоотводные канавы.",
        ),
        "when": -100, "days": 30, "budget": 14_500_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["5.1"], "category": "works",
    },
    {
        "institution": "communal-services", "settlement": "gosh", "venue": "streets",
        "title": ("Կանգառների նորացում Գոշում", "New bus shelters in Gosh", None),
        "description": (
            "Գյուղի երեք կանգառներում կտեղադրվեն սպասման նոր տաղավարներ՝ նստարաններով և լուսավորությամբ։",
            "Three bus stops in the village get new shelters with benches and lights.",
            None,
        ),
        "when": 40, "days": 20, "budget": 6_800_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["5.3"], "category": "works",
    },
    {
        "institution": "communal-services", "settlement": "khachardzan", "venue": "streets",
        "title": ("Աղբամանների տեղադրում Խաչարձանում", "Waste bins and a collection point for Khachardzan",
                  "Установка мусорных контейнеров в Хачардзане"),
        "description": (
            "Կտեղադրվեն 24 աղբաման և մեկ ցանկապատված աղբահավաք կետ, կվերացվի գետափի ինքնաբուխ աղբավայրը։",
            "24 bins and one fenced collection point are installed, and the illegal dump on the river bank is cleared.",
            "Устанавливаются 24 контейнера и огороженная площадка для сбора мусора, ликвидируется стихийная свалка "
            "на берегу реки.",
        ),
        "when": -40, "days": 10, "budget": 3_200_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["4.3", "4.2"], "category": "works",
    },
    {
        "institution": "communal-services", "settlement": "dilijan", "venue": "sharambeyan",
        "title": ("Շարամբեյան փողոցի պատմական շենքերի ճակատների վերականգնում",
                  "Restoring historic façades on Sharambeyan Street",
                  "Реставрация исторических фасадов на улице Шарамбеяна"),
        "description": (
            "Կվերականգնվեն XIX դարի չորս տների փայտե պատշգամբներն ու քարե ճակատները՝ պահպանելով դրանց "
            "սկզբնական տեսքը։",
            "The wooden balconies and stone façades of four 19th-century houses are restored to their original look.",
            "Восстанавливаются деревянные балконы и каменные фасады четырёх домов XIX века с сохранением "
            "их исторического облика.",
        ),
        "when": -20, "days": 120, "budget": 22_000_000, "funding": Fund.STATE_SUBVENTION,
        "objectives": ["7.1"], "category": "works",
    },
    {
        "institution": "haghartsin-kindergarten", "settlement": "haghartsin", "venue": "kindergarten",
        "title": ("Հաղարծինի մանկապարտեզի ջեռուցման համակարգի փոխարինում",
                  "New heating system at Haghartsin Kindergarten", None),
        "description": (
            "Կտեղադրվեն գազի նոր կաթսա և ռադիատորներ, կմեկուսացվեն խողովակները, որպեսզի ձմռանը խմբասենյակներում "
            "լինի առնվազն 20 աստիճան։",
            "A new gas boiler and radiators are installed and the pipes insulated, to keep the group rooms at "
            "20 °C or more in winter.",
            None,
        ),
        "when": -250, "days": 30, "budget": 7_400_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["1.1"], "category": "works",
    },
    {
        "institution": "haghartsin-kindergarten", "settlement": "teghut", "venue": "school",
        "title": ("Նախադպրոցական խմբի բացում Թեղուտում", "Opening a preschool group in Teghut",
                  "Открытие дошкольной группы в Техуте"),
        "description": (
            "Դպրոցի շենքում կկահավորվի սենյակ 20 երեխայի համար, կընդունվեն դաստիարակ և օգնական։ Խումբը կաշխատի "
            "Հաղարծինի մանկապարտեզի կազմում։",
            "A room in the school is furnished for 20 children, and a teacher and an assistant are hired. "
            "The group is run by Haghartsin Kindergarten.",
            "В здании школы оборудуется помещение на 20 детей, принимаются воспитатель и помощник. Группа "
            "работает в составе детского сада Агарцина.",
        ),
        "when": -280, "days": 25, "budget": 4_600_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["1.2"], "category": "works",
    },
    {
        "institution": "haghartsin-kindergarten", "settlement": "gosh", "venue": "culture",
        "title": ("Նախադպրոցական խմբի բացում Գոշում", "Opening a preschool group in Gosh", None),
        "description": (
            "Գոշի համայնքային կենտրոնում կկահավորվի խմբասենյակ 15 երեխայի համար։",
            "A group room for 15 children is furnished in the Gosh community centre.",
            None,
        ),
        "when": 55, "days": 30, "budget": 5_100_000, "funding": Fund.DONOR,
        "objectives": ["1.2"], "category": "works",
    },
    {
        "institution": "music-school", "settlement": "haghartsin", "venue": "school",
        "title": ("Դաշնամուրի դասարանի բացում Հաղարծինում", "A piano class opens in Haghartsin",
                  "Открытие класса фортепиано в Агарцине"),
        "description": (
            "Երաժշտական դպրոցի ուսուցիչը շաբաթը երկու անգամ դասեր կանցկացնի գյուղի դպրոցում, որտեղ կտեղադրվի "
            "դաշնամուր։",
            "A Music School teacher gives lessons twice a week at the village school, where a piano is installed.",
            "Преподаватель музыкальной школы дважды в неделю ведёт занятия в сельской школе, где устанавливается "
            "фортепиано.",
        ),
        "when": -190, "days": 14, "budget": 1_800_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["2.1"], "category": "class", "participants": (8, 14),
    },
    {
        "institution": "art-school", "settlement": "gosh", "venue": "goshavank",
        "title": ("Բացօթյա նկարչության դասընթաց Գոշավանքի մոտ", "Open-air painting course at Goshavank",
                  "Пленэр у монастыря Гошаванк"),
        "description": (
            "Արվեստի դպրոցի և Գոշի դպրոցի սաները տասը օր կնկարեն վանական համալիրն ու շրջակա բնությունը։ "
            "Աշխատանքները կցուցադրվեն դասընթացի վերջում։",
            "For ten days pupils of the Art School and the Gosh school paint the monastery and the landscape "
            "around it. The work is shown at the end of the course.",
            "Десять дней учащиеся художественной школы и школы Гоша рисуют монастырь и окрестности. В конце "
            "курса работы выставляются.",
        ),
        "when": (7, 8), "days": 10, "budget": 1_200_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["2.1", "2.3"], "category": "class", "participants": (15, 30),
    },
    {
        "institution": "music-school", "settlement": "dilijan", "venue": "culture",
        "title": ("Ամանորյա համերգ", "New Year concert", "Новогодний концерт"),
        "description": (
            "Երաժշտական դպրոցի սաներն ու ուսուցիչները կկատարեն ամանորյա երգեր և դասական ստեղծագործություններ։ "
            "Մուտքն ազատ է։",
            "Pupils and teachers of the Music School play New Year songs and classical pieces. Free entry.",
            "Учащиеся и преподаватели музыкальной школы исполнят новогодние песни и классические произведения. "
            "Вход свободный.",
        ),
        "when": (12, 27), "time": "17:00", "hours": 2, "budget": 800_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["2.3", "3.1"], "category": "concert", "participants": (200, 350),
    },
    {
        "institution": "culture-house", "settlement": "dilijan", "venue": "square",
        "title": ("Անկախության տոնին նվիրված համերգ", "Independence Day concert", "Концерт ко Дню независимости"),
        "description": (
            "Կենտրոնական հրապարակում հանդես կգան մշակույթի տան պարային և երգչային խմբերը, ինչպես նաև "
            "հրավիրյալ կատարողներ։",
            "The Culture House dance and choir groups and guest performers take the stage on Central Square.",
            "На центральной площади выступят танцевальные и хоровые коллективы Дома культуры и приглашённые "
            "исполнители.",
        ),
        "when": (9, 21), "time": "19:00", "hours": 3, "budget": 2_500_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["3.1"], "category": "concert", "participants": (800, 2000),
    },
    {
        "institution": "culture-house", "settlement": "dilijan", "venue": "park",
        "title": ("Երեխաների պաշտպանության օր", "Children's Day in the town park",
                  "День защиты детей в городском парке"),
        "description": (
            "Խաղեր, նկարչություն ասֆալտին, տիկնիկային թատրոն և պաղպաղակ բոլոր երեխաների համար։",
            "Games, chalk drawing, a puppet theatre and ice cream for every child.",
            "Игры, рисунки мелом на асфальте, кукольный театр и мороженое для всех детей.",
        ),
        "when": (6, 1), "time": "11:00", "hours": 4, "budget": 1_900_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["3.1", "9.2"], "category": "festival", "participants": (400, 900),
    },
    {
        "institution": "kindergarten-1", "settlement": "dilijan", "venue": "kindergarten",
        "title": ("Անվճար սնունդ անապահով ընտանիքների երեխաների համար",
                  "Free meals for children from low-income families",
                  "Бесплатное питание для детей из малообеспеченных семей"),
        "description": (
            "Սոցիալապես անապահով ընտանիքների 35 երեխա ամբողջ կիսամյակի ընթացքում մանկապարտեզում կսնվի անվճար։",
            "35 children from low-income families get free meals at the kindergarten for the whole term.",
            "35 детей из малообеспеченных семей в течение полугодия бесплатно питаются в детском саду.",
        ),
        "when": -240, "days": 120, "budget": 2_400_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["10.1", "1.3"], "category": "support", "participants": (35, 35),
    },
    {
        "institution": "culture-house", "settlement": "dilijan", "venue": "culture",
        "title": ("Թեքահարթակ և մատչելի մուտք մշակույթի տանը", "A ramp and step-free entrance at the Culture House",
                  "Пандус и доступный вход в Доме культуры"),
        "description": (
            "Կկառուցվի թեքահարթակ, կլայնացվի մուտքը և կկահավորվի հարմարեցված սանհանգույց՝ սայլակով "
            "տեղաշարժվողների համար։",
            "A ramp is built, the entrance widened and an accessible toilet fitted for wheelchair users.",
            "Строится пандус, расширяется вход и оборудуется доступный санузел для людей на колясках.",
        ),
        "when": 10, "days": 20, "budget": 3_600_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["10.2"], "category": "works",
    },
    {
        "institution": "communal-services", "settlement": "dilijan", "venue": "streets",
        "title": ("Ձմեռային ճանապարհների սպասարկում և ձյան մաքրում", "Winter road maintenance and snow clearing",
                  "Зимнее содержание дорог и уборка снега"),
        "description": (
            "Ձնամաքրիչ տեխնիկան կսպասարկի Դիլիջանի և գյուղերի միջև ճանապարհները, կօգտագործվի 400 տոննա "
            "ավազաաղային խառնուրդ։",
            "Snow ploughs keep the roads between Dilijan and the villages open; 400 tonnes of sand and salt are used.",
            "Снегоуборочная техника обслуживает дороги между Дилижаном и сёлами; используется 400 тонн "
            "песчано-солевой смеси.",
        ),
        "when": (12, 1), "days": 90, "budget": 9_500_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["5.1"], "category": "works",
    },
    {
        "institution": "culture-house", "settlement": "dilijan", "venue": "culture",
        "title": ("Դասընթաց հաստատությունների աշխատակիցների համար՝ առցանց հարթակի օգտագործում",
                  "Training for institution staff on the online platform",
                  "Обучение сотрудников учреждений работе с онлайн-платформой"),
        "description": (
            "Հաստատությունների պատասխանատուները կսովորեն հրապարակել ժամանակացույցը և հաշվետվությունները, "
            "իսկ աշխատակազմը՝ պատասխանել առցանց դիմումներին։",
            "Institution staff learn to publish their schedules and reports, and municipal staff to answer "
            "online appeals.",
            "Ответственные сотрудники учреждений учатся публиковать график и отчёты, а сотрудники мэрии — "
            "отвечать на онлайн-обращения.",
        ),
        "when": -45, "time": "10:00", "hours": 3, "budget": 450_000, "funding": Fund.DONOR,
        "objectives": ["8.1", "8.2"], "category": "meeting", "participants": (20, 30),
    },
    # Cancelled and postponed: a published action is never deleted, it says why it did not happen.
    {
        "institution": "culture-house", "settlement": "dilijan", "venue": "lake",
        "title": ("Ջազային երեկո Պարզ լճի մոտ", "Jazz evening at Lake Parz", "Джазовый вечер у озера Парз"),
        "description": (
            "Բացօթյա համերգ Դիլիջանի ջազ նվագախմբի մասնակցությամբ։",
            "An open-air concert by the Dilijan jazz band.",
            "Концерт под открытым небом с участием дилижанского джаз-бэнда.",
        ),
        "when": -80, "time": "19:00", "hours": 2, "budget": 1_500_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["3.1"], "category": "concert",
        "status": "cancelled",
        "reason": (
            "Միջոցառումը չեղարկվեց ուժեղ անձրևի և կարկտի նախազգուշացման պատճառով։ Միջոցները վերադարձվել են "
            "համայնքի բյուջե։",
            "Cancelled because of a warning of heavy rain and hail. The money has gone back to the community budget.",
            "Отменено из-за предупреждения о сильном дожде и граде. Средства возвращены в бюджет общины.",
        ),
    },
    {
        "institution": "culture-house", "settlement": "khachardzan", "venue": "culture",
        "title": ("Տիկնիկային ներկայացում Խաչարձանում", "Puppet show in Khachardzan", None),
        "description": (
            "Երևանյան տիկնիկային թատրոնի հյուրախաղ գյուղի երեխաների համար։",
            "A touring show by a Yerevan puppet theatre for the village children.",
            None,
        ),
        "when": -25, "time": "12:00", "hours": 1, "budget": 350_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["3.2"], "category": "concert",
        "status": "cancelled",
        "reason": (
            "Համայնքային կենտրոնի ջեռուցման համակարգը վթարի է ենթարկվել, և դահլիճը հնարավոր չէ տաքացնել։ "
            "Գարնանը կծրագրվի նոր ներկայացում։",
            "The heating in the community centre broke down and the hall cannot be heated. A new show will be "
            "planned for the spring.",
            None,
        ),
    },
    {
        "institution": "communal-services", "settlement": "gosh", "venue": "streets",
        "title": ("Աղբի տեսակավորման փորձնական ծրագիր Գոշում", "Waste sorting pilot in Gosh",
                  "Пилотный проект сортировки мусора в Гоше"),
        "description": (
            "Գյուղում կտեղադրվեն պլաստիկի և թղթի առանձին աղբամաններ, կանցկացվեն իրազեկման հանդիպումներ։",
            "Separate bins for plastic and paper are put up in the village and residents are briefed.",
            "В селе устанавливаются отдельные контейнеры для пластика и бумаги, проводятся информационные встречи.",
        ),
        "when": -200, "days": 30, "budget": 2_800_000, "funding": Fund.DONOR,
        "objectives": ["4.3"], "category": "works",
        "status": "cancelled",
        "reason": (
            "Դոնոր կազմակերպությունը դադարեցրեց ծրագրի ֆինանսավորումը։ Տեսակավորման աղբամանները կներառվեն "
            "հաջորդ տարվա բյուջեում։",
            "The donor withdrew its funding. Sorting bins will be included in next year's budget.",
            None,
        ),
    },
    {
        "institution": "culture-house", "settlement": "dilijan", "venue": "square",
        "title": ("Հեծանվավազք Դիլիջան–Հաղարծին", "Dilijan–Haghartsin cycling race", None),
        "description": (
            "Սիրողական հեծանվավազք կենտրոնական հրապարակից մինչև Հաղարծինի վանք և հետ։",
            "An amateur race from Central Square to Haghartsin monastery and back.",
            None,
        ),
        "when": 30, "time": "10:00", "hours": 4, "budget": 1_200_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["9.2"], "category": "sport",
        "status": "cancelled",
        "reason": (
            "Հաղարծինի ճանապարհի վերանորոգման պատճառով երթուղին փակ կլինի, ուստի մրցավազքն այս տարի "
            "չի անցկացվի։",
            None,
            None,
        ),
    },
    {
        "institution": "music-school", "settlement": "teghut", "venue": "school",
        "title": ("Երաժշտական դպրոցի սաների համերգ Թեղուտում", "Music School pupils' concert in Teghut",
                  "Концерт учащихся музыкальной школы в Техуте"),
        "description": (
            "Գյուղի երեխաների համար կհնչեն դասական և ժողովրդական ստեղծագործություններ։",
            "Classical and folk pieces for the village children.",
            "Классические и народные произведения для сельских детей.",
        ),
        "when": 5, "time": "15:00", "hours": 2, "budget": 400_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["2.3"], "category": "concert",
        "status": "postponed",
        "reason": (
            "Դպրոցի դահլիճը վերանորոգվում է։ Համերգը կանցկացվի վերանորոգումն ավարտվելուց հետո, նոր ամսաթիվը "
            "կհրապարակվի։",
            "The school hall is being repaired. The concert will take place once the repair is finished; "
            "the new date will be announced.",
            "В школьном зале идёт ремонт. Концерт пройдёт после его окончания, новая дата будет объявлена.",
        ),
    },
    {
        "institution": "communal-services", "settlement": "hovk", "venue": "culture",
        "title": ("Հանրային քննարկում Հովքի ջրագծի վերաբերյալ", "Public hearing on the Hovk water line", None),
        "description": (
            "Նախագծողը կներկայացնի աշխատանքների ժամանակացույցը և կպատասխանի բնակիչների հարցերին։",
            "The designer presents the work schedule and answers residents' questions.",
            None,
        ),
        "when": 12, "time": "17:00", "hours": 2, "budget": 150_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["6.1", "8.3"], "category": "meeting",
        "status": "postponed",
        "reason": (
            "Նախագծող կազմակերպության ներկայացուցիչը նշված օրը չի կարող մասնակցել։ Քննարկումը կտեղափոխվի "
            "հաջորդ ամիս։",
            "The design company's representative cannot attend on that day. The hearing moves to next month.",
            None,
        ),
    },
    {
        "institution": "kindergarten-1", "settlement": "dilijan", "venue": "kindergarten",
        "title": ("Մանկապարտեզի խաղահրապարակի նորացում", "New playground at Kindergarten No 1",
                  "Обновление игровой площадки детского сада № 1"),
        "description": (
            "Կտեղադրվեն նոր ճոճանակներ, սահարաններ և ռետինե անվտանգ ծածկ։",
            "New swings, slides and a safe rubber surface are installed.",
            "Устанавливаются новые качели, горки и безопасное резиновое покрытие.",
        ),
        "when": 45, "days": 20, "budget": 5_500_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["1.1"], "category": "works",
        "status": "postponed",
        "reason": (
            "Գնման մրցույթը չկայացավ, քանի որ ոչ մի հայտ չներկայացվեց։ Մրցույթը կհայտարարվի կրկին։",
            "No bids were submitted in the tender. It will be announced again.",
            "Конкурс не состоялся: не подано ни одной заявки. Он будет объявлен повторно.",
        ),
    },
    {
        "institution": "culture-house", "settlement": "aghavnavank", "venue": "sports",
        "title": ("Մինի-ֆուտբոլի մրցաշար Աղավնավանքում", "Mini-football tournament in Aghavnavank", None),
        "description": (
            "Մրցաշար համայնքի գյուղերի դպրոցականների թիմերի միջև։",
            "A tournament between school teams from the community's villages.",
            None,
        ),
        "when": 60, "time": "11:00", "hours": 4, "budget": 300_000, "funding": Fund.COMMUNITY_BUDGET,
        "objectives": ["9.2"], "category": "sport",
        "status": "postponed",
        "reason": (
            "Նոր մարզահրապարակի շինարարությունը դեռ չի ավարտվի։ Մրցաշարը կանցկացվի մարզահրապարակի բացումից հետո։",
            "The new sports ground will not be finished yet. The tournament will be held after it opens.",
            None,
        ),
    },
]

# Routine events and works the schedule is filled with. "times" makes a one-day event, "days" a work;
# "months" keeps outdoor ones in their season.
WARM = (4, 5, 6, 7, 8, 9, 10)
SUMMER = (5, 6, 7, 8, 9)
SNOWLESS = (3, 4, 5, 6, 7, 8, 9, 10, 11)
PLANTING = (3, 4, 5, 10, 11)
_PARENTS_MEETING = {
    "venue": "kindergarten", "times": ["17:30"], "hours": 2, "budget": (150_000, 200_000),
    "funding": [Fund.COMMUNITY_BUDGET], "objectives": ["8.2", "8.3"], "category": "meeting",
    "participants": (25, 80),
    "title": ("Ծնողական ժողով և տարեկան հաշվետվություն", "Parents' meeting and annual report",
              "Родительское собрание и отчёт за год"),
    "description": (
        "Տնօրենը կներկայացնի տարվա ծախսերն ու արդյունքները, կքննարկվեն ծնողների առաջարկները։",
        "The head presents the year's spending and results, and parents' suggestions are discussed.",
        "Заведующая представит расходы и результаты года, будут обсуждены предложения родителей.",
    ),
}
_HEALTH_CHECK = {
    "venue": "kindergarten", "times": ["10:00"], "hours": 4, "budget": (250_000, 600_000),
    "funding": [Fund.COMMUNITY_BUDGET, Fund.OTHER], "objectives": ["1.3"], "category": "health",
    "participants": (30, 120),
    "title": ("Երեխաների բժշկական զննություն", "Children's health check-up", "Медицинский осмотр детей"),
    "description": (
        "Մանկաբույժը, ատամնաբույժը և ակնաբույժը կզննեն բոլոր խմբերի երեխաներին։",
        "A paediatrician, a dentist and an eye doctor examine the children of every group.",
        "Педиатр, стоматолог и офтальмолог осмотрят детей всех групп.",
    ),
}
_MATINEE = {
    "venue": "kindergarten", "times": ["11:00"], "hours": 1, "budget": (150_000, 300_000),
    "funding": [Fund.COMMUNITY_BUDGET], "objectives": ["1.2"], "category": "concert",
    "participants": (40, 120),
    "title": ("Տոնական ցերեկույթ մանկապարտեզում", "Holiday matinee at the kindergarten",
              "Праздничный утренник в детском саду"),
    "description": (
        "Երեխաները ծնողների համար կներկայացնեն երգեր, ոտանավորներ և պարեր։",
        "The children perform songs, poems and dances for their parents.",
        "Дети покажут родителям песни, стихи и танцы.",
    ),
}
_KINDERGARTENS = [("kindergarten-1", TOWN), ("haghartsin-kindergarten", ["haghartsin", "teghut"])]

EVENT_TEMPLATES = [
    {**template, "institution": slug, "settlements": where}
    for template in (_PARENTS_MEETING, _HEALTH_CHECK, _MATINEE)
    for slug, where in _KINDERGARTENS
] + [
    {
        "institution": "music-school", "settlements": ALL, "venue": "music", "times": ["15:00", "17:00", "18:00"],
        "hours": 2, "budget": (150_000, 600_000), "funding": [Fund.COMMUNITY_BUDGET], "objectives": ["2.3"],
        "category": "concert", "participants": (40, 180),
        "title": ("Երաժշտական դպրոցի սաների համերգ", "Music School pupils' concert",
                  "Концерт учащихся музыкальной школы"),
        "description": (
            "Հանդես կգան դաշնամուրի, ջութակի և ժողովրդական գործիքների դասարանների սաները։ Մուտքն ազատ է։",
            "Pupils of the piano, violin and folk instrument classes perform. Free entry.",
            "Выступают учащиеся классов фортепиано, скрипки и народных инструментов. Вход свободный.",
        ),
    },
    {
        "institution": "music-school", "settlements": TOWN, "venue": "music", "times": ["18:30"], "hours": 2,
        "budget": (250_000, 800_000), "funding": [Fund.COMMUNITY_BUDGET, Fund.OTHER], "objectives": ["2.3", "3.2"],
        "category": "concert", "participants": (60, 150),
        "title": ("Դասական երաժշտության երեկո", "Classical music evening", "Вечер классической музыки"),
        "description": (
            "Ուսուցիչների և շրջանավարտների կատարմամբ կհնչեն Կոմիտասի, Խաչատրյանի և Չայկովսկու ստեղծագործությունները։",
            "Teachers and graduates play Komitas, Khachaturian and Tchaikovsky.",
            "Преподаватели и выпускники исполнят произведения Комитаса, Хачатуряна и Чайковского.",
        ),
    },
    {
        "institution": "art-school", "settlements": ALL, "venue": "art", "times": ["12:00", "15:00"], "hours": 3,
        "budget": (150_000, 500_000), "funding": [Fund.COMMUNITY_BUDGET], "objectives": ["2.3"],
        "category": "exhibition", "participants": (50, 250),
        "title": ("Սաների աշխատանքների ցուցահանդես", "Exhibition of pupils' work", "Выставка работ учащихся"),
        "description": (
            "Կներկայացվեն նկարչության, խեցեգործության և գորգագործության դասարանների լավագույն աշխատանքները։",
            "The best paintings, ceramics and carpets made in the school's classes.",
            "Лучшие работы классов живописи, керамики и ковроткачества.",
        ),
    },
    {
        "institution": "art-school", "settlements": VILLAGES, "venue": "school", "times": ["11:00", "14:00"],
        "hours": 2, "budget": (150_000, 350_000), "funding": [Fund.COMMUNITY_BUDGET, Fund.DONOR],
        "objectives": ["2.1"], "category": "class", "participants": (12, 35),
        "title": ("Նկարչության վարպետության դաս գյուղի երեխաների համար", "Drawing master class for village children",
                  "Мастер-класс по рисованию для сельских детей"),
        "description": (
            "Արվեստի դպրոցի ուսուցիչները կսովորեցնեն ջրաներկով բնանկար նկարել։ Նյութերը տրամադրվում են անվճար։",
            "Art School teachers show how to paint a landscape in watercolour. Materials are free.",
            "Преподаватели художественной школы научат рисовать пейзаж акварелью. Материалы бесплатно.",
        ),
    },
    {
        "institution": "art-school", "settlements": ["dilijan", "haghartsin", "gosh"], "venue": "art",
        "times": ["15:00"], "hours": 3, "budget": (200_000, 450_000), "funding": [Fund.COMMUNITY_BUDGET],
        "objectives": ["2.1", "7.2"], "category": "class", "participants": (10, 25),
        "title": ("Խեցեգործության աշխատարան", "Ceramics workshop", "Мастерская керамики"),
        "description": (
            "Երեխաներն ու մեծահասակները կաշխատեն բրուտի անիվի վրա և կզարդարեն իրենց պատրաստած ամանները։",
            "Children and adults work at the potter's wheel and decorate the bowls they make.",
            "Дети и взрослые поработают за гончарным кругом и распишут свои чаши.",
        ),
    },
    {
        "institution": "art-school", "settlements": TOWN, "venue": "sharambeyan", "times": ["11:00"], "hours": 7,
        "months": WARM,
        "budget": (600_000, 1_800_000), "funding": [Fund.COMMUNITY_BUDGET, Fund.DONOR],
        "objectives": ["7.2", "3.1"], "category": "festival", "participants": (400, 1500),
        "title": ("Արհեստների տոնավաճառ Շարամբեյան փողոցում", "Craft fair on Sharambeyan Street",
                  "Ярмарка ремёсел на улице Шарамбеяна"),
        "description": (
            "Տեղի վարպետները կներկայացնեն փայտի փորագրություն, գորգեր, խեցեղեն և ձեռագործ աշխատանքներ։ "
            "Երեխաների համար կլինեն վարպետության դասեր։",
            "Local makers show wood carving, carpets, pottery and needlework, with master classes for children.",
            "Местные мастера покажут резьбу по дереву, ковры, керамику и рукоделие; для детей — мастер-классы.",
        ),
    },
    {
        "institution": "culture-house", "settlements": ALL, "venue": "culture", "times": ["18:00", "19:00"],
        "hours": 2, "budget": (300_000, 1_200_000), "funding": [Fund.COMMUNITY_BUDGET], "objectives": ["3.2"],
        "category": "concert", "participants": (80, 300),
        "title": ("Ժողովրդական պարերի երեկո", "Folk dance evening", "Вечер народных танцев"),
        "description": (
            "Մշակույթի տան պարային համույթը կներկայացնի հայկական ժողովրդական պարեր, իսկ վերջում բոլորը "
            "կպարեն միասին։",
            "The Culture House dance ensemble performs Armenian folk dances, and at the end everyone dances together.",
            "Танцевальный ансамбль Дома культуры исполнит армянские народные танцы, а в конце танцуют все вместе.",
        ),
    },
    {
        "institution": "culture-house", "settlements": ALL, "venue": "culture", "times": ["18:00"], "hours": 2,
        "budget": (150_000, 300_000), "funding": [Fund.COMMUNITY_BUDGET], "objectives": ["3.2", "9.3"],
        "category": "meeting", "participants": (25, 90),
        "title": ("Ֆիլմի ցուցադրություն և քննարկում", "Film screening and discussion", "Показ фильма и обсуждение"),
        "description": (
            "Կցուցադրվի հայկական դասական ֆիլմ, որից հետո երիտասարդական ակումբը կվարի քննարկում։",
            "A classic Armenian film, followed by a discussion led by the youth club.",
            "Показ классического армянского фильма и обсуждение с молодёжным клубом.",
        ),
    },
    {
        "institution": "culture-house", "settlements": VILLAGES, "venue": "culture", "times": ["12:00"], "hours": 1,
        "budget": (200_000, 450_000), "funding": [Fund.COMMUNITY_BUDGET], "objectives": ["3.2"],
        "category": "concert", "participants": (30, 120),
        "title": ("Տիկնիկային ներկայացում երեխաների համար", "Puppet show for children",
                  "Кукольный спектакль для детей"),
        "description": (
            "Մշակույթի տան թատերական խմբակը կներկայացնի հեքիաթ Հովհաննես Թումանյանի մոտիվներով։",
            "The Culture House drama club performs a fairy tale after Hovhannes Tumanyan.",
            "Театральный кружок Дома культуры покажет сказку по мотивам Ованеса Туманяна.",
        ),
    },
    {
        "institution": "culture-house", "settlements": ALL, "venue": "school", "times": ["11:00"], "hours": 4,
        "budget": (150_000, 300_000), "funding": [Fund.COMMUNITY_BUDGET], "objectives": ["9.2"],
        "category": "sport", "participants": (16, 48),
        "title": ("Շախմատի մրցաշար դպրոցականների համար", "Chess tournament for schoolchildren",
                  "Шахматный турнир среди школьников"),
        "description": (
            "Մրցաշարն անցկացվում է արագ շախմատի կանոններով՝ երեք տարիքային խմբով։",
            "Rapid chess in three age groups.",
            "Турнир по быстрым шахматам в трёх возрастных группах.",
        ),
    },
    {
        "institution": "culture-house", "settlements": ALL, "venue": "sports", "times": ["11:00", "15:00"],
        "months": WARM,
        "hours": 4, "budget": (200_000, 700_000), "funding": [Fund.COMMUNITY_BUDGET, Fund.DONOR],
        "objectives": ["9.2"], "category": "sport", "participants": (40, 120),
        "title": ("Մինի-ֆուտբոլի մրցաշար", "Mini-football tournament", "Турнир по мини-футболу"),
        "description": (
            "Մասնակցում են համայնքի դպրոցների և բակային թիմերը։ Գրանցումը՝ մշակույթի տանը։",
            "School and neighbourhood teams from across the community take part. Register at the Culture House.",
            "Участвуют школьные и дворовые команды общины. Регистрация — в Доме культуры.",
        ),
    },
    {
        "institution": "culture-house", "settlements": ALL, "venue": "park", "times": ["10:00"], "hours": 5,
        "months": SUMMER,
        "budget": (300_000, 900_000), "funding": [Fund.COMMUNITY_BUDGET], "objectives": ["9.2"],
        "category": "sport", "participants": (60, 250),
        "title": ("Ընտանեկան սպորտային օր", "Family sports day", "Семейный спортивный день"),
        "description": (
            "Վազք, պարանաձգություն, փոխանցումավազք և խաղեր ամբողջ ընտանիքի համար։",
            "Running, tug of war, relays and games for the whole family.",
            "Бег, перетягивание каната, эстафеты и игры для всей семьи.",
        ),
    },
    {
        "institution": "culture-house", "settlements": ALL, "venue": "culture", "times": ["16:00"], "hours": 3,
        "budget": (150_000, 500_000), "funding": [Fund.DONOR, Fund.COMMUNITY_BUDGET], "objectives": ["9.3"],
        "category": "meeting", "participants": (15, 45),
        "title": ("Երիտասարդական նախաձեռնությունների աշխատարան", "Youth initiatives workshop",
                  "Мастерская молодёжных инициатив"),
        "description": (
            "Երիտասարդները կմշակեն փոքր ծրագրեր իրենց բնակավայրի համար, լավագույնները կստանան համայնքի դրամաշնորհ։",
            "Young people design small projects for their settlement; the best get a community grant.",
            "Молодёжь разработает небольшие проекты для своего населённого пункта; лучшие получат грант общины.",
        ),
    },
    {
        "institution": "culture-house", "settlements": ALL, "venue": "culture", "times": ["12:00"], "hours": 2,
        "budget": (150_000, 300_000), "funding": [Fund.COMMUNITY_BUDGET], "objectives": ["10.2"],
        "category": "meeting", "participants": (15, 50),
        "title": ("Տարեցների ակումբի հանդիպում", "Senior citizens' club", "Встреча клуба пожилых людей"),
        "description": (
            "Թեյ, զրույց, երգ և հանդիպում բժշկի հետ, որը կպատասխանի առողջությանը վերաբերող հարցերին։",
            "Tea, conversation, songs and a doctor who answers health questions.",
            "Чай, беседа, песни и встреча с врачом, который ответит на вопросы о здоровье.",
        ),
    },
    {
        "institution": "culture-house", "settlements": TOWN, "venue": "culture", "times": ["18:00"], "hours": 2,
        "budget": (500_000, 1_500_000), "funding": [Fund.OTHER, Fund.COMMUNITY_BUDGET], "objectives": ["10.1", "3.2"],
        "category": "concert", "participants": (150, 400),
        "title": ("Բարեգործական համերգ", "Charity concert", "Благотворительный концерт"),
        "description": (
            "Հավաքված միջոցները կուղղվեն համայնքի սոցիալապես անապահով ընտանիքներին։",
            "The money raised goes to low-income families in the community.",
            "Собранные средства будут переданы малообеспеченным семьям общины.",
        ),
    },
    {
        "institution": "communal-services", "settlements": ALL, "venue": "park", "times": ["10:00"], "hours": 4,
        "budget": (150_000, 400_000), "months": SNOWLESS, "funding": [Fund.COMMUNITY_BUDGET],
        "objectives": ["4.3", "9.3"],
        "category": "cleanup", "participants": (20, 120),
        "title": ("Մաքրության օր", "Community clean-up day", "Общественный субботник"),
        "description": (
            "Բնակիչների և կամավորների հետ կմաքրենք փողոցները, աղբյուրների շրջակայքն ու գետի ափերը։ "
            "Ձեռնոցներն ու պարկերը կտրամադրվեն տեղում։",
            "Residents and volunteers clean the streets, the springs and the river banks. Gloves and bags "
            "are provided.",
            "Жители и волонтёры убирают улицы, территории у родников и берега реки. Перчатки и мешки выдаются "
            "на месте.",
        ),
    },
    {
        "institution": "communal-services", "settlements": ALL, "venue": "park", "times": ["10:00"], "hours": 4,
        "budget": (300_000, 1_200_000), "months": PLANTING, "funding": [Fund.COMMUNITY_BUDGET, Fund.DONOR],
        "objectives": ["5.3", "9.3"],
        "category": "cleanup", "participants": (20, 80),
        "title": ("Ծառատունկ", "Tree planting", "Посадка деревьев"),
        "description": (
            "Կտնկվեն լորենու, թխկու և կաղնու տնկիներ։ Միացե՛ք ձեր ընտանիքով։",
            "Lime, maple and oak saplings are planted. Come with your family.",
            "Высаживаем саженцы липы, клёна и дуба. Приходите всей семьёй.",
        ),
    },
    {
        "institution": "communal-services", "settlements": VILLAGES, "venue": "streets", "times": ["09:00"],
        "hours": 8, "budget": (300_000, 900_000), "funding": [Fund.COMMUNITY_BUDGET], "objectives": ["4.2"],
        "category": "works",
        "title": ("Խոշոր եզրաչափի աղբի հավաքում", "Bulky waste collection", "Вывоз крупногабаритного мусора"),
        "description": (
            "Աղբատար մեքենան կշրջի գյուղի բոլոր փողոցներով։ Հին կահույքը, տեխնիկան և շինարարական աղբը դրեք "
            "դարպասի մոտ մինչև առավոտյան ժամը 9-ը։",
            "The truck goes along every street in the village. Leave old furniture, appliances and building "
            "waste by your gate before 9 am.",
            "Машина объедет все улицы села. Старую мебель, технику и строительный мусор выставьте у ворот до 9 утра.",
        ),
    },
    {
        "institution": "communal-services", "settlements": ALL, "venue": "streets", "days": (7, 21),
        "months": WARM,
        "budget": (1_500_000, 3_000_000), "funding": [Fund.COMMUNITY_BUDGET], "objectives": ["5.1"],
        "category": "works",
        "title": ("Փողոցների փոսային նորոգում", "Street pothole repair", "Ямочный ремонт улиц"),
        "description": (
            "Կնորոգվեն ձմռանը վնասված հատվածները։ Աշխատանքների ընթացքում երթևեկությունը կարող է սահմանափակվել։",
            "Sections damaged over the winter are repaired. Traffic may be restricted during the works.",
            "Ремонтируются участки, повреждённые за зиму. Во время работ движение может быть ограничено.",
        ),
    },
    {
        "institution": "communal-services", "settlements": ALL, "venue": "streets", "days": (5, 12),
        "budget": (400_000, 1_500_000), "funding": [Fund.COMMUNITY_BUDGET], "objectives": ["5.2"],
        "category": "works",
        "title": ("Փողոցային լուսավորության ցանցի սպասարկում", "Street lighting maintenance",
                  "Обслуживание сети уличного освещения"),
        "description": (
            "Կփոխարինվեն այրված լուսատուներն ու վնասված մալուխները, կկարգավորվի միացման ժամանակացույցը։",
            "Burnt-out lamps and damaged cables are replaced and the switching times adjusted.",
            "Замена перегоревших светильников и повреждённых кабелей, настройка графика включения.",
        ),
    },
    {
        "institution": "communal-services", "settlements": VILLAGES, "venue": "streets", "days": (3, 10),
        "budget": (600_000, 2_500_000), "funding": [Fund.COMMUNITY_BUDGET], "objectives": ["6.1"],
        "category": "works",
        "title": ("Ջրագծի վթարային հատվածի վերանորոգում", "Repair of a damaged water main",
                  "Ремонт аварийного участка водопровода"),
        "description": (
            "Կփոխարինվի խողովակաշարի մաշված հատվածը։ Աշխատանքների ընթացքում ջուրը կարող է մի քանի ժամով "
            "անջատվել։",
            "A worn section of pipe is replaced. Water may be off for a few hours during the works.",
            "Заменяется изношенный участок трубы. Во время работ возможны перерывы в подаче воды на несколько часов.",
        ),
    },
]

# How many routine actions each settlement gets over the demo's fifteen months.
ROUTINE_COUNTS = {
    "dilijan": 42, "haghartsin": 14, "teghut": 10, "gosh": 10, "hovk": 7, "aghavnavank": 6, "khachardzan": 6,
}

# Report bodies by category; {n} is the number of participants.
REPORT_BODIES = {
    "concert": [
        ("Համերգը կայացավ նախատեսված օրը, ներկա էր մոտ {n} հանդիսատես։ Ելույթ ունեցան բոլոր ծրագրված "
         "կատարողները, իսկ համերգից հետո տեղի ունեցավ հանդիպում ծնողների հետ։",
         "The concert took place as planned, with about {n} people in the audience. All the planned performers "
         "took part; a meeting with parents followed.",
         "Концерт состоялся в назначенный день. Зрителей: около {n}. Выступили все заявленные исполнители, "
         "после концерта прошла встреча с родителями."),
        ("Դահլիճը լեփ-լեցուն էր՝ շուրջ {n} հանդիսատես։ Բնակիչները խնդրեցին նման միջոցառումներ կազմակերպել "
         "ավելի հաճախ։",
         "The hall was full, about {n} people. Residents asked for events like this more often.",
         "Зал был полон, зрителей — около {n}. Жители попросили проводить такие мероприятия чаще."),
    ],
    "exhibition": [
        ("Ներկայացվեց սաների շուրջ 60 աշխատանք։ Ցուցահանդեսն այցելեց {n} մարդ, որոշ աշխատանքներ նվիրվեցին "
         "համայնքային կենտրոնին։",
         "About 60 works by pupils were shown. {n} people visited, and some works were given to the community centre.",
         "Показано около 60 работ учащихся. Посетителей: {n}. Часть работ передана в дар общественному центру."),
    ],
    "class": [
        ("Պարապմունքներին մասնակցեց {n} երեխա։ Բոլոր նյութերը տրամադրվեցին անվճար և մնացին դպրոցում՝ "
         "հետագա դասերի համար։",
         "{n} children took part. All materials were free and stay at the school for further lessons.",
         "Участников: {n}. Все материалы предоставлены бесплатно и остаются в школе для следующих занятий."),
    ],
    "meeting": [
        ("Միջոցառմանը մասնակցեց {n} մարդ։ Մասնակիցների հարցերն ու առաջարկները գրանցվեցին, պատասխանները "
         "կհրապարակվեն կայքում։",
         "{n} people took part. Their questions and suggestions were recorded; the answers will be published "
         "on the website.",
         "Участников: {n}. Вопросы и предложения записаны, ответы будут опубликованы на сайте."),
    ],
    "cleanup": [
        ("Միջոցառմանը մասնակցեց {n} բնակիչ և կամավոր։ Հավաքվեց և աղբավայր տեղափոխվեց մոտ 40 պարկ աղբ։",
         "{n} residents and volunteers took part. About 40 bags of rubbish were collected and taken to the landfill.",
         "Участников: {n}. Собрано и вывезено на полигон около 40 мешков мусора."),
    ],
    "sport": [
        ("Մրցումներին մասնակցեց {n} մարզիկ։ Հաղթողները պարգևատրվեցին մեդալներով և պատվոգրերով։",
         "{n} athletes took part. The winners received medals and certificates.",
         "Участников: {n}. Победители награждены медалями и грамотами."),
    ],
    "festival": [
        ("Տոնին մասնակցեց շուրջ {n} մարդ, այդ թվում՝ զբոսաշրջիկներ։ Ծրագիրն իրականացվեց ամբողջությամբ, "
         "անվտանգությունն ապահովվեց ոստիկանության և կամավորների հետ համատեղ։",
         "About {n} people came, visitors among them. The whole programme went ahead; safety was ensured together "
         "with the police and volunteers.",
         "Участников: около {n}, в том числе туристы. Программа выполнена полностью, безопасность обеспечивалась "
         "вместе с полицией и волонтёрами."),
    ],
    "health": [
        ("Զննվեց {n} երեխա։ Ծնողները ստացան անհատական խորհուրդներ, անհրաժեշտության դեպքում երեխաներն "
         "ուղեգրվեցին նեղ մասնագետների։",
         "{n} children were examined. Parents received individual advice, and children were referred to "
         "specialists where needed.",
         "Осмотрено детей: {n}. Родители получили рекомендации, при необходимости дети направлены к специалистам."),
    ],
    "support": [
        ("Ծրագրից օգտվեց {n} երեխա։ Ծնողների հետ հանդիպմանը որոշվեց ծրագիրը շարունակել նաև հաջորդ կիսամյակում։",
         "{n} children benefited. At a meeting with parents it was agreed to continue next term.",
         "Детей в программе: {n}. На встрече с родителями решено продолжить её в следующем полугодии."),
    ],
    "works": [
        ("Աշխատանքներն ավարտվել են, ընդունման ակտը ստորագրվել է։ Կապալառուն տրամադրել է երկու տարվա երաշխիք։",
         "The works are finished and the acceptance certificate is signed. The contractor gives a two-year warranty.",
         "Работы завершены, акт приёмки подписан. Подрядчик дал гарантию на два года."),
        ("Աշխատանքները կատարվել են ժամանակացույցին համապատասխան։ Տեղում ընդունումն անցկացվել է բնակիչների "
         "ներկայացուցիչների մասնակցությամբ։",
         "The works were done on schedule. The site inspection was held with residents' representatives present.",
         "Работы выполнены по графику. Приёмка на месте прошла с участием представителей жителей."),
    ],
    "procurement": [
        ("Գնումը կատարվել է բաց մրցույթով, ապրանքը մատակարարվել և հաշվառվել է։ Պայմանագիրը հրապարակված է "
         "գնումների պաշտոնական կայքում։",
         "Bought through an open tender; the goods have been delivered and registered. The contract is published "
         "on the official procurement website.",
         "Закупка проведена через открытый конкурс, товар поставлен и принят на учёт. Договор опубликован на "
         "официальном сайте закупок."),
    ],
}

PHOTO_CAPTIONS = {
    "concert": [("Ելույթը բեմում", "On stage", "Выступление на сцене"),
                ("Հանդիսատեսը համերգի ժամանակ", "The audience during the concert", None)],
    "exhibition": [("Ցուցահանդեսի այցելուները", "Visitors at the exhibition", "Посетители выставки")],
    "class": [("Երեխաները դասի ժամանակ", "Children during the lesson", None)],
    "meeting": [("Հանդիպման մասնակիցները", "At the meeting", "Участники встречи")],
    "cleanup": [("Կամավորներն աշխատանքի ժամանակ", "Volunteers at work", "Волонтёры за работой")],
    "sport": [("Մրցումների պահ", "A moment from the competition", None)],
    "festival": [("Տոնական ծրագիրը", "The festival programme", "Праздничная программа"),
                 ("Տոնի մասնակիցները", "Festival-goers", None)],
    "health": [("Բժշկական զննություն", "Health check-up", None)],
    "support": [("Ճաշի ժամին", "At lunchtime", None)],
    "works": [("Աշխատանքների ընթացքում", "During the works", "Во время работ"),
              ("Ավարտված աշխատանքը", "The finished work", None)],
    "procurement": [("Նոր գույքը", "The new equipment", "Новое оборудование")],
}
