"""Every limit, pattern and threshold an input or a figure is held to, in one place.

Python reads these names; `browser()` exports the ones the browser needs into each page's JSON data, so
engine.js, result.js, team.js and aggregate.js read the same values instead of copies. `docs/formats.md`
and the README's "Limits" section describe them; `tests/test_limits.py` checks that the docs, the JSON
Schemas and the JS follow this module. Patterns are written in the syntax Python's `re` and JS's `RegExp`
share (ASCII classes only: `\\d` would accept other scripts' digits in Python).
"""

from __future__ import annotations

from typing import Any

from centricity.core import languages

# ---- ids and tags ----
ID_MAX = 64
ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
# Survey, team and wave tags in links, codes and files follow the id rule.
TAG_PATTERN = ID_PATTERN
# Names every plain JS object already has: as keys they would read or replace the prototype. "overall" is the
# key of the overall score beside the dimension scores.
RESERVED_IDS = frozenset(
    {
        "__proto__",
        "__defineGetter__",
        "__defineSetter__",
        "__lookupGetter__",
        "__lookupSetter__",
        "constructor",
        "hasOwnProperty",
        "isPrototypeOf",
        "propertyIsEnumerable",
        "prototype",
        "toLocaleString",
        "toString",
        "valueOf",
        "overall",
    }
)
# Question ids are also form field names on the live server, beside the form's own attributes and fields.
RESERVED_QUESTION_IDS = frozenset(
    {"felt", "csrf_token", "data", "errors", "meta", "Meta", "process", "post_process", "populate_obj"}
    | {"validate"}
)
RESERVED_QUESTION_PREFIXES = ("ctx_", "_")

# Element ids of the site's own pages: a content heading with one of these ids (`## Data {#result-data}`)
# would shadow the page's element, so `check` refuses it and rendering drops it. Templates may only use ids
# these cover (tests/test_limits.py reads every template).
RESERVED_ELEMENT_IDS = frozenset({"main", "assessment", "send"})
RESERVED_ELEMENT_PREFIXES = (
    "q-", "h-", "help-", "err-", "cap-", "chart-", "ws-", "step-", "target-", "s-", "survey-", "team-",
    "compare-", "share-", "response-", "receipt-", "login-", "delete-",
)  # fmt: skip
RESERVED_ELEMENT_SUFFIXES = ("-data",)

# ---- questionnaires (counts keep a page and its data to a reasonable size) ----
MAX_QUESTIONS = 300
MAX_OPTIONS = 20
MAX_DIMENSIONS = 20
MAX_LEVELS = 20
MAX_MYTHS = 50
MAX_CONTEXT = 20
VERSION_MAX = 999_999_999
# The lists the YAML reader caps, by field name (the questions' options and the context's options alike).
MAX_ITEMS = {
    "questions": MAX_QUESTIONS,
    "options": MAX_OPTIONS,
    "dimensions": MAX_DIMENSIONS,
    "levels": MAX_LEVELS,
    "myths": MAX_MYTHS,
    "context": MAX_CONTEXT,
}

# ---- YAML (questionnaires, site.yaml, front matter) and Markdown files ----
YAML_MAX_BYTES = 1024 * 1024
CONTENT_MAX_BYTES = 1024 * 1024
YAML_MAX_DEPTH = 32
# Nodes after expanding aliases: a shipped questionnaire has about 3,500; an alias bomb has billions.
YAML_MAX_NODES = 100_000
YAML_INT_DIGITS = 15

# ---- responses: codes, links and files ----
RESPONSE_FORMAT = "centricity-response/1"
CODE_KEYS = ("q", "v", "a", "c", "f", "t", "s", "tm", "w", "n", "d")
MAX_CODE = 4000  # characters (code points) after the "#"
MAX_LABEL = 80  # characters (code points), the same count in Python and JS
MAX_RESPONSE_BYTES = 256 * 1024  # one .json response file
MAX_LIST_BYTES = 16 * 1024 * 1024  # one .txt file of codes: about 60,000 codes
MAX_JSON_DEPTH = 16
OPTION_DIGITS = 3
FELT_MAX = 10
# An ISO 8601 date, optionally with a time; the calendar is checked after the shape.
DATE_PATTERN = (
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})"
    r"(T([0-9]{2}):([0-9]{2})(:([0-9]{2})(\.[0-9]{1,9})?)?(Z|[+-]([0-9]{2}):([0-9]{2}))?)?$"
)
# A collecting server's export (responses.json): every stored response file, each with a key that tells two
# people apart however alike they answered. It nests each file EXPORT_DEPTH levels deeper than a file alone;
# as a whole it is held to MAX_LIST_BYTES, each response in it to the response file's rules.
EXPORT_FORMAT = "centricity-responses/1"
EXPORT_KEY_PATTERN = r"^[0-9a-f]{16}$"
EXPORT_DEPTH = 3
# What both sides trim from a code or a line: ASCII whitespace, no-break space and a stray byte-order mark.
WHITESPACE = "\t\n\x0b\x0c\r \xa0\ufeff"

# ---- branding (site.yaml) ----
LOGO_MAX_BYTES = 256 * 1024
NAME_MAX = 80
FOOTER_MAX = 500
URL_MAX = 2000

# ---- the live server (python build.py serve) ----
POST_MAX_BYTES = 64 * 1024
POST_MAX_FIELDS = 1000

# ---- figures ----
AGREEMENT_HIGH_BELOW = 10  # team spread below this: high agreement
AGREEMENT_MEDIUM_BELOW = 20  # below this: medium; from it: low
LARGE_GAP = 2  # felt minus measured (0-10 scale) from which the perception gap is "large"
# A plan step aims at an option scoring at least this, and at least its dimension's target level
# (engine/plan.py): the options below it describe the trouble, not the practice to adopt.
PLAN_AIM_AT_LEAST = 50

# ---- item statistics (team/items.py): the thresholds a methodologist reads reliability and items by ----
ALPHA_LOW = 0.70  # a dimension's Cronbach's alpha below this: its questions hang together poorly
ALPHA_HIGH = 0.95  # above this: its questions may ask the same thing twice
FLOOR_CEILING_SHARE = 0.15  # more than this share at an item's lowest (or highest) option
MISSING_SHARE = 0.10  # more than this share of respondents without a score on an item
REDUNDANT_R = 0.80  # two items correlated above this may be redundant; below 0 they pull apart
FEW_RESPONDENTS = 30  # reliability on fewer respondents than this is read as a first indication only
STRAIGHT_LINE_MIN = 10  # answers (with an option) from which the same option everywhere is a straight line

# ---- team surveys: anonymity, survey links, downloaded files ----
MIN_GROUP = 5  # default minimum group size: a smaller team, role or wave is never shown on its own
MIN_GROUP_MAX = 1000
TEAM_NAME_MAX = 60  # a team's display name on a survey link
# The consultant's address on a survey link: one every mail program takes in a mailto: link as it is.
CONTACT_PATTERN = r"^[A-Za-z0-9._+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
CONTACT_MAX = 254
FILE_LABEL_MAX = 40  # characters of the label in a downloaded response file's name

# ---- the collecting server (python build.py collect) ----
SURVEY_NAME_MAX = 200  # a survey's name, shown to respondents
MAX_TEAMS = 200  # teams of one survey
MAX_HEADCOUNT = 1_000_000  # a team's expected headcount
# The random id a browser keeps with its answers so that sending again replaces them (send.js makes 24).
RESPONSE_ID_PATTERN = r"^[A-Za-z0-9_-]{16,64}$"
RECEIPT_LENGTH = 16  # characters of a receipt, in Crockford's base 32: 80 random bits
SUBMIT_MAX_BYTES = MAX_RESPONSE_BYTES + 1024  # one response file and its envelope: any file the site takes
REQUEST_MAX_BYTES = 64 * 1024  # any other request to the server
RECEIPT_BODY_MAX_BYTES = 1024
PASSWORD_MIN = 12  # characters of an admin's password
SESSION_HOURS = 8  # an admin's session
RETENTION_DAYS_MAX = 3650  # days a survey's responses may be kept after it closes, when a retention is set
REQUEST_READ_SECONDS = 30  # to send a request's line, headers and body, or the server drops it
SUBMIT_LIMIT = "600/60"  # submissions per survey, COUNT/SECONDS, unless the server is started with another
LOGIN_LIMIT_PER_NAME = "5/900"  # failed logins per admin name
LOGIN_LIMIT_EVERYONE = "50/900"  # failed logins for all names together
# A workshop (live session on a survey): its join code, in the receipts' alphabet: 32^6, about a billion.
WORKSHOP_CODE_LENGTH = 6
WORKSHOP_PARTICIPANTS_MAX = 2000  # people in one workshop: a room, not a crowd a script could make up
WORKSHOP_TOKEN_PATTERN = RESPONSE_ID_PATTERN  # the random token a participant's browser keeps
WORKSHOP_EVENT_SECONDS = 0.25  # how often the projector's event stream reads the workshop's state
WORKSHOP_STREAM_SECONDS = 300  # an event stream's life; the browser reconnects and goes on


def browser() -> dict[str, Any]:
    """The limits the browser's scripts read from the page data (`data.limits`)."""
    return {
        "tag_pattern": TAG_PATTERN,
        "reserved_ids": sorted(RESERVED_IDS),
        "date_pattern": DATE_PATTERN,
        "whitespace": WHITESPACE,
        "response_format": RESPONSE_FORMAT,
        "export_format": EXPORT_FORMAT,
        "export_key_pattern": EXPORT_KEY_PATTERN,
        "export_depth": EXPORT_DEPTH,
        "code_keys": list(CODE_KEYS),
        "max_code": MAX_CODE,
        "max_label": MAX_LABEL,
        "max_response_bytes": MAX_RESPONSE_BYTES,
        "max_list_bytes": MAX_LIST_BYTES,
        "max_json_depth": MAX_JSON_DEPTH,
        "option_digits": OPTION_DIGITS,
        "version_max": VERSION_MAX,
        "felt_max": FELT_MAX,
        "agreement_high_below": AGREEMENT_HIGH_BELOW,
        "agreement_medium_below": AGREEMENT_MEDIUM_BELOW,
        "large_gap": LARGE_GAP,
        "plan_aim_at_least": PLAN_AIM_AT_LEAST,
        "min_group": MIN_GROUP,
        "min_group_max": MIN_GROUP_MAX,
        "team_name_max": TEAM_NAME_MAX,
        "contact_pattern": CONTACT_PATTERN,
        "contact_max": CONTACT_MAX,
        "file_label_max": FILE_LABEL_MAX,
        # Not a limit, but every page that reads limits formats numbers: the language registry rides along.
        "languages": languages.browser(),
    }
