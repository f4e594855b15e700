"""Run morss over many pages in one process; runs inside morss's own venv (see peers.py).

Usage: python morss_driver.py JOBS_JSON   (a list of {"url", "item", "title", "link", ...})
Prints one JSON line: {"pages": n, "items": n, "errors": [...]}.
"""

import json
import sys

from morss.morss import FeedFetch, FeedFormat, FeedGather, Options


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        jobs = json.load(handle)
    pages = items = 0
    errors = []
    for job in jobs:
        options = {
            "items": job["item"],
            "item_title": job.get("title"),
            "item_link": job.get("link"),
            "item_content": job.get("summary"),
            "item_time": job.get("date"),
            "mode": "html",
            "proxy": True,  # the list only: no article pages
            "format": "rss",
        }
        try:
            url, rss = FeedFetch(job["url"], Options({k: v for k, v in options.items() if v}))
            rss = FeedGather(rss, url, Options({"proxy": True}))
            out = FeedFormat(rss, Options({"format": "rss"}), "unicode")
        except Exception as exc:  # a peer's failure is a result to report, not a crash
            errors.append(f"{job['url']}: {type(exc).__name__}: {exc}")
            continue
        pages += 1
        items += out.count("<item>")
    print(json.dumps({"pages": pages, "items": items, "errors": errors}))


if __name__ == "__main__":
    main()
