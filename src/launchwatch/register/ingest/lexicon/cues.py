"""Directions, and the cue words that say what a sentence is about (launch, impact,
other moments, speech).

Data only (tables and compiled patterns), part of :mod:`launchwatch.register.ingest.lexicon`."""

from __future__ import annotations

import re

DIRECTIONS = {
    "north": 0.0,
    "north-northeast": 22.5,
    "northeast": 45.0,
    "east-northeast": 67.5,
    "east": 90.0,
    "east-southeast": 112.5,
    "southeast": 135.0,
    "south-southeast": 157.5,
    "south": 180.0,
    "south-southwest": 202.5,
    "southwest": 225.0,
    "west-southwest": 247.5,
    "west": 270.0,
    "west-northwest": 292.5,
    "northwest": 315.0,
    "north-northwest": 337.5,
    "북": 0.0,
    "북북동": 22.5,
    "북동": 45.0,
    "동북동": 67.5,
    "동": 90.0,
    "동남동": 112.5,
    "남동": 135.0,
    "남": 180.0,
    "남서": 225.0,
    "서": 270.0,
    "북서": 315.0,
    "동북": 45.0,
    "北": 0.0,
    "北北東": 22.5,
    "北東": 45.0,
    "東北東": 67.5,
    "東": 90.0,
    "東南東": 112.5,
    "南東": 135.0,
    "南": 180.0,
    "南西": 225.0,
    "西": 270.0,
    "北西": 315.0,
}

# -- cue words -----------------------------------------------------------------------------
#: Verbs (and nouns) of the launch itself.
LAUNCH_RE = re.compile(
    r"\b(?:launch(?:ed|es|ing)?|fir(?:ed|es|ing)|fire|test-fired|test-launched|test-fire|tested|tests|"
    r"test(?= of\b)|test-firing|"
    r"lift(?:ed|s)? off|"
    r"liftoff|lift-off|blast(?:ed)? off|took off|shot|detected|"
    # "The attempt came at about 7 a.m. Wednesday Seoul time"
    r"attempt(?=\s+(?:came|was made|took place|occurred)\b))\b|"
    r"발사|쏘아\s?올|쏘았|쏴|쏘고|쐈|쏜|포착|탐지|発射|打ち上げ|探知",
    re.IGNORECASE,
)
#: Words of the end of a flight (a time near one is the impact's, not the launch's).
IMPACT_RE = re.compile(
    r"\b(?:land(?:ed|ing|s)?|fell|fall(?:ing|en|s)?|splash(?:ed|ing)?(?: down)?|splashdown|came down|"
    r"impact(?:ed)?|crash(?:ed|ing)?|plunged|dropped|hit|struck|reentered)\b|"
    r"낙하|탄착|추락|떨어|落下|着弾|墜落",
    re.IGNORECASE,
)
#: Other moments a report dates: orbit, overflight, radar loss, alerts, statements, response.
OTHER_MOMENT_RE = re.compile(
    r"\b(?:orbit|passed over|flew over|overflew|crossed|disappeared|vanished|lost from radar|sirens?|"
    r"J-?Alert|alerts?|warnings?|shelter|evacuat\w*|response|responded|retaliat\w*|drills?|exercises?|"
    r"press conference|news conference|briefing|announced|statement|meeting|convened|issued|"
    # moments of people, not of the flight ("a text message sent to reporters at 7:30 a.m.",
    # "before Yoon left for Tokyo at 8:30 a.m.")
    r"(?:text )?messages?|sent|texted|emailed|left for|departed|arrived|landed in (?:Tokyo|Seoul|Washington)|"
    r"took office|speech|address(?:ed)?|"
    # the end of a failed flight: debris seen, a blast ("22시 46분경 … 다수의 파편이 탐지")
    r"debris|fragments|explod(?:ed|es|ing)|explosion|blew up|broke up|disintegrat\w*)\b|"
    r"궤도|통과|소실|경보|대응|훈련|기자회견|브리핑|軌道|通過|消失|警報|Jアラート|避難|記者会見|会見|訓練|"
    r"파편|잔해|폭발|破片|残骸|爆発|"
    # word of the launch reaching someone ("情報が午前7時48分に入った", "통보를 받았")
    r"に入った|に入りました|伝達|通報|통보|접수",
    re.IGNORECASE,
)
#: Speech verbs that a day phrase next to them dates (the statement's day, not the launch's).
SPEECH_DAY_RE = re.compile(
    r"\b(?:said|says|saying|claimed|claims|claiming|announced|announcing|reported|reporting|told|stated|"
    r"confirmed|confirming|described|describing)\b",
    re.IGNORECASE,
)
