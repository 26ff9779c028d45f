"""scikit-learn's Barnes-Hut t-SNE, one thread, PCA init, learning rate 'auto', perplexity 30,
the data's metric, the same number of iterations as ours (argument; 250 of them exaggerated,
as ours), its own exact neighbour search. Warm: one untimed short run on 300 rows first."""
import sklearn
from sklearn.manifold import TSNE
from peer_common import load, report, timed

X, metric, out, args = load()
iterations = int(args[0]) if args else 750
seed = int(args[1]) if len(args) > 1 else 1
TSNE(perplexity=30, n_iter=250, init="pca", learning_rate="auto", metric=metric, random_state=seed, n_jobs=1).fit_transform(X[:300])
tsne = TSNE(perplexity=30, n_iter=iterations, init="pca", learning_rate="auto", metric=metric, random_state=seed, n_jobs=1)
layout, ms, cpu = timed(lambda: tsne.fit_transform(X))
report(out, layout, ms, cpu, version=sklearn.__version__, kl=float(tsne.kl_divergence_))
