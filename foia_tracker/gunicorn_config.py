"""gunicorn settings of the app's web workers: `gunicorn -c python:foia_tracker.gunicorn_config`.

Command-line options (workers, bind, timeout) still apply; this module only adds what a
command line cannot say.
"""

import gc


def post_worker_init(worker) -> None:
    """Move the objects of the loaded app out of the garbage collector's way.

    A worker holds about 200,000 long-lived objects once the app is imported (modules, models,
    compiled templates and SQL). Each full collection walks all of them: 148 ms once in 600
    page views on the development machine, and more often after pages that build thousands of
    rows (the 5,000 agencies of a request form). Frozen (Python's `gc.freeze`), they are left
    out of every collection; they live as long as the worker anyway. Objects created by
    requests are collected as before.
    """
    gc.freeze()
