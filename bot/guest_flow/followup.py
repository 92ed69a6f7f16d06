"""Follow-up questions: "and how late is it open?" right after "is there a pool?".

Read alone, such a message names no subject, and the matcher answers whatever its remaining
words suggest ("how late" → late check-out, 0.54 to 0.62). A message that reads as a follow-up is
therefore also read together with the guest's previous question, and `reading` decides which
reading (if any) the knowledge base may answer. Pure: `conversation.py` gathers the previous
question and both matches.

What marks a follow-up (both only in short messages, `FOLLOW_UP_WORDS`):
* a pronoun standing for its subject ("is *it* heated", "а до скольки *он* работает"): the
  subject is the earlier question's, so the message alone is never trusted;
* an opening connector ("and ...", "и ...", "а ..."): the message may still name its own
  subject ("и где парковка?"), so it is read with the earlier one only when it matches
  nothing on its own.

The cases these rules were chosen on are in tests/test_follow_up.py.
"""

from __future__ import annotations

from enum import Enum

from bot.guest_flow import textnorm
from bot.guest_flow.matching import DEFAULT_THRESHOLD, Match
from bot.limits import FOLLOW_UP_WORDS

__all__ = ["FOLLOW_UP_THRESHOLD", "Refers", "reading", "refers_back"]


class Refers(Enum):
    PRONOUN = "pronoun"  # the subject is a pronoun: it is the earlier question's
    CONNECTOR = "connector"  # opens with "and"/"и"/"а": it may continue the earlier one


# The combined reading's threshold. The earlier question already established the subject,
# so its reading with the follow-up may answer a little below the matcher's 0.45; not below
# 0.38, where the matcher's wrong answers start (tests/test_matching_quality.py). On CASES in
# tests/test_follow_up.py the right combined readings score 0.449 to 1.0 (0.456 to 1.0 under
# the issue-10 scorer), the wrong ones (connector-only follow-ups naming their own subject,
# which are never read combined) 0.40 and 0.67 (0.50 and 0.72).
FOLLOW_UP_THRESHOLD = 0.4

# Pronouns that stand for a thing asked about (not "I", "you": those are the guest and the
# hotel). English "there" is left out: "is there parking" names its subject.
PRONOUNS = frozenset(
    """
    it its itself they them their this that those
    он она оно они его ее её их него нее неё них ним ней нему это этого этом
    es er ihn ihm sie ello ella ellos lo la il elle ils
    """.split()
)
CONNECTORS = frozenset(
    """
    and also plus
    и а также тоже еще ещё
    und auch y también et aussi
    """.split()
)
# "what about the gym", "how about the sauna": the second word decides for the two above.
_ABOUT = frozenset({"about", "насчет", "насчёт"})


def refers_back(text: str) -> Refers | None:
    """Whether a message reads as a follow-up of the previous one, and how."""
    tokens = textnorm.tokenize(text)
    if not tokens or len(tokens) > FOLLOW_UP_WORDS:
        return None
    if any(token in PRONOUNS for token in tokens):
        return Refers.PRONOUN
    first = tokens[0]
    if first in ("what", "how"):
        return Refers.CONNECTOR if len(tokens) > 1 and tokens[1] in _ABOUT else None
    return Refers.CONNECTOR if first in CONNECTORS else None


def _confident(match: Match | None, threshold: float) -> Match | None:
    return match if match is not None and match.score >= threshold else None


def reading(
    alone: Match | None,
    combined: Match | None,
    refers: Refers,
    *,
    model: bool,
    threshold: float = DEFAULT_THRESHOLD,
    combined_threshold: float = FOLLOW_UP_THRESHOLD,
) -> Match | None:
    """The knowledge answer for a follow-up, or None (the model with the history answers,
    or the honest fallback).

    `alone`: the best match of the message itself; `combined`: of the earlier question and
    the message read together. With a model, only a reading both agree on is answered from
    knowledge: a weak or changed match is the model's to answer, with the conversation.
    Without one, the combined reading is the answer when it is confident."""
    alone, combined = _confident(alone, threshold), _confident(combined, combined_threshold)
    if refers is Refers.CONNECTOR and alone is not None:
        return alone  # "и где парковка?": it names its own subject
    if alone is not None and combined is not None and alone.topic == combined.topic:
        return alone
    if model:
        return None
    return combined
