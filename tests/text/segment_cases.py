"""Segmentation tables per language: a paragraph and the sentences a translator expects from it."""

CASES: dict[str, list[tuple[str, list[str]]]] = {
    "zh": [
        ("联合国成立于1945年。它有193个会员国！这是真的吗？是的。",
         ["联合国成立于1945年。", "它有193个会员国！", "这是真的吗？", "是的。"]),
        ("他说：“我们同意。”然后离开了。", ["他说：“我们同意。”", "然后离开了。"]),
        ("大会决定：（a）设立委员会；（b）请秘书长提出报告。", ["大会决定：（a）设立委员会；（b）请秘书长提出报告。"]),
        ("见第3.2节。使用 apt-get install 命令。", ["见第3.2节。", "使用 apt-get install 命令。"]),
        ("「準備はいいですか？」と彼は聞いた。", ["「準備はいいですか？」と彼は聞いた。"]),
        ("真的吗?是的。", ["真的吗?", "是的。"]),
        ("《联合国宪章》于1945年签署。（见附件一。）此后生效。",
         ["《联合国宪章》于1945年签署。", "（见附件一。）", "此后生效。"]),
    ],
    "ja": [
        ("Debian は自由なオペレーティングシステムです。詳しくは第2章を参照してください。",
         ["Debian は自由なオペレーティングシステムです。", "詳しくは第2章を参照してください。"]),
    ],
    "ar": [
        ("تأسست الأمم المتحدة في عام 1945. ولها 193 دولة عضوا.", ["تأسست الأمم المتحدة في عام 1945.", "ولها 193 دولة عضوا."]),
        ("هل هذا صحيح؟ نعم، هذا صحيح.", ["هل هذا صحيح؟", "نعم، هذا صحيح."]),
        ("قررت الجمعية العامة ما يلي؛ وطلبت إلى الأمين العام، في دورتها ٧٢، تقديم تقرير.",
         ["قررت الجمعية العامة ما يلي؛ وطلبت إلى الأمين العام، في دورتها ٧٢، تقديم تقرير."]),
        ("\u200fهذا نص.\u200f وهذا نص آخر.", ["هذا نص.", "وهذا نص آخر."]),
        ("انظر الفقرة ١٢. وكذلك المرفق.", ["انظر الفقرة ١٢.", "وكذلك المرفق."]),
        ("الأمم المـــتحدة منظمة دولية! وهي كبيرة.", ["الأمم المـــتحدة منظمة دولية!", "وهي كبيرة."]),
        ("أ) إنشاء لجنة. ب) تقديم تقرير.", ["أ) إنشاء لجنة.", "ب) تقديم تقرير."]),
    ],
    "ru": [
        ("См. ст. 5 Устава. Это важно.", ["См. ст. 5 Устава.", "Это важно."]),
        ("Это сказал г-н Иванов. Затем проф. Петров ответил.", ["Это сказал г-н Иванов.", "Затем проф. Петров ответил."]),
        ("В 2017 г. Совет решил продолжить работу.", ["В 2017 г. Совет решил продолжить работу."]),
        ("См. п. 3 и ч. 2 данного документа. Далее текст.", ["См. п. 3 и ч. 2 данного документа.", "Далее текст."]),
        ("Это пакеты, библиотеки, т.е. программы. Их много.", ["Это пакеты, библиотеки, т.е. программы.", "Их много."]),
        ("Бюджет составил 5 млн. руб. в год. Это много?", ["Бюджет составил 5 млн. руб. в год.", "Это много?"]),
        ("Он спросил: «Вы согласны?» Мы ответили: «Да».", ["Он спросил: «Вы согласны?»", "Мы ответили: «Да»."]),
        ("а) создать комитет; б) представить доклад.", ["а) создать комитет; б) представить доклад."]),
    ],
    "es": [
        ("¿Qué es la ONU? ¡Es una organización! Fin.", ["¿Qué es la ONU?", "¡Es una organización!", "Fin."]),
        ("El Sr. García y la Sra. López llegaron. Véase el art. 5.", ["El Sr. García y la Sra. López llegaron.", "Véase el art. 5."]),
        ("Véanse los párrs. 3 y 4 del doc. A/72/1. Otra frase.", ["Véanse los párrs. 3 y 4 del doc. A/72/1.", "Otra frase."]),
        ("¿Dónde está? preguntó él. Nadie respondió.", ["¿Dónde está? preguntó él.", "Nadie respondió."]),
        ("Los EE. UU. votaron a favor. Francia también.", ["Los EE. UU. votaron a favor.", "Francia también."]),
        ("La Dra. Ruiz habló (véase la pág. 12). Luego siguió.", ["La Dra. Ruiz habló (véase la pág. 12).", "Luego siguió."]),
        ("Esto incluye paquetes, bibliotecas, etc. que son libres.", ["Esto incluye paquetes, bibliotecas, etc. que son libres."]),
        ("1. Decide establecer un comité. 2. Pide al Secretario General.",
         ["1. Decide establecer un comité.", "2. Pide al Secretario General."]),
    ],
    "en": [
        ("See chap. 5 of the Charter. It matters.", ["See chap. 5 of the Charter.", "It matters."]),
        ("Mr. Smith arrived, e.g. at noon. He left.", ["Mr. Smith arrived, e.g. at noon.", "He left."]),
    ],
    "fr": [
        ("Voir l’art. 5 de la Charte. M. Dupont est venu.", ["Voir l’art. 5 de la Charte.", "M. Dupont est venu."]),
        ("Est-ce vrai ? Oui, c’est vrai !", ["Est-ce vrai ?", "Oui, c’est vrai !"]),
    ],
}
