"""Many machines building feeds together: Celery workers with Redis as the broker.

    feedsmith cluster worker      on each machine: builds feeds as they are queued
    feedsmith cluster scheduler   once: queues each feed on its schedule (a leader lock makes
                                  a second scheduler wait, not double the work)
    feedsmith cluster enqueue     queue builds now (all feeds, or some) and return
    feedsmith cluster status      queue depth, workers seen, feeds late or failing

One job builds one feed with the same `feedsmith.pipeline.build_feed` that ``feedsmith build``
runs; the state store, HTTP cache, limiter, feed lock and publisher are the shared ones the
config names (`feedsmith.backends`).
"""
