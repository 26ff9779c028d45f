"""scikit-learn's exact nearest neighbours (brute force: BLAS distance blocks), one thread,
k = 15 (UMAP's graph), the data's metric. Warm: one untimed call on 500 rows first; then
RUNS timed runs, the median reported, as Sprout's side does (bench/cases/ours.ts TIMED_RUNS)."""
import sklearn
from sklearn.neighbors import NearestNeighbors
from peer_common import load, report, timed

X, metric, out, args = load()
k = int(args[0]) if args else 15
NearestNeighbors(n_neighbors=k + 1, algorithm="brute", metric=metric, n_jobs=1).fit(X[:500]).kneighbors(X[:500])


def run():
    nn = NearestNeighbors(n_neighbors=k + 1, algorithm="brute", metric=metric, n_jobs=1).fit(X)
    return nn.kneighbors(X)


RUNS = 5
runs = sorted((timed(run) for _ in range(RUNS)), key=lambda r: r[1])
(dist, idx), ms, cpu = runs[RUNS // 2]
report(out, dist[:, 1:], ms, cpu, version=sklearn.__version__, timedRuns=RUNS)
