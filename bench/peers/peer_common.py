"""Shared by the Python peers: read the matrix the bench wrote, time a run, write the result.

Each peer is called as `peer.py IN.f32 N DIM METRIC OUT.f32 [options]` and prints one
JSON line: the run's own wall and CPU milliseconds (data already in memory), so the
parent can set them beside the whole process's figures from /usr/bin/time.
"""
import json
import os
import resource
import sys
import time

import numpy as np


def load():
    path, n, dim, metric, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    X = np.fromfile(path, dtype=np.float32).reshape(n, dim)
    return X, metric, out, sys.argv[6:]


def timed(fn):
    t0 = time.perf_counter()
    c0 = time.process_time()
    result = fn()
    return result, (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000


def report(out, array, ms, cpu_ms, **extra):
    np.ascontiguousarray(array, dtype=np.float32).tofile(out)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ms": ms, "cpuMs": cpu_ms, "maxRssMB": rss, "threads": os.environ.get("OMP_NUM_THREADS"), **extra}))
