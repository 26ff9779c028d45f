"""umap-learn with its defaults (n_neighbors 15, min_dist 0.1, its own neighbour search: exact
below 4,096 points, NN-descent above). With a seed it runs on one thread (a random_state turns
its parallel mode off; NUMBA_NUM_THREADS=1 too); with "parallel" it has no seed and uses the
threads NUMBA_NUM_THREADS allows. Numba warm: a first fit on up to 4,500 rows (above 4,096 it
takes the NN-descent path, as a large timed run does) compiles everything and is not timed."""
import umap
from peer_common import load, report, timed

X, metric, out, args = load()
seed = None if args and args[0] == "parallel" else int(args[0]) if args else 1
umap.UMAP(n_neighbors=15, min_dist=0.1, metric=metric, random_state=seed).fit_transform(X[:4500])
layout, ms, cpu = timed(lambda: umap.UMAP(n_neighbors=15, min_dist=0.1, metric=metric, random_state=seed).fit_transform(X))
report(out, layout, ms, cpu, version=umap.__version__)
