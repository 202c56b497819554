"""A long-lived process loads what it reads and freezes it before its first request or job."""


def test_a_long_lived_process_keeps_what_it_loaded_out_of_the_collectors_reach_once():
    """``keep_loaded`` (a web process, a worker and ``minutebook import`` call it first) freezes what the process
    holds, once: a second call freezes nothing more (what it would freeze then is a request's or a run's own)."""
    import os
    import subprocess
    import sys

    script = (
        "import gc, django; django.setup()\n"
        "from minutebook.lifetime import keep_loaded\n"
        "keep_loaded(); first = gc.get_freeze_count()\n"
        "kept = [object() for _ in range(1000)]\n"
        "keep_loaded(); print(first, gc.get_freeze_count())\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "minutebook.settings", "MINUTEBOOK_SECRET_KEY": "test"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    first, second = map(int, out.stdout.split())
    # Django's and minutebook's objects, the URL patterns among them; nothing more the second time
    assert first > 10_000 and second == first


def test_a_web_process_has_frozen_what_it_loaded_before_its_first_request():
    import os
    import subprocess
    import sys

    script = "import gc, minutebook.wsgi; print(gc.get_freeze_count())\n"
    env = {**os.environ, "MINUTEBOOK_SECRET_KEY": "test"}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert int(out.stdout) > 10_000
