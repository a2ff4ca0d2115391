import json, networkx as nx, numpy as np, scipy, scipy.stats as st
from networkx.algorithms.community.quality import modularity
out = {'versions': [nx.__version__, scipy.__version__, np.__version__]}
graphs = {
  'karate': nx.karate_club_graph(),
  'gnp40': nx.gnp_random_graph(40, 0.15, seed=7),
  'gnp60': nx.gnp_random_graph(60, 0.1, seed=3),
  'ws30': nx.connected_watts_strogatz_graph(30, 4, 0.2, seed=1),
}
# a 12x12 weight matrix binarised like the reference
rng = np.random.default_rng(5)
W = np.round(rng.normal(0, 1, (12, 12)), 3)
A = np.abs(W); thr = np.quantile(A, 0.9); B = (A > thr).astype(int)
G = nx.from_numpy_array(B); G.remove_edges_from(nx.selfloop_edges(G))
graphs['top10'] = G
out['top10W'] = W.flatten().tolist(); out['top10thr'] = float(thr)
for name, G in graphs.items():
    G = nx.Graph(G)  # plain, karate has weights attr: drop
    H = nx.Graph(); H.add_nodes_from(range(G.number_of_nodes())); H.add_edges_from(G.edges())
    comms = [sorted(c) for c in nx.community.greedy_modularity_communities(H)]
    out[name] = dict(n=H.number_of_nodes(), edges=sorted([sorted(e) for e in H.edges()]), communities=comms,
        Q=modularity(H, comms), r=nx.degree_assortativity_coefficient(H), C=nx.average_clustering(H), E=nx.global_efficiency(H))
x = np.round(rng.lognormal(-0.5, 0.5, 60) * np.sign(rng.normal(size=60)), 4)
kde = st.gaussian_kde(x); grid = np.linspace(x.min(), x.max(), 100); p = kde(grid); p /= p.sum()
out['kde'] = dict(x=x.tolist(), H=float(st.entropy(p, base=2)))
g1=[0.61,0.72,0.55,0.8,0.66]; g2=[0.9,0.85,0.92,0.7,0.88,0.95]; g3=[0.5,0.55,0.61,0.47]
out['kruskal'] = list(st.kruskal(g1,g2,g3)); out['kruskal_ties'] = list(st.kruskal([1,2,2,3],[2,3,3,4,5],[1,1,2]))
out['mwu_exact'] = list(st.mannwhitneyu(g1, g2)); out['mwu_exact2'] = list(st.mannwhitneyu([1,5,7], [2,3,4,6]))
a = list(np.round(rng.normal(0.8,0.05,20),3)); b = list(np.round(rng.normal(0.83,0.05,20),3))
out['mwu_asym'] = dict(a=a, b=b, res=list(st.mannwhitneyu(a, b)))
out['mwu_ties'] = list(st.mannwhitneyu([1,2,2,3,3,3],[2,3,4,4,5]))
out['chi2sf'] = [st.chi2.sf(3.2, 2), st.chi2.sf(15.0, 5), st.chi2.sf(0.3, 1)]
out['normsf'] = [st.norm.sf(0.5), st.norm.sf(2.7), st.norm.sf(6.0), st.norm.sf(-1.3)]
def holm(p):
    m=len(p); o=np.argsort(p); adj=np.empty(m); run=0
    for k,i in enumerate(o): run=max(run, min(1,(m-k)*p[i])); adj[i]=run
    return adj.tolist()
out['holm'] = dict(p=[0.01,0.04,0.03,0.2,0.001], adj=holm([0.01,0.04,0.03,0.2,0.001]))
json.dump(out, open('oracle.json','w'))
print(json.dumps({k:(v if k in ('versions','kruskal','mwu_exact','chi2sf') else '...') for k,v in out.items()}))
for name in graphs: print(name, out[name]['n'], len(out[name]['edges']), out[name]['Q'], out[name]['r'], out[name]['C'], out[name]['E'], [len(c) for c in out[name]['communities']])
