"""Who says each sentence: agencies named beside a verb of saying, pronouns and reported
speech that go on with the speaker, a release's issuer, the dateline's outlet (see
:mod:`launchwatch.register.ingest.attribution`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..document import Document
from ..lexicon import AGENCIES, JAPAN_MOD, SAY_RE, Agency

_AGENCY_RE = re.compile(
    "|".join(f"(?P<a{i}>{a.pattern})" for i, a in enumerate(AGENCIES)), re.IGNORECASE | re.MULTILINE
)
_PRONOUN_SPEAKER = re.compile(
    r"\b(?:it|they|he|she|the (?:agency|ministry|military|JCS|statement|release|command|"
    r"spokes(?:man|woman|person)|official))\s+"
    r"(?:said|says|added|adds|told|stated|noted|estimated|assessed)\b|\b(?:it|they|he|she) (?:also )?said\b",
    re.IGNORECASE,
)
# Korean and Japanese reported speech without a named speaker ("...と推定されるということです",
# "...고 덧붙였다"): the speaker of the statement being reported goes on, across paragraphs
_HEARSAY_CJK = re.compile(
    r"(?:という|との)こと(?:です|だ)|とされています|としています|と(?:説明|発表|分析|付け加え)(?:しました|しています|した)|"
    # the ministry's estimate in its own words, told on by the report ("...に落下したと推定される")
    r"と推定され(?:る|ます|ている|ています)(?:[。.]|$)|"
    r"(?:고|라고|다고)\s?(?:덧붙였|설명했|전했|부연했)(?:다|습니다)"
)
# a Korean or Japanese paragraph that opens on a bare figure of the flight ("最高高度は6000キロを
# 超え、飛行距離は約1000キロ。", "고도는 …"): the speaker of the paragraph before goes on
_FIGURE_TOPIC_CJK = re.compile(
    r"[\s「]*(?:最高高度|高度|飛行距離|飛距離|飛行時間)は|"
    r"[\s\"']*(?:최고\s?|정점\s?|최대\s?)?(?:고도|비행\s?거리|비행\s?시간)(?:는|은)\s"
)
_UNNAMED_SPEAKER = re.compile(
    r"\b(?:an? (?:South Korean |Japanese |U\.S\. |US |senior |military |government |defen[cs]e )*"
    r"(?:official|source|analyst|expert|lawmaker|officer)s?|(?:South Korean|Japanese|U\.S\.|US|American) "
    r"officials|analysts|experts|observers|residents|a monitoring group|lawmakers?)\b[^.]{0,40}?"
    r"\b(?:said|say|says|told|according)\b|according to (?:South Korean |Japanese |U\.S\. |US )?"
    r"(?:officials|analysts|experts|sources|a monitoring group)",
    re.IGNORECASE,
)
_ISSUER = (
    (
        re.compile(
            r"^\s*(?:Ministry of Defen[cs]e(?: of Japan)?|Japan Ministry of Defen[cs]e|防衛省)\s*$",
            re.MULTILINE,
        ),
        "Japan Ministry of Defense",
    ),
    (
        # the title of the ministry's own releases on launches
        re.compile(
            r"北朝鮮のミサイル等関連情報|"
            r"^\s*(?:Information on )?North Korea's (?:Ballistic )?Missile Launch(?:es)?"
            r"(?: \(\w+ Report\))?\s*$",
            re.MULTILINE | re.IGNORECASE,
        ),
        "Japan Ministry of Defense",
    ),
    (
        re.compile(r"\[\s*(?:JCS|합참|합동참모본부)[^\]]*\]|^\s*JCS:", re.MULTILINE),
        "South Korea Joint Chiefs of Staff",
    ),
    (
        # the transcript of the Chief Cabinet Secretary's press conference
        re.compile(r"^\s*(?:内閣)?官房長官(?:臨時)?記者会見", re.MULTILINE),
        "Japan Chief Cabinet Secretary",
    ),
    (
        # a coast guard's navigational warning under its date line ("令和6年5月27日　海上保安庁")
        re.compile(r"^\s*(?:(?:令和|平成)\S{1,3}年\S{1,3}月\S{1,3}日\s*)?海上保安庁\s*$", re.MULTILINE),
        "Japan Coast Guard",
    ),
    (
        # the transcript of the minister's press conference ("防衛大臣臨時記者会見")
        re.compile(r"^\s*防衛大臣(?:臨時)?記者会見", re.MULTILINE),
        "Japan Ministry of Defense",
    ),
    (
        # the North's own papers and dispatches, dated in the Juche calendar ("주체111(2022)년")
        re.compile(r"^\s*주체\s?\d{2,3}\s?\(\s?(?:19|20)\d{2}\s?\)\s?년", re.MULTILINE),
        "KCNA (North Korea)",
    ),
    (
        # the transcript of the ministry's briefing ("국방부 정례브리핑"): its spokesman speaks for it
        re.compile(r"^\s*국방부\s*(?:정례\s?|정례\s?기자\s?)?브리핑", re.MULTILINE),
        "South Korea Ministry of National Defense",
    ),
)
# a transcript's speaker label ("○ 합참 공보실장 : …", "[합참 공보실장] …"): the agency named
# speaks the words after it
_SPEAKER_LABEL_BEFORE = re.compile(r"(?:^|\n)[ \t]*(?:[○◯●□■▲△-]\s*|\[\s*)?$")
_SPEAKER_LABEL_AFTER = re.compile(r"[^:\]\n.。]{0,14}?(?:\s:|:|\])")
_BARE_MOD = re.compile(
    r"(?<!Japan's )(?<!Japanese )(?<!Korea's )(?<!Korean )(?<!Seoul's )(?<!Tokyo's )"
    r"\b(?:[Tt]he )?(?:Defen[cs]e Ministry|[Dd]efen[cs]e ministry|Ministry of Defen[cs]e|"
    r"Defen[cs]e Minister(?= [A-Z]))\b"
)
_SPEAKER_LABEL = re.compile(r"[ \t]*:[ \t]")
_QUOTE_AFTER = re.compile(r"[ \t]?[\"「“]")
_PAREN_BEFORE_SOURCE = re.compile(r"[^();\n]{0,30}\(\s*(?:South Korea(?:'s)?|Japan(?:'s)?)?\s*")
_BARE_GOV_EN = re.compile(r"\b[Tt]he government\b(?!\s+(?:of|in)\b)(?!'s\s)")
# a header's stamp in the zone of the outlet's country ("Nov. 18, 2022, 12:40 JST")
_STAMP_ZONE = re.compile(r"\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?\s*)?\(?(JST|KST)\)?", re.IGNORECASE)
_DATELINE_OUTLET = re.compile(
    r"\((Yonhap|Reuters|AP|AFP|Kyodo|KCNA|Jiji Press|Jiji|Kyodo News|NHK|Yonhap News Agency|UPI|CNN)\)|"
    r"\b(Kyodo|Reuters)\s+-|\([가-힣]+=(연합뉴스)\)|【[^】]*(時事|共同|조선중앙통신)】"
)
_OUTLET_NAMES = {
    "Yonhap": "Yonhap",
    "Reuters": "Reuters",
    "AP": "Associated Press",
    "AFP": "AFP",
    "Kyodo": "Kyodo",
    "KCNA": "KCNA (North Korea)",
    "연합뉴스": "Yonhap",
    "時事": "Jiji Press",
    "共同": "Kyodo",
    "Jiji Press": "Jiji Press",
    "Jiji": "Jiji Press",
    "Kyodo News": "Kyodo",
    "NHK": "NHK",
    "Yonhap News Agency": "Yonhap",
    "조선중앙통신": "KCNA (North Korea)",
    "UPI": "UPI",
    "CNN": "CNN",
}
_OUTLET_SAYS = re.compile(
    r"\s*(?:news agency\s+|TV\s+|television\s+)?(?:also\s+|later\s+|earlier\s+)?"
    r"(?:said|says|reported|reports|quoted|cited|added)\b|\s*(?:에\s?따르면|は|によると|によりますと)",
    re.IGNORECASE,
)
_ACCORDING_TO = re.compile(r"according to (?:the )?(?:[\w.'-]+ ){0,3}$")
# an official named after the title of an agency ("Chief Cabinet Secretary Yoshihide Suga",
# "Defense Minister Hamada Yasukazu"): the name alone later speaks for that agency ("Suga told")
_NAME_AFTER = re.compile(r"\s+((?:[A-Z][a-z'-]{2,})(?:\s+[A-Z][a-z'-]{2,}){0,2})")
_NOT_NAMES = {
    "Korea",
    "North",
    "South",
    "Japan",
    "Japanese",
    "Korean",
    "Staff",
    "The",
    "Said",
    "Told",
    "Defense",
    "Ministry",
    "Minister",
    "Secretary",
    "Command",
    "Force",
    "Forces",
    "Pacific",
    "Sea",
    "East",
    "West",
}


_FIGURES_FROM = re.compile(
    r"\s*(?:Those|These|The|Both) (?:figures|numbers|details|estimates|data)\s+(?:all\s+)?"
    r"(?:come|came|are|were)\s+from\b"
)


@dataclass
class Said:
    """An agency named in the report: ``agency``, its ``span``, and whether a verb of
    saying in its sentence makes it that sentence's source (``said``)."""

    agency: Agency
    span: tuple[int, int]
    text: str
    said: bool


class Sources:
    """The sources of a report's sentences (see the module's text)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.mentions: list[Said] = []
        by_sentence: dict[int, list[Said]] = {}
        say_cache: dict[int, bool] = {}

        def says(si: int, pos: int) -> bool:
            """Whether the sentence ``si`` (holding ``pos``) has a verb of saying, outside a headline."""
            if si not in say_cache:
                s, e = doc.sentence_at(pos)
                say_cache[si] = doc.search(SAY_RE, s, e) is not None
            return say_cache[si] and not doc.in_headline(pos)

        for m in doc.scan(_AGENCY_RE):
            i = int(next(k for k, v in m.groupdict().items() if v is not None)[1:])
            si = doc.sentence_index(m.start())
            said = says(si, m.start())
            if (
                doc.lang != "en"
                and _SPEAKER_LABEL_BEFORE.search(doc.text, max(0, m.start() - 4), m.start())
                and _SPEAKER_LABEL_AFTER.match(doc.text, m.end())
            ):
                said = True
            if doc.lang != "en" and not said and not doc.in_headline(m.start()) and _QUOTE_AFTER.match(
                doc.text, m.end()
            ):
                # a ticker's or a headline-style line: 'agency "words"' (합참 "…", 防衛省「…」)
                said = True
            if doc.lang == "en" and not said and _SPEAKER_LABEL.match(doc.text, m.end()):
                # a transcript's speaker ("CHIEF CABINET SECRETARY: At around 12:32 ..."): the
                # words after the label are the speaker's
                ls = doc.text.rfind("\n", 0, m.start()) + 1
                said = not doc.text[ls : m.start()].strip()
            x = Said(AGENCIES[i], m.span(), m.group(0), said)
            self.mentions.append(x)
            by_sentence.setdefault(si, []).append(x)
        # "the Defense Ministry" without a country: the ministry of the report's country
        self.outlet: tuple[str, tuple[int, int]] | None = None
        m0 = doc.search(_DATELINE_OUTLET, 0, min(len(doc.text), doc.body_start + 300))
        if m0 is not None:
            g = next(x for x in m0.groups() if x)
            self.outlet = (_OUTLET_NAMES[g], m0.span())
        if self.outlet is None:
            # an outlet named on a line of the header that is not the headline: a page's
            # stamp ("2024年1月14日 17時20分 NHK") or a byline ("By Kim Tong-hyung, Associated Press")
            bs = doc.body_start
            line_end = doc.text.find("\n", bs) if bs >= 0 and doc.text.find("\n", bs) >= 0 else len(doc.text)
            # or opening a short line taken for the dateline ("KYODO NEWS - Mar 9, 2020 - 12:47")
            stamp_line = 0 <= bs and line_end - bs < 80 and not doc.text[bs:line_end].rstrip().endswith(".")
            for x in self.mentions:
                if x.span[0] >= bs and not (stamp_line and x.span[0] == bs):
                    break
                if x.agency.kind == "outlet" and not doc.in_headline(x.span[0]):
                    self.outlet = (x.agency.name, x.span)
                    break
        first = doc.text[doc.body_start : doc.body_start + 60]
        if doc.lang == "en" and doc.body_start > 0:
            # a dateline on a line of its own ("TOKYO, Aug. 4, 2026 (Wire) --" over the story)
            prev = doc.text[max(0, doc.body_start - 120) : doc.body_start].rstrip().rsplit("\n", 1)[-1]
            if re.match(r"\s*(?:TOKYO|SEOUL)\b[^\n]{0,60}(?:--|—|–|-)\s*$", prev):
                first = prev + " " + first
        stamp = _STAMP_ZONE.search(doc.text, 0, max(doc.body_start, 0))
        stamp_zone = stamp.group(1).upper() if stamp else None
        country = (
            "Japan"
            if doc.lang == "ja"
            or re.match(r"\s*TOKYO\b", first, re.I)
            or (self.outlet and self.outlet[0] in ("Kyodo", "Jiji Press", "NHK"))
            or stamp_zone == "JST"
            else "Korea"
            if doc.lang == "ko"
            or re.match(r"\s*SEOUL\b", first, re.I)
            or (self.outlet and self.outlet[0] == "Yonhap")
            or stamp_zone == "KST"
            else None
        )
        if country is not None:
            agency = next(
                a
                for a in AGENCIES
                if a.name == (JAPAN_MOD if country == "Japan" else "South Korea Ministry of National Defense")
            )
            covered = [x.span for x in self.mentions]
            for m in doc.scan(_BARE_MOD):
                if any(a <= m.start() < b for a, b in covered):
                    continue
                si = doc.sentence_index(m.start())
                x = Said(agency, m.span(), m.group(0), says(si, m.start()))
                self.mentions.append(x)
                by_sentence.setdefault(si, []).append(x)
            if country == "Japan" and doc.lang == "en":
                # "..., the government said" in copy from Japan: Japan's government
                gov = next(a for a in AGENCIES if a.name == "Japanese government")
                covered = [x.span for x in self.mentions]
                for m in doc.scan(_BARE_GOV_EN):
                    if any(a <= m.start() < b for a, b in covered):
                        continue
                    si = doc.sentence_index(m.start())
                    if any(x.span[0] < m.start() for x in by_sentence.get(si, [])):
                        continue  # "Chief Cabinet Secretary X told reporters the government had ..."
                    x = Said(gov, m.span(), m.group(0), says(si, m.start()))
                    self.mentions.append(x)
                    by_sentence.setdefault(si, []).append(x)
        # officials named after their agency's title speak for it when named alone later
        names: dict[str, Agency] = {}
        t = doc.text
        for x in list(self.mentions):
            nm = _NAME_AFTER.match(t, x.span[1])
            if nm is None or x.agency.kind == "outlet":
                continue
            for tok in nm.group(1).split():
                if tok not in _NOT_NAMES:
                    names.setdefault(tok, x.agency)
        if names:
            rx = re.compile(
                r"\b(" + "|".join(re.escape(n) for n in names) + r")\b(?=[^.]{0,25}\b(?:said|says|told|"
                r"added|stated|explained)\b)|(?<=according to )("
                + "|".join(re.escape(n) for n in names)
                + r")\b"
            )
            taken = {x.span[0] for x in self.mentions}
            for m in doc.scan(rx):
                name = m.group(1) or m.group(2)
                if m.start() in taken or any(
                    a.span[0] <= m.start() < a.span[1]
                    for a in by_sentence.get(doc.sentence_index(m.start()), [])
                ):
                    continue
                si = doc.sentence_index(m.start())
                x = Said(names[name], m.span(), name, not doc.in_headline(m.start()))
                self.mentions.append(x)
                by_sentence.setdefault(si, []).append(x)
        self.mentions.sort(key=lambda x: x.span[0])
        for v in by_sentence.values():
            v.sort(key=lambda x: x.span[0])
        self.by_sentence = by_sentence
        self.issuer: Agency | None = None
        head = doc.text[: max(doc.body_start, 0) + 200]
        named: Agency | None = None
        # "U.S. INDOPACOM statement on ...", "[JCS Press Release]": the header names its issuer,
        # whatever the title ("North Korea's Ballistic Missile Launch" is also the ministry's)
        for x in self.mentions:
            if x.span[0] >= doc.body_start or x.agency.kind == "outlet":
                continue
            if re.match(
                r"\s*(?:'s\s+)?(?:statement|press release|release|announcement|notice|briefing|"
                r"(?:press|news) (?:briefing|conference))\b|"
                r"\s*(?:보도\s?자료|발표문|報道発表|発表資料)",
                doc.text[x.span[1] : x.span[1] + 20],
                re.IGNORECASE,
            ):
                named = x.agency
                break
        for rx, name in _ISSUER:
            if named is None and rx.search(head):
                self.issuer = next(a for a in AGENCIES if a.name == name)
                break
        kcna = self.outlet is not None and self.outlet[0] == "KCNA (North Korea)"
        if self.issuer is None and named is None and kcna:
            self.issuer = next(a for a in AGENCIES if a.name == "KCNA (North Korea)")  # a KCNA dispatch
        if self.issuer is None:
            self.issuer = named
        pm_orders = re.search(r"^\s*【総理指示】", doc.text, re.MULTILINE)
        if self.issuer is None and doc.lang == "ja" and pm_orders:
            # the Prime Minister's Office's page on a launch, with the prime minister's orders
            self.issuer = next(a for a in AGENCIES if a.name == "Japan Prime Minister's Office")

        self._inherit: dict[int, Agency | None] = {}

    def _own(self, si: int) -> list[Said]:
        sents = self.doc.sentences
        nxt = sents[si + 1] if self.doc.lang == "en" and si + 1 < len(sents) else None
        if nxt is not None and _FIGURES_FROM.match(self.doc.text, nxt[0], nxt[1]):
            # "Tokyo says the missile was in the air for about 45 minutes. Those figures come
            # from Japan's Defense Ministry.": the next sentence names the source
            named = [x for x in self.by_sentence.get(si + 1, []) if x.agency.kind != "outlet"]
            if named:
                return named
        mine = self.by_sentence.get(si, [])
        own = [x for x in mine if x.said and x.agency.kind != "outlet"]
        if own:
            return own
        # another outlet quoted by this one ("South Korean news agency Yonhap said ...",
        # "according to NHK"), no agency of government beside it: that outlet says it
        t = self.doc.text
        return [
            x
            for x in mine
            if x.said
            and x.agency.kind == "outlet"
            and (self.outlet is None or x.agency.name != self.outlet[0])
            and (
                _OUTLET_SAYS.match(t, x.span[1]) is not None
                or _ACCORDING_TO.search(t[max(0, x.span[0] - 40) : x.span[0]])
            )
        ]

    def _sentence_source(self, si: int) -> Agency | None:
        """The source of sentence ``si`` as a whole (its own, else inherited)."""
        if si in self._inherit:
            return self._inherit[si]
        own = self._own(si)
        out: Agency | None
        if own:
            out = own[0].agency
        else:
            s, e = self.doc.sentences[si] if self.doc.sentences else (0, 0)
            unnamed = self.doc.search(_UNNAMED_SPEAKER, s, e) is not None
            pronoun = (
                self.doc.search(_PRONOUN_SPEAKER, s, e) is not None
                or self.doc.search(_HEARSAY_CJK, s, e) is not None
                or (self.doc.lang != "en" and self.doc.match(_FIGURE_TOPIC_CJK, s, e) is not None)
            )
            prev = si - 1
            same_para = prev >= 0 and self.doc.paragraph_index(
                self.doc.sentences[prev][0]
            ) == self.doc.paragraph_index(s)
            if unnamed and not pronoun:
                out = None
            elif same_para or pronoun:
                # walk back without recursion: the nearest earlier sentence of the paragraph
                # (or, for a pronoun, of the report) that has its own source
                out = None
                j = prev
                while j >= 0:
                    if j in self._inherit:
                        out = self._inherit[j]
                        break
                    o = self._own(j)
                    if o:
                        out = o[0].agency
                        break
                    js, je = self.doc.sentences[j]
                    if si - j <= 3 and (
                        self.doc.search(_PRONOUN_SPEAKER, js, je) is not None
                        or self.doc.search(_HEARSAY_CJK, js, je) is not None
                    ):
                        # an earlier sentence of reported speech: its speaker goes on here
                        # (bounded: at most a few sentences back, each itself bounded)
                        out = self._sentence_source(j)
                        break
                    if not pronoun and self.doc.paragraph_index(
                        self.doc.sentences[j][0]
                    ) != self.doc.paragraph_index(s):
                        break
                    j -= 1
                    if si - j > 6:
                        break
                if out is None:
                    out = self.issuer
            else:
                out = self.issuer
        self._inherit[si] = out
        return out

    def at(self, i: int) -> Agency | None:
        """The agency that says what is written at offset ``i`` (``None``: the outlet's own
        words or an unnamed speaker)."""
        if self.doc.in_header(i) and not self.doc.sentences:
            return self.issuer
        si = self.doc.sentence_index(i)
        if self.doc.lang == "en":
            # "Apogee: about 1,000 km (South Korea JCS); 1,413.6 km (KCNA)": the agency in
            # parentheses right after a figure says it
            t = self.doc.text
            for x in self.by_sentence.get(si, []):
                if (
                    i < x.span[0] <= i + 40
                    and x.agency.kind != "outlet"
                    and _PAREN_BEFORE_SOURCE.fullmatch(t, i, x.span[0])
                    and re.match(r"\s*\)", t[x.span[1] : x.span[1] + 3])
                ):
                    return x.agency
        own = self._own(si)
        if len(own) > 1:
            return min(own, key=lambda x: min(abs(x.span[0] - i), abs(x.span[1] - i))).agency
        if (
            len(own) == 1
            and i < own[0].span[0]
            and re.search(r"(?:について|に関して|에\s?대해서?)[、,]?\s*$", self.doc.text[i : own[0].span[0]])
        ):
            # "…1発の長距離弾道ミサイル「テポドン2号」について、防衛庁は、…": the topic the
            # writer sets before the agency speaks is the writer's own words
            return None
        if len(own) == 1 and own[0].span[1] <= i:
            # "..., the Japanese government said, but the launch failed": the words after
            # the turn are the outlet's own
            between = self.doc.text[own[0].span[1] : i]
            if re.search(r"\b(?:said|says|announced|reported)\s*,\s*but\b", between):
                return None
        return self._sentence_source(si)

    def all_at(self, i: int) -> list[Agency]:
        """Every agency that says the sentence at ``i`` (``"the South Korean and Japanese
        governments said"`` gives two)."""
        si = self.doc.sentence_index(i)
        own = self._own(si)
        if own:
            return list(dict.fromkeys(x.agency for x in own))
        a = self._sentence_source(si)
        return [] if a is None else [a]

    def agencies_named(self) -> list[Agency]:
        """Agencies named as speakers anywhere, in order of first mention."""
        return list(dict.fromkeys(x.agency for x in self.mentions if x.said))
