"""The respondent's receipt page (`/<lang>/receipt/`): type the receipt code to see the response that was
sent, or withdraw it. The page only holds the form; `static/receipt.js` talks to the API, so the receipt
never appears in a URL or a server log."""

from __future__ import annotations

from flask import Blueprint, url_for

from centricity.web.views import lang_or_404, page_strings, render

bp = Blueprint("collect_pages", __name__, static_folder="static", static_url_path="/collect-static")


@bp.get("/<lang>/receipt/")
def receipt(lang: str):
    t = lang_or_404(lang)
    data = {
        "lang": lang,
        "api": url_for("collect_api.receipt"),
        "withdraw": url_for("collect_api.withdraw"),
        "strings": page_strings(lang, "collect.receipt.", "collect.error."),
    }
    return render("collect/receipt.html", lang, data=data, title=t["collect.receipt.title"])
