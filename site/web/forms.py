"""The assessment as a WTForms form, generated from the questionnaire.

The same form class renders the frozen page (no CSRF token: static HTML cannot hold a secret) and
validates POSTs on the live server (CSRF bound to the session).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from werkzeug.datastructures import MultiDict
from wtforms import Form, RadioField
from wtforms.csrf.session import SessionCSRF
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from centricity.engine.scoring import Answers, show
from centricity.model.questionnaire import Questionnaire

DONT_KNOW = "x"
FELT = "felt"


def form_class(q: Questionnaire, lang: str, strings: Mapping[str, str]) -> type[Form]:
    attrs: dict[str, Any] = {}
    attrs[FELT] = RadioField(
        strings["felt.legend"],
        choices=[SelectChoice(str(i), str(i)) for i in range(11)],
        validators=[Optional()],
    )
    for c in q.context:
        attrs[f"ctx_{c.id}"] = RadioField(
            c.prompt[lang],
            choices=[SelectChoice(o.id, o.label[lang]) for o in c.options],
            validators=[Optional()],
        )
    for question in q.questions:
        choices = [SelectChoice(str(i), o.label[lang]) for i, o in enumerate(question.options)]
        if question.not_applicable:
            choices.append(SelectChoice(str(len(question.options)), question.not_applicable[lang]))
        if question.dont_know:
            choices.append(SelectChoice(DONT_KNOW, strings["assessment.dont_know"]))
        attrs[question.id] = RadioField(
            question.prompt[lang], choices=choices, validators=[InputRequired(strings["assessment.required"])]
        )
    return type(f"Assessment_{q.id}", (Form,), attrs)


def make_form(
    q: Questionnaire,
    lang: str,
    strings: Mapping[str, str],
    formdata=None,
    *,
    csrf_secret: bytes | None = None,
    session: Any = None,
) -> Form:
    cls = form_class(q, lang, strings)
    if csrf_secret is None:
        return cls(formdata)
    meta = {"csrf": True, "csrf_class": SessionCSRF, "csrf_secret": csrf_secret, "csrf_context": session}
    return cls(formdata, meta=meta)


def refusal_of(form: Form, formdata: MultiDict) -> tuple[str, dict[str, str]] | None:
    """Why a POST is none that this site's form sends: an unknown or repeated field, or a value that is not
    one of its field's options. The live server answers it with 400 and the reason, not a form of errors."""
    for name in formdata:
        if name not in form:
            return "field", {"field": show(name)}
        values = formdata.getlist(name)
        if len(values) > 1:
            return "twice", {"field": show(name)}
        choices = getattr(form[name], "choices", None)
        if choices is not None and values[0] not in {c.value for c in choices}:
            return "option", {"field": show(name), "value": show(values[0])}
    return None


def answers_from(q: Questionnaire, form: Form) -> Answers:
    choices: dict[str, int | None] = {}
    for question in q.questions:
        value = form[question.id].data
        if value:
            choices[question.id] = None if value == DONT_KNOW else int(value)
    context = {c.id: form[f"ctx_{c.id}"].data for c in q.context if form[f"ctx_{c.id}"].data}
    felt = form[FELT].data
    return Answers(choices, context, int(felt) if felt not in (None, "", "None") else None)
