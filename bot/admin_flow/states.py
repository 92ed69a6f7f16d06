"""FSM states of the hotel dialogs.

The core names a dialog's next step with a plain string (it knows no aiogram); these groups
turn those names into aiogram states, so a step's name and its state's name are the same word.
"""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup


class AddHotel(StatesGroup):
    """/addhotel: one state per question, in the order they are asked."""

    name = State()
    instance = State()
    token = State()
    api_url = State()
    timezone = State()
    languages = State()
    hours = State()
    phones = State()
    webhook = State()


class HotelEdit(StatesGroup):
    """A prompt opened from a hotel card's button; the FSM data says what it edits."""

    text = State()
    file = State()


def step_of(state: str | None, group: type[StatesGroup]) -> str | None:
    """ "AddHotel:token" → "token", when the state belongs to `group`."""
    if state is None or state not in group.__all_states_names__:
        return None
    return state.partition(":")[2]


def state_for(group: type[StatesGroup], step: str) -> State:
    state = getattr(group, step, None)
    if not isinstance(state, State):
        raise ValueError(f"{group.__name__} has no step {step!r}")
    return state
