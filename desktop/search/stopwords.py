"""Words that say little about what a person is looking for (English and Russian).

Based on the Snowball stop-word lists, shortened: words that carry meaning in this app are
left out ("us" is a country; "help", "out", "open", "call", "after", "before"),
and a few question words people type are added ("can", "get", "should"), and words of
nearness ("near", "рядом"): a record says where it is, not that it is near.  A query made
only of stop words keeps them all.

Negations are never stop words: without them "без визы" (without a visa) would be "визы"
(visas), and "not visa required" would be "visa required".  ``NEGATIONS`` lists them and
``STOP_WORDS`` leaves them out.  (The pieces of "don't" and "can't" stay: "don" and "t"
say nothing alone, and the index splits the word the same way.)
"""

from __future__ import annotations

ENGLISH = frozenset("""
a about above again against all am an and any are aren't as at be because been
being below between both but by can can't could couldn't did didn't do does
doesn't doing don't down during each few for from further had hadn't has hasn't have
haven't having he he'd he'll he's her here here's hers herself him himself his how how's i
i'd i'll i'm i've if in into is isn't it it's its itself let's me more most mustn't my
myself of off on once only or other ought our ours ourselves over own same shan't she
she'd she'll she's should shouldn't so some such than that that's the their theirs them
themselves then there there's these they they'd they'll they're they've this those through
to too under until up very was wasn't we we'd we'll we're we've were weren't what what's
when when's where where's which while who who's whom why why's with won't would wouldn't
you you'd you'll you're you've your yours yourself yourselves
im ive dont doesnt cant isnt wont didnt whats wheres hows
get getting got go going will shall may might must please tell know find need want
still also just really any anything something there thing things way
near nearest nearby closest
s t d ll m re ve doesn don isn won didn aren wasn couldn shouldn wouldn hasn haven
""".split())

RUSSIAN = frozenset("""
и в во что он на я с со как а то все она так его но да ты к у же вы за бы по только ее
мне было вот от меня еще о из ему теперь когда даже ну вдруг ли если уже или быть
был него до вас нибудь опять уж вам ведь там потом себя ей может они тут где есть
надо ней для мы тебя их чем была сам чтоб будто чего раз тоже себе под будет ж тогда
кто этот того потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас
были куда зачем всех можно при наконец два об другой хоть после над больше тот
через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед
иногда лучше чуть том такой им более всегда конечно всю между
как ли нужно нужен нужна нужны мне хочу могу можно собой свой своей свои своим
рядом около возле ближайший ближайшая ближайшие
""".split())

# Words that turn a meaning round: never stop words.
NEGATIONS = frozenset("""
not no nor cannot without never nothing none neither
не нет без ни никогда ничего нельзя никак нечего
""".split())

STOP_WORDS = (ENGLISH | RUSSIAN) - NEGATIONS


def is_stop(word: str) -> bool:
    """True for a normalised word that says little on its own."""
    return word in STOP_WORDS


def is_negation(word: str) -> bool:
    """True for a normalised word that turns a meaning round ("not", "без")."""
    return word in NEGATIONS
