"""gunicorn's settings for its own command line, the same as `python build.py collect` uses (`serving.py`):

    gunicorn -c python:centricity.collect.gunicorn_conf -w 4 -b 0.0.0.0:8000 \\
        'centricity.collect.wsgi:create()'

The read deadline comes from CENTRICITY_READ_TIMEOUT (seconds; default limits.REQUEST_READ_SECONDS).
"""

from centricity.collect.serving import Worker, settings

_OURS = settings("", 1, Worker.read_seconds)
globals().update({key: value for key, value in _OURS.items() if key not in ("bind", "workers")})
