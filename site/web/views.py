"""Routes. Every page has a trailing slash so it freezes to `.../index.html`, and every link is
relative (see `url`) so the frozen site works at a root, under a sub-path and from `file://`."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Mapping
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    render_template,
    request,
    session,
    url_for,
)
from markupsafe import Markup
from werkzeug.exceptions import RequestEntityTooLarge

from centricity.core import languages, limits
from centricity.core.registry import CONTENT_FOLDERS, PAGES
from centricity.engine import codec, shortlink
from centricity.engine.present import Presenter
from centricity.engine.rules import engine_rules
from centricity.engine.scoring import score
from centricity.model.catalog import Catalog
from centricity.model.questionnaire import Questionnaire
from centricity.model.strings import counted, fill, number, strings
from centricity.web.forms import answers_from, make_form, refusal_of
from centricity.web.preview import ENDPOINT_KIND, KINDS, card_text, preview_png

bp = Blueprint("site", __name__)

LEARN_SECTIONS = tuple((CONTENT_FOLDERS[k], k) for k in ("myth", "dimension", "level"))


def catalog() -> Catalog:
    return current_app.extensions["centricity"]


def url(endpoint: str, **values) -> str:
    """A URL relative to the current page; ends in index.html when freezing, for `file://`."""
    target = url_for(endpoint, **values)
    if "://" in target:
        return target
    base = catalog().config.base_url
    if g.get("absolute_urls") and base:
        return base.rstrip("/") + target
    path, hash_, fragment = target.partition("#")
    if path.endswith("/") and current_app.config.get("FREEZING"):
        path += "index.html"
    base = request.path if request.path.endswith("/") else posixpath.dirname(request.path)
    rel = posixpath.relpath(path, base)
    if path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    if rel == "./" and current_app.config.get("FREEZING"):
        rel = "index.html"
    return rel + hash_ + fragment


def resolver(lang: str):
    c = catalog()

    def resolve(kind: str, target: str) -> str | None:
        if kind == "page":
            if target == "learn":
                return url("site.learn", lang=lang)
            if target == "team":
                return url("site.team", lang=lang, qid=c.primary.id)
            return url("site.page", lang=lang, slug=target) if c.content.get(lang, target) else None
        if kind == "assessment":
            return url("site.assessment", lang=lang, qid=target) if target in c.questionnaires else None
        if kind == "profile":
            return url("site.profile", lang=lang, slug=target) if target in c.profiles else None
        folder = f"{kind}s"
        return (
            url(f"site.{kind}", lang=lang, slug=target) if c.content.get(lang, f"{folder}/{target}") else None
        )

    return resolve


def lang_or_404(lang: str) -> dict[str, str]:
    if lang not in catalog().languages:
        abort(404)
    return strings(lang)


def questionnaire_or_404(qid: str) -> Questionnaire:
    q = catalog().questionnaires.get(qid)
    if q is None:
        abort(404)
    return q


def render(template: str, lang: str, **context) -> str:
    c = catalog()
    switch = context.pop("switch", None) or []  # a page outside /<lang>/ (the admin area) brings its own
    if not switch and request.endpoint and request.view_args is not None and "lang" in request.view_args:
        for other in c.languages:
            switch.append((other, url(request.endpoint, **{**request.view_args, "lang": other})))
    t = strings(lang)
    kind = ENDPOINT_KIND.get(request.endpoint or "", "home")
    preview_url = url("site.preview", lang=lang, kind=kind)
    if c.config.base_url:
        preview_url = c.config.base_url.rstrip("/") + url_for("site.preview", lang=lang, kind=kind)
    # What a page may leave out: the site's templates are strict, so anything else missing is an error.
    optional = dict.fromkeys(("title", "description", "choices", "refused", "csrf_failed"))
    return render_template(
        template,
        **{**optional, **context},
        lang=lang,
        t=t,
        preview_url=preview_url,
        fill=fill,
        counted=lambda key, count, **params: counted(t, key, count, **params),
        num=lambda v: number(v, lang),
        url=url,
        site=c.config,
        catalog=c,
        switch=switch,
        live=current_app.config.get("LIVE", False),
        tl=strings,
        language=languages.language,
    )


@bp.app_template_filter("tojson_script")
def tojson_script(data) -> Markup:
    """JSON safe inside <script type="application/json">: no `</` can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@bp.route("/")
def root():
    c = catalog()
    if len(c.languages) == 1:
        return render("root.html", c.languages[0])
    return render("root.html", c.languages[0], choices=[(lg, strings(lg)) for lg in c.languages])


@bp.route(PAGES["home"].rule)
def home(lang: str):
    t = lang_or_404(lang)
    c = catalog()
    return render(
        "home.html",
        lang,
        title=t["home.title"],
        description=t["home.lead"],
        questionnaires=sorted(c.questionnaires.values(), key=lambda q: len(q.questions)),
    )


@bp.route(PAGES["assessment"].rule, methods=["GET", "POST"])
def assessment(lang: str, qid: str):
    t = lang_or_404(lang)
    q = questionnaire_or_404(qid)
    live = current_app.config.get("LIVE", False)
    if request.method == "POST" and not live:
        abort(405)
    # A server that sets no cookie on this page (the collecting server) turns the form's token off.
    with_csrf = live and current_app.config.get("FORM_CSRF", True)
    secret = str(current_app.secret_key).encode()
    csrf: dict[str, Any] = {"csrf_secret": secret, "session": session} if with_csrf else {}
    if request.method == "POST":
        refused = _read_post()
        if refused:
            return _refused(lang, q, make_form(q, lang, t, None, **csrf), *refused)
    form = make_form(q, lang, t, request.form if request.method == "POST" else None, **csrf)
    if request.method == "POST":
        bad = refusal_of(form, request.form)
        if bad:
            return _refused(lang, q, make_form(q, lang, t, None, **csrf), *bad)
        if form.validate():
            answers = answers_from(q, form)
            result = score(q, answers)
            response = codec.Response(q.id, q.version, answers)
            return render_result(lang, q, result=result, code=shortlink.encode(q, response))
        if "csrf_token" in form.errors:
            return render(
                "assessment.html",
                lang,
                q=q,
                form=form,
                title=q.title[lang],
                csrf_failed=True,
                description=q.description[lang],
                data={},
            ), 400
    return render(
        "assessment.html",
        lang,
        q=q,
        form=form,
        title=q.title[lang],
        description=q.description[lang],
        data=_assessment_data(lang, q),
    )


def _assessment_data(lang: str, q: Questionnaire) -> dict:
    return {
        "strings": page_strings(lang, "assessment."),
        "lang": lang,
        "codebook": shortlink.codebook(q),
        "limits": limits.browser(),
    }


def _read_post() -> tuple[str, dict[str, object]] | None:
    """Parse the POST within the live server's limits; a larger one is refused before it is read whole."""
    request.max_content_length = limits.POST_MAX_BYTES
    request.max_form_memory_size = limits.POST_MAX_BYTES
    request.max_form_parts = limits.POST_MAX_FIELDS
    try:
        fields = sum(len(values) for values in request.form.listvalues())
    except RequestEntityTooLarge:
        fields = limits.POST_MAX_FIELDS + 1
    if fields > limits.POST_MAX_FIELDS:
        return "large", {"max": limits.POST_MAX_BYTES, "fields": limits.POST_MAX_FIELDS}
    return None


def _refused(lang: str, q: Questionnaire, form, key: str, params: Mapping[str, object]):
    """A POST no page of this site sends: 400, the empty form, and why, in the page's language."""
    t = strings(lang)
    reason = fill(t[f"refusal.post.{key}"], **params)
    page = render(
        "assessment.html",
        lang,
        q=q,
        form=form,
        title=q.title[lang],
        description=q.description[lang],
        refused=fill(t["refusal.post"], reason=reason),
        data=_assessment_data(lang, q),
    )
    return page, 400


def page_strings(lang: str, *prefixes: str) -> dict[str, str]:
    """The interface strings a page's script needs, so each page embeds only its share."""
    return {k: v for k, v in strings(lang).items() if k.startswith(prefixes)}


def result_rules(q: Questionnaire, lang: str) -> dict:
    """What the browser needs to score and phrase a result: the engine rules plus this language's texts."""
    return {
        "lang": lang,
        "limits": limits.browser(),
        "rules": engine_rules(q),
        "strings": page_strings(
            lang,
            "result.",
            "glance.",
            "evidence.",
            "plan.",
            "perception.",
            "compare.",
            "share.",
            "team.",
            "myths.",
            "assessment.dont_know",
            "refusal.",
        ),
        "texts": {
            "title": q.title[lang],
            "dimensions": {
                d.id: {"title": d.title[lang], "advice": {k: v[lang] for k, v in d.advice.items()}}
                for d in q.dimensions
            },
            "levels": {lv.id: lv.name[lang] for lv in q.levels},
            "myths": {m.id: m.title[lang] for m in q.myths},
            "patterns": {m.id: [p.label[lang] for p in m.evidence.patterns] for m in q.myths if m.evidence},
            "questions": {
                qq.id: {
                    "prompt": qq.prompt[lang],
                    "options": [o.label[lang] for o in qq.options],
                    "benefit": qq.benefit[lang] if qq.benefit else "",
                }
                for qq in q.questions
            },
            "context": {
                c.id: {"prompt": c.prompt[lang], "options": {o.id: o.label[lang] for o in c.options}}
                for c in q.context
            },
        },
    }


def deeper_for(q: Questionnaire) -> Questionnaire | None:
    """The fuller questionnaire a shorter one's result offers next, carrying the answers both ask."""
    primary = catalog().primary
    shared = any(primary.find_question(x.id) for x in q.questions)
    return primary if q.id != primary.id and len(primary.questions) > len(q.questions) and shared else None


def render_result(lang: str, q: Questionnaire, result=None, code: str = "", profile=None):
    t = strings(lang)
    data = result_rules(q, lang)
    data["urls"] = {
        "levels": {lv.id: url("site.level", lang=lang, slug=lv.id) for lv in q.levels},
        "myths": {m.id: url("site.myth", lang=lang, slug=m.id) for m in q.myths},
        "dimensions": {d.id: url("site.dimension", lang=lang, slug=d.id) for d in q.dimensions},
    }
    # The misconception in one line, under each shown myth: its page's summary (the catalog requires one).
    pages = {m.id: catalog().content.get(lang, f"myths/{m.id}") for m in q.myths}
    data["texts"]["myth_lines"] = {mid: page.summary if page else "" for mid, page in pages.items()}
    deeper = deeper_for(q)
    if deeper:
        data["deeper"] = shortlink.codebook(deeper)
    return render(
        "result.html",
        lang,
        q=q,
        result=result,
        code=code,
        data=data,
        profile=profile,
        present=Presenter(q, lang),
        deeper=deeper,
        # A sample profile is titled by its own heading (a course links it by name), a result by what it is.
        title=profile[0].title if profile else t["result.title"] + " · " + q.title[lang],
        description=profile[0].summary if profile else q.description[lang],
    )


@bp.route(PAGES["result"].rule)
def result(lang: str, qid: str):
    lang_or_404(lang)
    return render_result(lang, questionnaire_or_404(qid))


def content_page(lang: str, slug: str, kind: str | None = None, **extra):
    lang_or_404(lang)
    c = catalog()
    page = c.content.get(lang, slug)
    if page is None:
        abort(404)
    prev_next = None
    if kind:
        order = {"myth": c.myth_ids, "dimension": c.dimension_ids, "level": c.level_ids}[kind]()
        current = slug.split("/", 1)[1]
        i = order.index(current) if current in order else -1
        folder = slug.split("/", 1)[0]
        neighbours = []
        for j in (i - 1, i + 1):
            if 0 <= j < len(order) and i >= 0:
                other = c.content.get(lang, f"{folder}/{order[j]}")
                neighbours.append(
                    (url(f"site.{kind}", lang=lang, slug=order[j]), other.title) if other else None
                )
            else:
                neighbours.append(None)
        prev_next = neighbours
    return render(
        "page.html",
        lang,
        page=page,
        body=Markup(page.html(resolver(lang))),
        title=page.title,
        description=page.summary,
        kind=kind,
        prev_next=prev_next,
        **extra,
    )


@bp.route(PAGES["myth"].rule)
def myth(lang: str, slug: str):
    q = catalog().primary
    related = [x for x in q.questions if slug in x.myths]
    return content_page(lang, f"myths/{slug}", "myth", related_questions=related, q=q)


@bp.route(PAGES["dimension"].rule)
def dimension(lang: str, slug: str):
    q = catalog().primary
    related = [x for x in q.questions if x.dimension == slug]
    return content_page(lang, f"dimensions/{slug}", "dimension", related_questions=related, q=q)


@bp.route(PAGES["level"].rule)
def level(lang: str, slug: str):
    return content_page(lang, f"levels/{slug}", "level", q=catalog().primary)


@bp.route(PAGES["page"].rule)
def page(lang: str, slug: str):
    if "/" in slug:
        abort(404)
    return content_page(lang, slug)


@bp.route(PAGES["learn"].rule)
def learn(lang: str):
    t = lang_or_404(lang)
    c = catalog()
    sections = []
    for folder, kind in LEARN_SECTIONS:
        ids = {"myth": c.myth_ids, "dimension": c.dimension_ids, "level": c.level_ids}[kind]()
        sections.append((folder, kind, [(i, c.content.get(lang, f"{folder}/{i}")) for i in ids]))
    return render("learn.html", lang, sections=sections, title=t["learn.title"], description=t["learn.lead"])


@bp.route(PAGES["profile"].rule)
def profile(lang: str, slug: str):
    lang_or_404(lang)
    c = catalog()
    p = c.profiles.get(slug)
    page = c.content.get(lang, f"profiles/{slug}")
    if p is None or page is None:
        abort(404)
    q = c.questionnaires[p.response.questionnaire]
    return render_result(
        lang,
        q,
        result=score(q, p.response.answers),
        code=shortlink.encode(q, p.response),
        profile=(page, Markup(page.html(resolver(lang)))),
    )


@bp.route(PAGES["worksheet"].rule)
def worksheet(lang: str, qid: str):
    t = lang_or_404(lang)
    q = questionnaire_or_404(qid)
    return render(
        "worksheet.html",
        lang,
        q=q,
        title=t["worksheet.title"] + " · " + q.title[lang],
        description=q.description[lang],
    )


@bp.route(PAGES["team"].rule)
def team(lang: str, qid: str):
    t = lang_or_404(lang)
    q = questionnaire_or_404(qid)
    return render(
        "team.html",
        lang,
        q=q,
        data=result_rules(q, lang),
        title=t["team.title"] + " · " + q.title[lang],
        description=t["team.lead"],
    )


@bp.route(PAGES["survey"].rule)
def survey(lang: str, qid: str):
    t = lang_or_404(lang)
    q = questionnaire_or_404(qid)
    data = {"limits": limits.browser()}
    title = t["survey.title"] + " · " + q.title[lang]
    return render("survey.html", lang, q=q, data=data, title=title, description=t["survey.lead"])


@bp.route("/404.html")
def not_found_page():
    """Hosts serve this for any missing URL at any depth, so with a known base URL its links are absolute."""
    c = catalog()
    g.absolute_urls = True
    return render("404.html", c.languages[0], title=strings(c.languages[0])["404.title"])


@bp.route("/assets/site.css")
def stylesheet():
    css = render_template("site.css", accent=catalog().config.accent)
    return Response(css, mimetype="text/css")


@bp.route("/assets/logo.<ext>")
def logo(ext: str):
    """The checked bytes of the logo (model/logo.py), with headers that keep an SVG from running script."""
    config = catalog().config
    if config.logo is None or config.logo.suffix != f".{ext}":
        abort(404)
    response = Response(config.logo_data, mimetype=config.logo_type)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@bp.route("/assets/preview/<lang>/<kind>.png")
def preview(lang: str, kind: str):
    t = lang_or_404(lang)
    if kind not in KINDS:
        abort(404)
    c = catalog()
    title, lead = card_text(t, kind)
    return Response(preview_png(c.config.name, title, c.config.accent, lead), mimetype="image/png")


@bp.route("/robots.txt")
def robots():
    base = catalog().config.base_url
    lines = ["User-agent: *", "Allow: /"]
    if base:
        lines.append(f"Sitemap: {base.rstrip('/')}/sitemap.xml")
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


@bp.route("/sitemap.xml")
def sitemap():
    from centricity.web.freeze import page_urls

    base = catalog().config.base_url.rstrip("/")
    if not base:
        abort(404)
    urls = [
        base + url_for(endpoint, **values)
        for endpoint, values in page_urls(catalog())
        if endpoint not in ("site.result", "site.team", "site.survey")
    ]
    xml = render_template("sitemap.xml", urls=urls)
    return Response(xml, mimetype="application/xml")
