"""Demo content for ``make run``: the sample article, the two stories it links to, and more.

Idempotent: every object is looked up by a stable key first, so a second run
changes nothing. Never runs in production mode.
"""

from datetime import datetime, timedelta
from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw

from .images import image_make_renditions
from .models import Article, ArticleSource, Image, Person, RelatedArticle, Section, Source, Tag

SECTIONS = [
    ("Політика", "Внутрішня політика України: влада, парламент, вибори."),
    ("Світ", "Міжнародні новини, дипломатія і війна Росії проти України у світових медіа."),
    ("Економіка", "Гроші, ринки, бюджет і відбудова."),
    ("Суспільство", "Життя громад, освіта, медицина, культура."),
]

PEOPLE = [
    ("Сергій Лавров", "міністр закордонних справ РФ"),
    ("Річард Гаас", "американський дипломат"),
    ("Чарльз Купчан", "експерт з Європи"),
    ("Томас Грем", "експерт з Росії"),
    ("Мері Бет Лонг", "колишня помічниця міністра оборони США"),
    ("Володимир Путін", "російський диктатор"),
    ("Джо Байден", "46-й президент США"),
]

SAMPLE_TITLE = "США та Росія провели таємні перемовини"
SAMPLE_LEAD = (
    "Під час таємних переговорів обговорювалася тема окупованих Росією територій України, "
    "а також пошук дипломатичного вирішення війни"
)
SAMPLE_HIGHLIGHT = (
    "Переговори відбувалися з відома адміністрації президента США Джо Байдена, "
    "але не за її вказівкою"
)
SAMPLE_SOURCE_URL = "https://www.nbcnews.com/politics/national-security"

EARLIER_LAVROV = (
    "Лавров розповів про стійке бажання США зруйнувати російську економіку",
    "Глава МЗС Росії Сергій Лавров заявив, що США нібито прагнуть зруйнувати російську економіку.",
)
EARLIER_TERRORISM = (
    "Держдепартамент не виключає визнання Росії державою-спонсоркою тероризму",
    "У Держдепартаменті США не виключають, що Росію визнають державою-спонсоркою тероризму "
    "за злочини, скоєні під час вторгнення в Україну.",
)


def _sample_body(lavrov_url: str, terrorism_url: str) -> str:
    participants = [
        "Колишній дипломат Річард Гаас;",
        "Експерт з Європи Чарльз Купчан;",
        "Експерт з Росії Томас Грем;",
        "Колишній помічник міністра оборони США Мері Бет Лонг;",
        "Колишні чиновники Білого дому та Держдепартаменту США.",
    ]
    items = "".join(f"<li>{p}</li>" for p in participants)
    return f"""
<p>Група колишніх високопоставлених співробітників служби національної безпеки США провела секретні переговори з близькими до Кремля росіянами щодо припинення війни в Україні. Про це повідомляє NBC News.</p>
<p>Зазначається, що глава МЗС РФ Сергій Лавров у квітні, перебуваючи в Нью-Йорку, провів двогодинну зустріч із членами американської групи.</p>
<p>NBC зазначає, що під час таємних переговорів обговорювалася тема окупованих Росією територій України, а також пошук дипломатичного вирішення війни, який би влаштував обидві сторони.</p>
<p>На зустрічі з боку США були присутні такі особи:</p>
<ul>{items}</ul>
<p>Метою такої зустрічі була можливість підтримувати канал зв'язку з РФ відкритим, щоб визначити місце майбутніх переговорів і компромісів щодо припинення війни.</p>
<p>NBC пише, що переговори відбувалися з відома адміністрації президента США Джо Байдена, але не за її вказівкою. Колишні офіційні особи США згодом поінформували Раду національної безпеки Білого дому про те, що сталося.</p>
<p>На дипломатичному жаргоні такий формат зустрічей називають «дипломатією другого напрямку». Це форма неофіційної взаємодії за участю приватних осіб, які нині не перебувають в уряді. Це відбувається через те, що офіційні дипломатичні контакти на високому рівні між урядами США та Росії щодо України були дуже рідкісними.</p>
<p>Джерела NBC повідомили, що принаймні один колишній американський чиновник побував у Росії для обговорення війни в Україні.</p>
<p>Крім Лаврова з російського боку, у дискусіях брали участь науковці, лідери великих аналітичних центрів або науково-дослідних інститутів, а також інші представники російської зовнішньополітичної сфери. Вони, як вважається, дослухаються до російського диктатора Володимира Путіна та перебувають у постійному контакті з особами, які ухвалюють рішення в Кремлі.</p>
<p>Нагадаємо, <a href="{lavrov_url}">глава МЗС Росії Сергій Лавров розповів про стійке бажання США зруйнувати російську економіку</a>.</p>
<p>Раніше повідомлялося, що <a href="{terrorism_url}">Держдепартамент не виключає, що США визнають Росію державою-спонсоркою тероризму</a> за скоєні злочини під час вторгнення в Україну.</p>
"""  # noqa: E501


# Short demo stories: (section index, title, lead, topics). Their body says they are demo
# text; each has only the topics its title and lead are about, and names no people.
DEMO_STORIES = [
    (
        0,
        "Верховна Рада ухвалила закон про місцеві бюджети",
        "Депутати підтримали зміни до розподілу податків між громадами.",
        ["Верховна Рада", "Бюджет"],
    ),
    (
        0,
        "Уряд оновив програму житлових компенсацій",
        "Переселенці зможуть подати заяву онлайн.",
        ["Уряд", "Переселенці"],
    ),
    (
        0,
        "Комітет парламенту розгляне реформу державної служби",
        "Законопроєкт передбачає нові правила конкурсів.",
        ["Верховна Рада"],
    ),
    (
        0,
        "У Києві відбулися громадські слухання щодо бюджету міста",
        "Мешканці запропонували понад сотню змін.",
        ["Бюджет", "Київ"],
    ),
    (
        0,
        "Кабмін призначив нового голову податкової служби",
        "Кандидатуру погодили після відкритого конкурсу.",
        ["Уряд", "Податки"],
    ),
    (
        0,
        "Депутати створили тимчасову слідчу комісію",
        "Комісія вивчатиме закупівлі для енергетики.",
        ["Верховна Рада", "Енергетика"],
    ),
    (
        0,
        "Президент підписав закон про цифрові послуги",
        "Документ спрощує отримання довідок.",
        ["Цифрові послуги"],
    ),
    (
        0,
        "Місцеві ради отримають більше повноважень у сфері освіти",
        "Громади самі визначатимуть мережу шкіл.",
        ["Освіта"],
    ),
    (
        0,
        "У парламенті зареєстрували законопроєкт про доступ до публічної інформації",
        "Автори пропонують скоротити строки відповідей на запити.",
        ["Верховна Рада"],
    ),
    (
        0,
        "Уряд затвердив план відновлення енергосистеми",
        "План розрахований на три роки.",
        ["Уряд", "Енергетика", "Відбудова"],
    ),
    (
        0,
        "Рахункова палата перевірила видатки на оборону",
        "Аудитори не знайшли системних порушень.",
        ["Бюджет", "Оборона"],
    ),
    (
        0,
        "Верховна Рада провела перше читання бюджету",
        "Головні видатки спрямують на безпеку й оборону.",
        ["Верховна Рада", "Бюджет", "Оборона"],
    ),
    (
        1,
        "Лідери G7 обговорили підтримку України",
        "Учасники зустрічі домовилися про нові пакети допомоги.",
        ["Допомога Україні"],
    ),
    (
        1,
        "Євросоюз погодив новий пакет санкцій проти Росії",
        "Обмеження стосуються енергетики та фінансів.",
        ["Санкції", "Росія"],
    ),
    (1, "Польща посилила контроль на кордоні", "Черги на пунктах пропуску зросли.", ["Кордон"]),
    (
        1,
        "У Брюсселі відбулася конференція з відновлення України",
        "Донори оголосили про нові гранти.",
        ["Відбудова", "Допомога Україні"],
    ),
    (
        1,
        "Японія надасть Україні обладнання для енергетики",
        "Перша партія надійде до кінця року.",
        ["Енергетика", "Допомога Україні"],
    ),
    (
        1,
        "НАТО провело навчання в Балтійському морі",
        "У навчаннях взяли участь 20 країн.",
        ["НАТО"],
    ),
    (
        1,
        "Генасамблея ООН ухвалила резолюцію щодо України",
        "За документ проголосували понад 140 держав.",
        ["ООН", "Війна Росії проти України"],
    ),
    (
        1,
        "Канада розширила програму для українських студентів",
        "Квоти збільшили вдвічі.",
        ["Освіта"],
    ),
    (
        1,
        "Молдова і Україна підписали угоду про спільний контроль кордону",
        "Це скоротить час перетину.",
        ["Кордон"],
    ),
    (
        1,
        "Німеччина передасть ще одну систему ППО",
        "Система прибуде наступного місяця.",
        ["Допомога Україні", "Оборона"],
    ),
    (
        1,
        "Велика Британія продовжила програму навчання військових",
        "Програма діятиме ще рік.",
        ["Допомога Україні", "Оборона"],
    ),
    (
        1,
        "У Вашингтоні обговорили використання заморожених російських активів",
        "Експерти назвали кілька правових механізмів.",
        ["США", "Росія", "Санкції"],
    ),
    (
        2,
        "НБУ залишив облікову ставку без змін",
        "Регулятор пояснив рішення інфляційними ризиками.",
        ["НБУ", "Інфляція"],
    ),
    (
        2,
        "Гривня зміцнилася на міжбанку",
        "Курс долара знизився на 10 копійок.",
        ["Курс гривні"],
    ),
    (
        2,
        "Експорт зерна через морські порти зріс",
        "За місяць відвантажили понад 4 млн тонн.",
        ["Експорт"],
    ),
    (2, "Мінфін розмістив облігації на 10 млрд гривень", "Попит перевищив пропозицію.", ["Бюджет"]),
    (2, "Ціни на пальне стабілізувалися", "АЗС утримують ціни третій тиждень.", ["Ціни"]),
    (
        2,
        "Малий бізнес отримає пільгові кредити на генератори",
        "Програму продовжили до весни.",
        ["Малий бізнес", "Енергетика"],
    ),
    (
        2,
        "Інфляція в Україні сповільнилася",
        "Держстат оприлюднив дані за жовтень.",
        ["Інфляція", "Ціни"],
    ),
    (2, "Укрзалізниця оновить парк вагонів", "Перші вагони надійдуть навесні.", ["Транспорт"]),
    (
        2,
        "Інвестори вкладуть кошти у вітрові електростанції",
        "Проєкти реалізують на півдні країни.",
        ["Енергетика", "Інвестиції"],
    ),
    (
        2,
        "Податкова повернула бізнесу ПДВ",
        "Відшкодування отримали понад тисячу компаній.",
        ["Податки"],
    ),
    (
        2,
        "IT-експорт України зріс за рік",
        "Галузь залишається однією з найстійкіших.",
        ["Експорт", "IT"],
    ),
    (
        2,
        "Уряд спростив відкриття ФОП для ветеранів",
        "Реєстрація займе один день.",
        ["Уряд", "Малий бізнес", "Ветерани"],
    ),
    (
        3,
        "У школах запроваджують нові уроки медіаграмотності",
        "Учні вчитимуться перевіряти джерела.",
        ["Освіта"],
    ),
    (
        3,
        "У Львові відкрили центр реабілітації",
        "Центр прийматиме до 200 пацієнтів на місяць.",
        ["Медицина"],
    ),
    (
        3,
        "Бібліотеки стають пунктами незламності",
        "У них можна зарядити телефон і попрацювати.",
        ["Культура"],
    ),
    (
        3,
        "Волонтери зібрали кошти на швидку для Харкова",
        "Автомобіль уже передали медикам.",
        ["Волонтери", "Медицина"],
    ),
    (
        3,
        "У Києві пройшов фестиваль української книги",
        "Видавці представили понад 300 новинок.",
        ["Культура", "Київ"],
    ),
    (
        3,
        "МОЗ оновило перелік безоплатних ліків",
        "До програми додали нові препарати.",
        ["Медицина"],
    ),
    (3, "Громади запускають укриття у школах", "Уроки проводитимуть в очному форматі.", ["Освіта"]),
    (
        3,
        "Університети оголосили прийом на нові спеціальності",
        "Серед них — кібербезпека і відбудова.",
        ["Освіта"],
    ),
    (3, "У Одесі відреставрували історичний будинок", "Роботи фінансували меценати.", ["Культура"]),
    (
        3,
        "Вчителі отримають доплати за роботу в прифронтових громадах",
        "Доплата становитиме 20 відсотків.",
        ["Освіта"],
    ),
    (3, "Музеї відкривають виставки онлайн", "Колекції можна переглянути з дому.", ["Культура"]),
    (
        3,
        "Лікарні отримали нові апарати УЗД",
        "Обладнання передали міжнародні партнери.",
        ["Медицина", "Допомога Україні"],
    ),
]

# What loading gave every short story before topics fitted them: two of these in turn
# (``index`` and ``index + 1``), and Лавров and Путін to every world story. A database
# loaded then still carries exactly that, and gets the fitting topics instead.
FORMER_TAGS = ["Війна Росії проти України", "Переговори", "США", "Росія", "Бюджет", "Освіта"]
FORMER_WORLD_PEOPLE = {"Сергій Лавров", "Володимир Путін"}

DEMO_BODY = (
    "<p>{lead}</p><p>Це демонстраційний текст «Шпальти»: він показує, як виглядає стрічка "
    "новин зі звичайною статтею. Редакція замінить його справжніми матеріалами.</p>"
)

IMAGE_COLOURS = [
    ((18, 52, 86), (120, 160, 200)),
    ((86, 40, 18), (220, 170, 120)),
    ((20, 80, 50), (150, 210, 170)),
    ((70, 30, 90), (190, 150, 220)),
]


def _demo_picture(name: str, colours: tuple, caption: str, alt: str) -> Image:
    """A locally drawn landscape picture (no downloads), kept by its file name."""
    path = f"demo/{name}.jpg"
    existing = Image.objects.filter(file=path).first()
    if existing:
        return existing
    width, height = 1600, 900
    top, bottom = colours
    picture = PILImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    for i in range(7):
        x = 120 + i * 220
        draw.rectangle([x, 420 - (i % 3) * 90, x + 160, height], fill=tuple(c // 2 for c in top))
    draw.ellipse([1200, 120, 1400, 320], fill=(250, 230, 160))
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    if default_storage.exists(path):  # left over from an earlier database
        default_storage.delete(path)
    image = Image(alt=alt, caption=caption, credit="фото з відкритих джерел")
    image.file.name = default_storage.save(path, ContentFile(buffer.getvalue()))
    image.save()
    image_make_renditions(image=image)
    return image


def _has_former_links(article: Article, index: int, *, world_story: bool) -> bool:
    """Whether a story still has exactly the topics and people an earlier load gave it."""
    former_tags = {
        FORMER_TAGS[index % len(FORMER_TAGS)],
        FORMER_TAGS[(index + 1) % len(FORMER_TAGS)],
    }
    former_people = FORMER_WORLD_PEOPLE if world_story else set()
    return (
        set(article.tags.values_list("name", flat=True)) == former_tags
        and set(article.people.values_list("name", flat=True)) == former_people
    )


def _tag(name: str) -> Tag:
    return Tag.objects.get_or_create(name=name)[0]


def _load_short_stories(*, sections: list[Section], now: datetime) -> int:
    created = 0
    pictures = [
        _demo_picture(f"demo-{i}", colours, "", "Ілюстрація до демонстраційної новини")
        for i, colours in enumerate(IMAGE_COLOURS)
    ]
    for index, (section_index, title, lead, topics) in enumerate(DEMO_STORIES):
        article, new = _article(
            title,
            lead=lead,
            body=DEMO_BODY.format(lead=lead),
            section=sections[section_index],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=3 + index * 7),
            hero_image=pictures[index % len(pictures)] if index % 3 else None,
        )
        if new:
            created += 1
            article.tags.add(*map(_tag, topics))
        elif _has_former_links(article, index, world_story=section_index == 1):
            article.tags.set(list(map(_tag, topics)))
            article.people.clear()
    return created


def _article(title: str, **fields: Any) -> tuple[Article, bool]:
    article = Article.objects.filter(is_demo=True, title=title).first()
    if article:
        return article, False
    article = Article.objects.create(title=title, is_demo=True, **fields)
    return article, True


@transaction.atomic
def demo_load(*, now: datetime | None = None) -> int:
    """Create the demo site; returns how many articles were created (0 on a second run)."""
    if settings.PRODUCTION:
        raise RuntimeError("Demo content is never loaded in production mode.")
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    sections = []
    for position, (name, description) in enumerate(SECTIONS):
        section, _ = Section.objects.get_or_create(
            name=name, defaults={"description": description, "position": position}
        )
        sections.append(section)
    people = {
        name: Person.objects.get_or_create(name=name, defaults={"description": about})[0]
        for name, about in PEOPLE
    }
    nbc, _ = Source.objects.get_or_create(
        name="NBC News", defaults={"site": "https://www.nbcnews.com"}
    )
    world = sections[1]
    created = _load_short_stories(sections=sections, now=now)

    lavrov, new = _article(
        EARLIER_LAVROV[0],
        lead=EARLIER_LAVROV[1],
        body=DEMO_BODY.format(lead=EARLIER_LAVROV[1]),
        section=world,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(days=9, hours=2),
    )
    if new:
        created += 1
        lavrov.people.add(people["Сергій Лавров"])
        lavrov.tags.add(_tag("Росія"), _tag("США"))
    terrorism, new = _article(
        EARLIER_TERRORISM[0],
        lead=EARLIER_TERRORISM[1],
        body=DEMO_BODY.format(lead=EARLIER_TERRORISM[1]),
        section=world,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(days=12, hours=5),
    )
    if new:
        created += 1
        terrorism.tags.add(_tag("Росія"), _tag("США"), _tag("Війна Росії проти України"))

    hero = _demo_picture(
        "ssha-rosiia-hero",
        ((40, 45, 60), (170, 180, 200)),
        "Ілюстративне фото",
        "Прапори США і Росії на столі переговорів",
    )
    sample, new = _article(
        SAMPLE_TITLE,
        lead=SAMPLE_LEAD,
        highlight=SAMPLE_HIGHLIGHT,
        body=_sample_body(lavrov.get_absolute_url(), terrorism.get_absolute_url()),
        section=world,
        hero_image=hero,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(minutes=30),
    )
    if new:
        created += 1
        sample.people.add(*people.values())
        sample.tags.add(
            _tag("Війна Росії проти України"), _tag("Переговори"), _tag("США"), _tag("Росія")
        )
        ArticleSource.objects.create(article=sample, source=nbc, url=SAMPLE_SOURCE_URL)
        RelatedArticle.objects.create(article=sample, related=lavrov, position=0)
        RelatedArticle.objects.create(article=sample, related=terrorism, position=1)
    return created
